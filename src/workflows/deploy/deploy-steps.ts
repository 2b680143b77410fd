import type { StepDefinition, StepOutcome } from '../../platform/operations/operation';
import { describeError } from '../../services/describe-error';
import {
  aiGatewayWire,
  readiness,
  servedEntitiesWire,
  servesSpec,
} from '../../services/databricks/serving';
import { runCanaryStep, splitConfigWire } from './canary-step';
import {
  deployStepTitles,
  specOf,
  type DeployKindDeps,
  type DeployOperation,
  type DeployParams,
} from './deploy-params';
import { en } from '../../chat/messages/catalogues';

type Step = StepDefinition<DeployParams, DeployKindDeps>;

/** Tries of the MLflow record; the wait doubles from the poll interval: ~5 min at the 5 s default. */
const RECORD_ATTEMPTS = 7;
const RECORD_RETRY_CAP_MS = 5 * 60_000;

const failed = (error: string): StepOutcome => ({ status: 'failed', error });
/** The sentence for a failed call; typed errors say what to do, anything else stays generic. */
const errorText = (err: unknown): string =>
  describeError(err) ?? 'An unexpected error stopped this step; the bot log has the details.';

/** Records the deployment as an MLflow run; undefined when no MLflow is configured. */
async function record(
  deps: DeployKindDeps,
  op: DeployOperation,
  status: 'FINISHED' | 'FAILED',
  error?: string,
) {
  const now = deps.now ?? Date.now;
  if (!deps.records) return undefined;
  const p = op.params;
  const s = specOf(p, deps.secretScope, deps.secretKey);
  const version = (k: string) => (op.outputs[k] ? Number(op.outputs[k]) : undefined);
  return deps.records.record({
    operationId: op.id,
    model: p.model,
    status,
    requester: op.requesterName ?? op.requesterId,
    environment: deps.environmentName,
    previousConfigVersion: version('previousConfigVersion'),
    configVersion: version('configVersion'),
    startTime: op.startedAt ?? now(),
    endTime: now(),
    error,
    rollbackOf: p.rollbackOf,
    canary: p.canary?.action,
    endpointConfig: splitConfigWire(p, deps.secretScope, deps.secretKey) ?? {
      name: s.name,
      config: { served_entities: servedEntitiesWire(s) },
      ai_gateway: aiGatewayWire(s),
    },
  });
}

const runs: Record<string, Step['run']> = {
  suite: async ({ operation }, deps) => {
    const suite = operation.params.requiredSuite;
    if (!suite || !deps.suiteGate) return { status: 'skipped', note: en.deploy.notes.noSuite };
    const r = await deps.suiteGate(suite, operation);
    return r.passed
      ? { status: 'done', note: r.summary }
      : failed(`Suite ${suite} failed: ${r.summary}`);
  },
  secret: async ({ operation }, deps) => {
    const from = operation.params.keyFrom;
    const key =
      deps.apiKey() ??
      (from && deps.accountKey
        ? await deps.accountKey(from.resourceGroup, from.account)
        : undefined);
    if (!key) return failed('AZURE_OPENAI_API_KEY is not configured; nothing to store.');
    const created = await deps.secrets.ensureScope(deps.secretScope);
    await deps.secrets.putSecret(deps.secretScope, deps.secretKey, key);
    const origin = deps.apiKey() === undefined && from ? ` (key of ${from.account})` : '';
    return {
      status: 'done',
      note: `${created ? 'new scope ' : ''}${deps.secretScope}/${deps.secretKey}${origin}`,
    };
  },
  endpoint: async ({ operation }, deps) => {
    const s = specOf(operation.params, deps.secretScope, deps.secretKey);
    const existing = await deps.serving.get(s.name);
    if (!existing) {
      const created = await deps.serving.create(s);
      return {
        status: 'done',
        note: `creating (config v${created.pendingConfigVersion ?? 1})`,
        outputs: { created: 'true' },
      };
    }
    const previous = existing.configVersion !== undefined ? String(existing.configVersion) : '';
    if (existing.configUpdate === 'IN_PROGRESS') {
      // After a crash between our PUT and saving the step, the pending config is ours.
      if (servesSpec(existing.pendingServed, s) && operation.outputs.previousConfigVersion) {
        return { status: 'done', note: en.deploy.notes.updateStarted };
      }
      return failed(
        `Endpoint ${s.name} is already being updated (config v${existing.pendingConfigVersion ?? '?'}) outside this deployment; try again when it finishes.`,
      );
    }
    await deps.serving.putAiGateway(s);
    const updated = await deps.serving.updateConfig(s);
    return {
      status: 'done',
      note: `v${previous || '?'} → v${updated.pendingConfigVersion ?? '?'}`,
      outputs: { previousConfigVersion: previous, created: 'false' },
    };
  },
  canary: ({ operation }, deps) => runCanaryStep(operation, deps),
  wait: async ({ operation }, deps) => {
    const s = specOf(operation.params, deps.secretScope, deps.secretKey);
    const ep = await deps.serving.get(s.name);
    if (!ep) return failed(`Endpoint ${s.name} disappeared while it was being updated.`);
    const r = readiness(ep);
    const startedAt = operation.steps[operation.currentStep]?.startedAt ?? (deps.now ?? Date.now)();
    if (r.phase === 'updating') {
      if ((deps.now ?? Date.now)() - startedAt > deps.timeoutMs) {
        return failed(
          `Endpoint ${s.name} did not become READY within ${Math.round(deps.timeoutMs / 60_000)} min.`,
        );
      }
      return { status: 'waiting', pollAfterMs: deps.pollIntervalMs, note: r.note };
    }
    if (r.phase === 'failed') {
      await record(deps, operation, 'FAILED', r.message).catch(() => undefined);
      return failed(`Endpoint ${s.name}: ${r.message}`);
    }
    const version = r.configVersion !== undefined ? String(r.configVersion) : '';
    return {
      status: 'done',
      note: `READY · config v${version || '?'}`,
      outputs: { configVersion: version },
    };
  },
  record: async ({ operation, resumeToken }, deps): Promise<StepOutcome> => {
    if (!deps.records) return { status: 'skipped', note: en.deploy.notes.mlflowOff };
    const attempt = Number(resumeToken ?? '0') || 0;
    try {
      const r = await record(deps, operation, 'FINISHED');
      return {
        status: 'done',
        note: r?.artifact ? en.deploy.notes.runAndArtifact : en.deploy.notes.runOnly,
        outputs: { mlflowRunId: r?.runId ?? '', mlflowLink: r?.link ?? '' },
      };
    } catch (err) {
      const why = errorText(err);
      // The endpoint already serves the new config: a record lost here hides it from
      // `rollback`, so MLflow gets a few tries (it may be restarting) before we give up.
      if (attempt + 1 < RECORD_ATTEMPTS) {
        return {
          status: 'waiting',
          pollAfterMs: Math.min(deps.pollIntervalMs * 2 ** attempt, RECORD_RETRY_CAP_MS),
          resumeToken: String(attempt + 1),
          note: `MLflow refused the record (try ${attempt + 1} of ${RECORD_ATTEMPTS}): ${why} Retrying.`,
        };
      }
      return {
        status: 'skipped',
        note: `Not recorded after ${RECORD_ATTEMPTS} tries: ${why}`,
        outputs: { recordError: why },
      };
    }
  },
};

/**
 * `deploy` steps: (suite gate) → store the key in a secret scope → create or update the
 * serving endpoint → poll until READY → record the deployment in MLflow. Each step is
 * idempotent; an UPDATE_FAILED is recorded as a FAILED run before the operation fails.
 */
export function deploySteps(p: DeployParams): Step[] {
  return deployStepTitles(p).map(({ id, title }) => ({
    id,
    title,
    run: async (ctx, deps) => {
      const run = runs[id];
      if (!run) return failed(`unknown step ${id}`);
      try {
        return await run(ctx, deps);
      } catch (err) {
        ctx.log.warn({ err }, 'deploy step failed');
        return failed(errorText(err));
      }
    },
  }));
}

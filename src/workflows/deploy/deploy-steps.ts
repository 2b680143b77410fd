import type { StepDefinition, StepOutcome } from '../../platform/operations/operation';
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
import { translator } from '../../chat/i18n';
import {
  inEveryLang,
  stepErrorMessage,
  stepMessage,
  type StepText,
} from '../../platform/operations/step-text';

type Step = StepDefinition<DeployParams, DeployKindDeps>;

/** Tries of the MLflow record; the wait doubles from the poll interval: ~5 min at the 5 s default. */
const RECORD_ATTEMPTS = 7;
const RECORD_RETRY_CAP_MS = 5 * 60_000;

// Notes and errors are messages (step-text.ts), so a French card says them in French.
const failed = (error: StepText): StepOutcome => ({ status: 'failed', error });
/** The sentence for a failed call; typed errors say what to do, anything else stays generic. */
const errorMessage = (err: unknown) => stepErrorMessage(err, 'opsNotes.errors.unexpected');

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
    if (!suite || !deps.suiteGate)
      return { status: 'skipped', note: stepMessage('deploy.notes.noSuite') };
    const r = await deps.suiteGate(suite, operation);
    return r.passed
      ? { status: 'done', note: r.summary }
      : failed(stepMessage('opsNotes.deploy.suiteFailed', { suite, summary: r.summary }));
  },
  secret: async ({ operation }, deps) => {
    const from = operation.params.keyFrom;
    const key =
      deps.apiKey() ??
      (from && deps.accountKey
        ? await deps.accountKey(from.resourceGroup, from.account)
        : undefined);
    if (!key) return failed(stepMessage('opsNotes.deploy.noApiKey'));
    const created = await deps.secrets.ensureScope(deps.secretScope);
    await deps.secrets.putSecret(deps.secretScope, deps.secretKey, key);
    const account = deps.apiKey() === undefined && from ? from.account : undefined;
    const secret = `${deps.secretScope}/${deps.secretKey}`;
    if (!created && account === undefined) return { status: 'done', note: secret };
    const which =
      account === undefined
        ? 'secretNewScope'
        : created
          ? 'secretNewScopeFrom'
          : ('secretFrom' as const);
    return {
      status: 'done',
      note: stepMessage(`opsNotes.deploy.${which}`, { secret, account: account ?? '' }),
    };
  },
  endpoint: async ({ operation }, deps) => {
    const s = specOf(operation.params, deps.secretScope, deps.secretKey);
    const existing = await deps.serving.get(s.name);
    if (!existing) {
      const created = await deps.serving.create(s);
      return {
        status: 'done',
        note: stepMessage('opsNotes.deploy.creating', {
          version: created.pendingConfigVersion ?? 1,
        }),
        outputs: { created: 'true' },
      };
    }
    const previous = existing.configVersion !== undefined ? String(existing.configVersion) : '';
    if (existing.configUpdate === 'IN_PROGRESS') {
      // After a crash between our PUT and saving the step, the pending config is ours.
      if (servesSpec(existing.pendingServed, s) && operation.outputs.previousConfigVersion) {
        return { status: 'done', note: stepMessage('deploy.notes.updateStarted') };
      }
      return failed(
        stepMessage('opsNotes.deploy.busy', {
          name: s.name,
          version: existing.pendingConfigVersion ?? '?',
        }),
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
    if (!ep) return failed(stepMessage('opsNotes.deploy.disappeared', { name: s.name }));
    const r = readiness(ep);
    const startedAt = operation.steps[operation.currentStep]?.startedAt ?? (deps.now ?? Date.now)();
    if (r.phase === 'updating') {
      if ((deps.now ?? Date.now)() - startedAt > deps.timeoutMs) {
        return failed(
          stepMessage('opsNotes.deploy.notReady', {
            name: s.name,
            minutes: Math.round(deps.timeoutMs / 60_000),
          }),
        );
      }
      return { status: 'waiting', pollAfterMs: deps.pollIntervalMs, note: r.note };
    }
    if (r.phase === 'failed') {
      await record(deps, operation, 'FAILED', r.message).catch(() => undefined);
      // Databricks' own state message stays as it wrote it.
      return failed(
        stepMessage('opsNotes.deploy.endpointFailed', { name: s.name, message: r.message }),
      );
    }
    const version = r.configVersion !== undefined ? String(r.configVersion) : '';
    return {
      status: 'done',
      note: `READY · config v${version || '?'}`,
      outputs: { configVersion: version },
    };
  },
  record: async ({ operation, resumeToken }, deps): Promise<StepOutcome> => {
    if (!deps.records) return { status: 'skipped', note: stepMessage('deploy.notes.mlflowOff') };
    const attempt = Number(resumeToken ?? '0') || 0;
    try {
      const r = await record(deps, operation, 'FINISHED');
      return {
        status: 'done',
        note: stepMessage(r?.artifact ? 'deploy.notes.runAndArtifact' : 'deploy.notes.runOnly'),
        outputs: { mlflowRunId: r?.runId ?? '', mlflowLink: r?.link ?? '' },
      };
    } catch (err) {
      const why = errorMessage(err);
      const say = (key: 'recordRetry' | 'notRecorded') =>
        inEveryLang((lang) =>
          translator(lang)(`opsNotes.deploy.${key}`, {
            attempt: attempt + 1,
            tries: RECORD_ATTEMPTS,
            why: why.texts[lang] ?? '',
          }),
        );
      // The endpoint already serves the new config: a record lost here hides it from
      // `rollback`, so MLflow gets a few tries (it may be restarting) before we give up.
      if (attempt + 1 < RECORD_ATTEMPTS) {
        return {
          status: 'waiting',
          pollAfterMs: Math.min(deps.pollIntervalMs * 2 ** attempt, RECORD_RETRY_CAP_MS),
          resumeToken: String(attempt + 1),
          note: say('recordRetry'),
        };
      }
      return {
        status: 'skipped',
        note: say('notRecorded'),
        outputs: { recordError: why.texts.en ?? '' },
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
      if (!run) return failed(stepMessage('opsNotes.deploy.unknownStep', { id }));
      try {
        return await run(ctx, deps);
      } catch (err) {
        ctx.log.warn({ err }, 'deploy step failed');
        return failed(errorMessage(err));
      }
    },
  }));
}

import { buildProgressCard } from '../../cards/operation-progress-card';
import { cardReply, type Reply } from '../../chat/reply';
import type { AuditRepository } from '../../platform/store/audit-repository';
import { describeServiceError, ServiceError } from '../../services/errors';
import type {
  Operation,
  OperationKind,
  StepDefinition,
  StepOutcome,
} from '../../platform/operations/operation';
import type { SecretsService } from '../../services/databricks/secrets';
import {
  aiGatewayWire,
  readiness,
  servedEntitiesWire,
  servesSpec,
  type EndpointSpec,
  type ServingService,
} from '../../services/databricks/serving';
import type { DeployedModel, DeploymentRecords } from './deployment-records';

export const DEPLOY_KIND = 'deploy';

/** What a deploy operation persists (never the key: it is read at the secret step). */
export interface DeployParams {
  model: DeployedModel;
  inferenceTable: { catalog: string; schema: string } | undefined;
  /** Set for a rollback: the MLflow run whose config is restored. */
  rollbackOf?: string;
  requiredSuite?: string;
  /**
   * Without AZURE_OPENAI_API_KEY: the Azure OpenAI account whose key1 the secret step reads
   * (names only; the key itself is fetched at run time and goes straight into the secret).
   */
  keyFrom?: KeyFrom;
}

/** Where a deploy without a configured key reads it: an account in the environment's RG. */
export interface KeyFrom {
  resourceGroup: string;
  account: string;
}

/** A prompt suite that must pass first; `summary` is what the card and the error show. */
export type SuiteGate = (
  suite: string,
  op: Readonly<Operation>,
) => Promise<{ passed: boolean; summary: string }>;

export interface DeployKindDeps {
  secrets: SecretsService;
  serving: ServingService;
  /** Undefined when no MLflow is configured: the record step is then skipped. */
  records: DeploymentRecords | undefined;
  /** Reads the Azure OpenAI key from configuration at the moment it is stored. */
  apiKey: () => string | undefined;
  /** Reads key1 of an Azure OpenAI account (ARM listKeys); undefined without Azure config. */
  accountKey?: (resourceGroup: string, account: string) => Promise<string>;
  secretScope: string;
  secretKey: string;
  environmentName: string;
  pollIntervalMs: number;
  timeoutMs: number;
  suiteGate?: SuiteGate;
  audit?: AuditRepository;
  now?: () => number;
}

export const paramsOf = (op: Readonly<Operation>): DeployParams =>
  op.params as unknown as DeployParams;

/** The endpoint spec a deploy's params describe. */
export function specOf(p: DeployParams, scope: string, key: string): EndpointSpec {
  return {
    name: p.model.endpoint,
    modelName: p.model.modelName,
    apiBase: p.model.apiBase,
    deploymentName: p.model.deploymentName,
    apiVersion: p.model.apiVersion,
    secretScope: scope,
    secretKey: key,
    inferenceTable: p.inferenceTable,
  };
}

/** Step titles, shared by the dialog (plan) and the kind (execution). */
export function deployStepTitles(p: DeployParams): { id: string; title: string }[] {
  return [
    ...(p.requiredSuite ? [{ id: 'suite', title: `Suite ${p.requiredSuite}` }] : []),
    { id: 'secret', title: 'Store key' },
    { id: 'endpoint', title: 'Update endpoint' },
    { id: 'wait', title: 'Wait for READY' },
    { id: 'record', title: 'Record in MLflow' },
  ];
}

const failed = (error: string): StepOutcome => ({ status: 'failed', error });
const errorText = (err: unknown): string =>
  err instanceof ServiceError ? `${err.message} ${describeServiceError(err)}` : String(err);

/**
 * `deploy` as an operation: (suite gate) → store the key in a secret scope → create or update
 * the serving endpoint → poll until READY → record the deployment in MLflow. Each step is
 * idempotent; an UPDATE_FAILED is recorded as a FAILED run before the operation fails.
 */
export function deployOperationKind(deps: DeployKindDeps): OperationKind {
  const now = deps.now ?? Date.now;
  const spec = (op: Readonly<Operation>) => specOf(paramsOf(op), deps.secretScope, deps.secretKey);

  const record = async (op: Readonly<Operation>, status: 'FINISHED' | 'FAILED', error?: string) => {
    if (!deps.records) return undefined;
    const p = paramsOf(op);
    const s = spec(op);
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
      endpointConfig: {
        name: s.name,
        config: { served_entities: servedEntitiesWire(s) },
        ai_gateway: aiGatewayWire(s),
      },
    });
  };

  const steps: Record<string, StepDefinition['run']> = {
    suite: async ({ operation }) => {
      const suite = paramsOf(operation).requiredSuite;
      if (!suite || !deps.suiteGate) return { status: 'skipped', note: 'no suite required' };
      const r = await deps.suiteGate(suite, operation);
      return r.passed
        ? { status: 'done', note: r.summary }
        : failed(`Suite ${suite} failed: ${r.summary}`);
    },
    secret: async ({ operation }) => {
      const from = paramsOf(operation).keyFrom;
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
    endpoint: async ({ operation }) => {
      const s = spec(operation);
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
          return { status: 'done', note: 'update already started' };
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
    wait: async ({ operation }) => {
      const s = spec(operation);
      const ep = await deps.serving.get(s.name);
      if (!ep) return failed(`Endpoint ${s.name} disappeared while it was being updated.`);
      const r = readiness(ep);
      const startedAt = operation.steps[operation.currentStep]?.startedAt ?? now();
      if (r.phase === 'updating') {
        if (now() - startedAt > deps.timeoutMs) {
          return failed(
            `Endpoint ${s.name} did not become READY within ${Math.round(deps.timeoutMs / 60_000)} min.`,
          );
        }
        return { status: 'waiting', pollAfterMs: deps.pollIntervalMs, note: r.note };
      }
      if (r.phase === 'failed') {
        await record(operation, 'FAILED', r.message).catch(() => undefined);
        return failed(`Endpoint ${s.name}: ${r.message}`);
      }
      const version = r.configVersion !== undefined ? String(r.configVersion) : '';
      return {
        status: 'done',
        note: `READY · config v${version || '?'}`,
        outputs: { configVersion: version },
      };
    },
    record: async ({ operation }) => {
      if (!deps.records) return { status: 'skipped', note: 'MLflow is not configured' };
      try {
        const r = await record(operation, 'FINISHED');
        return {
          status: 'done',
          note: r?.artifact ? 'run + config artifact' : 'run (no artifact store)',
          outputs: { mlflowRunId: r?.runId ?? '', mlflowLink: r?.link ?? '' },
        };
      } catch (err) {
        return { status: 'skipped', note: `not recorded: ${errorText(err).slice(0, 120)}` };
      }
    },
  };

  return {
    kind: DEPLOY_KIND,
    steps: (op) =>
      deployStepTitles(paramsOf(op)).map(({ id, title }) => ({
        id,
        title,
        run: async (ctx) => {
          const run = steps[id];
          if (!run) return failed(`unknown step ${id}`);
          try {
            return await run(ctx);
          } catch (err) {
            return failed(errorText(err));
          }
        },
      })),
    render: (op, now): Reply => {
      const p = paramsOf(op);
      const what = `${p.rollbackOf ? 'Rollback' : 'Deploy'} ${p.model.endpoint}`;
      const model = `${p.model.modelName}${p.model.modelVersion ? ` ${p.model.modelVersion}` : ''}`;
      const link = op.outputs.mlflowLink;
      return cardReply(
        buildProgressCard({
          title: what,
          subtitle: `${model} · ${op.requesterName ?? op.requesterId}`,
          state: op.state,
          steps: op.steps,
          now,
          outputs: [],
          error: op.error,
          actions: link ? [{ type: 'Action.OpenUrl', title: 'Open MLflow run', url: link }] : [],
        }),
        `${what}: ${op.state}`,
      );
    },
    finished: (op) => {
      const p = paramsOf(op);
      const what = `${p.rollbackOf ? 'Rollback' : 'Deploy'} of ${p.model.endpoint}`;
      deps.audit?.append({
        actorId: op.requesterId,
        actorName: op.requesterName,
        conversationId: op.conversationId,
        action: p.rollbackOf ? 'rollback' : 'deploy',
        plan: op.plan,
        result: op.state === 'succeeded' ? 'ok' : 'failed',
        detail:
          op.error ??
          (op.outputs.configVersion ? `config v${op.outputs.configVersion}` : undefined),
        durationMs: op.startedAt !== undefined ? now() - op.startedAt : undefined,
      });
      const name = op.requesterName ?? 'requester';
      return {
        kind: 'text',
        text: `<at>${name}</at> ${what} ${op.state === 'succeeded' ? 'is READY' : 'failed'}.`,
        mentions: [{ id: op.requesterId, name }],
      };
    },
  };
}

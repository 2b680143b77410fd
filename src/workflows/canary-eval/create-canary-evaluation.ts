import type { Config } from '../../config';
import type { AzureProvisioner } from '../../services/azure/azure-provisioner';
import { readCanaryState } from '../../services/databricks/canary-state';
import {
  databricksHttp,
  type DatabricksConnection,
} from '../../services/databricks/databricks-client';
import { HttpSqlStatements } from '../../services/databricks/sql-statements';
import type { MlflowService } from '../../services/mlflow/mlflow-service';
import { plannedSteps } from '../../platform/operations/operation';
import type { OperationRepository } from '../../platform/operations/operation-repository';
import { startOperation } from '../../platform/operations/start-operation';
import type { AuditRepository } from '../../platform/store/audit-repository';
import { DatabricksWindowSource } from '../drift-monitor/databricks-window-source';
import { canaryFinishParams } from '../deploy/canary-finish-params';
import { servedSettingsOf } from '../deploy/served-settings';
import { deployAction, deployOperation } from '../deploy/deploy-operation';
import type { DeployServices } from '../deploy/deploy-services';
import type { LabSettings } from '../provisioning/lab-settings';
import { accountKeySource, provisionedOutputs } from '../deploy/provisioned-source';
import { defaultExperimentName } from '../prompting/ensure-experiment';
import type { PromptingServices } from '../prompting/prompting-services';
import { runSuite } from '../prompting/suite-runner';
import { isFeatureName } from '../../drift/inference-features';
import type { Scheduler } from '../../platform/scheduler/scheduler';
import { canaryWindowJob, type CanaryWindowDeps } from './canary-window-job';
import { loadEntityWindows } from './entity-windows';
import type { CanaryEvaluateDeps } from './evaluate-operation';
import { EvaluationRecords } from './evaluation-records';

/** The lock deploys of one endpoint share (the same string as the deploy dialogs use). */
const endpointLock = (endpoint: string): string => `endpoint:${endpoint}`;

/** The plan text of an applied verdict names its evaluation: how a re-run finds it again. */
export const appliedPlan = (decision: string, endpoint: string, evaluationId: string): string =>
  `canary ${decision} ${endpoint}: verdict of evaluation ${evaluationId} (--auto)`;

export interface CanaryEvaluationOptions {
  databricks: DatabricksConnection;
  /** Undefined without Databricks: then there is no canary to judge. */
  deploy: { services: DeployServices } | undefined;
  mlflow: MlflowService | undefined;
  prompting: PromptingServices;
  audit: AuditRepository;
  operations: OperationRepository;
  /** Wakes the runner after `--auto` started promote/rollback (the runner is built later). */
  nudge: () => void;
  /** Where the evaluation after CANARY_WINDOW_MINUTES is scheduled and announced. */
  window?: Omit<
    CanaryWindowDeps,
    'operations' | 'serving' | 'suite' | 'windowMinutes' | 'nudge'
  > & {
    scheduler: Pick<Scheduler, 'register'>;
  };
  /** Reads the provisioned account's key when AZURE_OPENAI_API_KEY is not set. */
  provisioning: { azure?: AzureProvisioner | undefined; lab: LabSettings } | undefined;
}

/**
 * Binds the ports of `canary-evaluate` (evaluate-operation.ts): the suite through the
 * endpoint's per-entity invocation, the inference table through the SQL warehouse, MLflow, and
 * `--auto`'s promote/rollback started as an approved deploy operation. Undefined without
 * Databricks (there is no canary to judge).
 */
export function createCanaryEvaluation(
  config: Readonly<Config>,
  o: CanaryEvaluationOptions,
): CanaryEvaluateDeps | undefined {
  const http = databricksHttp(o.databricks);
  const deploy = o.deploy?.services;
  if (!http || !deploy) return undefined;
  const ce = config.canaryEval;
  const template = inferenceTableTemplate(config);
  const warehouseId = config.drift.warehouseId;
  const source =
    template && warehouseId
      ? new DatabricksWindowSource({
          sql: new HttpSqlStatements(http),
          warehouseId,
          tableTemplate: template,
        })
      : undefined;
  const p = o.prompting;
  if (o.window) {
    const { scheduler, ...announce } = o.window;
    const c = deploy.canary;
    scheduler.register(
      canaryWindowJob({
        ...{ ...announce, operations: o.operations, serving: deploy.serving },
        ...{ suite: c.suite, windowMinutes: c.windowMinutes, nudge: o.nudge },
      }),
    );
  }
  return {
    runSuite: async (endpoint, entity, name) => {
      const loaded = p.suites.load(name);
      if (!loaded.ok) throw new Error(loaded.problem);
      const base = p.llm.targets.find((t) => t.kind === 'databricks-serving');
      if (!base) {
        throw new Error(
          'No Databricks serving target is configured (DATABRICKS_HOST, DATABRICKS_TOKEN, DATABRICKS_SERVING_ENDPOINT).',
        );
      }
      // The configured target's credentials, pointed at the canary's endpoint.
      const target = { ...base, model: endpoint };
      return runSuite(
        loaded.suite,
        [target],
        (t, messages, settings) => p.llm.invokeEntity(t, entity, messages, settings),
        p.suiteGrading?.grading,
      );
    },
    loadWindows: (r) => {
      if (!source) {
        return Promise.reject(
          new Error(
            'The inference table is not readable: set DATABRICKS_WAREHOUSE_ID and DRIFT_INFERENCE_TABLE (or DEPLOY_INFERENCE_TABLE).',
          ),
        );
      }
      return loadEntityWindows(source, { ...r, entitiesTable: ce.servedEntitiesTable });
    },
    records: o.mlflow
      ? new EvaluationRecords(
          o.mlflow,
          defaultExperimentName(o.mlflow, config.deploy.deployExperiment, 'llmops-bot-deployments'),
        )
      : undefined,
    policy: ce.policy,
    driftFeatures: ce.driftFeatures.filter(isFeatureName),
    maxDistinct: config.drift.maxDistinct,
    apply: async (decision, evaluation) => {
      const endpoint = evaluation.params.endpoint;
      const plan = appliedPlan(decision, endpoint, evaluation.id);
      // A re-run of the step after a crash finds the deploy it started (its plan names this
      // evaluation) instead of starting a second one.
      const earlier = (await o.operations.latest(endpointLock(endpoint), 20)).find(
        (op) => op.plan === plan && op.state !== 'cancelled',
      );
      if (earlier) return earlier.id;
      const state = await readCanaryState(deploy.serving, endpoint);
      if (!state) throw new Error(`Endpoint ${endpoint} no longer runs a canary.`);
      const keep = decision === 'promote' ? state.candidate : state.current;
      const keyFrom = deploy.source.hasKey
        ? undefined
        : await accountKeySource(
            keep.apiBase,
            provisionedOutputs(await o.operations.latest(config.environmentName)),
            o.provisioning?.azure,
            o.provisioning?.lab.names.resourceGroup,
          );
      const history = await o.operations.latest(endpointLock(endpoint), 50);
      const kept = servedSettingsOf(history, keep);
      const finish = canaryFinishParams(deploy, state, decision, keyFrom, kept);
      const params = { ...finish, canary: { action: decision, evaluation: evaluation.id } };
      const started = await startOperation(o.operations, {
        kind: deployOperation.kind,
        environment: endpointLock(endpoint),
        params,
        plan,
        steps: plannedSteps(deployOperation, params),
        requesterId: evaluation.requesterId,
        requesterName: evaluation.requesterName,
        conversationId: evaluation.conversationId,
        // No one typed it, so no plan card to update: the runner posts its progress card.
        postCard: true,
      });
      if (started.plan === plan) {
        await o.audit.append({
          actorId: evaluation.requesterId,
          actorName: evaluation.requesterName,
          conversationId: evaluation.conversationId,
          action: deployAction(params),
          plan,
          result: 'approved',
          detail: `started automatically as operation ${started.id}`,
          durationMs: undefined,
        });
      }
      o.nudge();
      return started.id;
    },
  };
}

/** The endpoint's AI Gateway table: the drift template, else `<catalog>.<schema>.<endpoint>_payload`. */
function inferenceTableTemplate(config: Readonly<Config>): string | undefined {
  if (config.drift.inferenceTable) return config.drift.inferenceTable;
  const t = config.deploy.inferenceTable;
  return t ? `${t.catalog}.${t.schema}.{target}_payload` : undefined;
}

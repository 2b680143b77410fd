import type { StepOutcome } from '../../platform/operations/operation';
import { stepMessage } from '../../platform/operations/step-text';
import { aiGatewayWire } from '../../services/databricks/serving';
import {
  candidateEntityName,
  canaryRoutes,
  entityWire,
  trafficConfigWire,
  type ServedEntitySpec,
  type SplitSpec,
} from '../../services/databricks/serving-traffic';
import type { DeployKindDeps, DeployOperation, DeployParams } from './deploy-params';

const SECRET_REF = /^\{\{secrets\/([^/]+)\/([^/}]+)\}\}$/;

/** The two-entity config a canary start puts: current (as it was) and the candidate. */
export function splitOf(p: DeployParams, scope: string, key: string): SplitSpec | undefined {
  const c = p.canary;
  if (c?.action !== 'start' || !c.current || c.percent === undefined) return undefined;
  const ref = SECRET_REF.exec(c.current.keyReference);
  const current: ServedEntitySpec = {
    ...c.current,
    secretScope: ref?.[1] ?? scope,
    secretKey: ref?.[2] ?? key,
  };
  const candidate: ServedEntitySpec = {
    entityName: candidateEntityName(p.model.modelName),
    modelName: p.model.modelName,
    apiBase: p.model.apiBase,
    deploymentName: p.model.deploymentName,
    apiVersion: p.model.apiVersion,
    secretScope: scope,
    secretKey: key,
  };
  return {
    name: p.model.endpoint,
    entities: [current, candidate],
    routes: canaryRoutes(current.entityName, candidate.entityName, c.percent),
  };
}

/** The config artifact a canary start records in MLflow (secret references only). */
export function splitConfigWire(p: DeployParams, scope: string, key: string): unknown {
  const s = splitOf(p, scope, key);
  if (!s) return undefined;
  return {
    name: s.name,
    config: {
      served_entities: s.entities.map(entityWire),
      traffic_config: trafficConfigWire(s.routes),
    },
    ai_gateway: aiGatewayWire({
      name: s.name,
      secretScope: scope,
      secretKey: key,
      modelName: p.model.modelName,
      apiBase: p.model.apiBase,
      deploymentName: p.model.deploymentName,
      apiVersion: p.model.apiVersion,
      inferenceTable: p.inferenceTable,
    }),
  };
}

/**
 * The "Split traffic" step: puts both entities and the routes. Idempotent: after a restart
 * between the PUT and saving the step, the pending config already names our two entities.
 */
export async function runCanaryStep(
  operation: DeployOperation,
  deps: DeployKindDeps,
): Promise<StepOutcome> {
  const split = splitOf(operation.params, deps.secretScope, deps.secretKey);
  if (!split) return { status: 'failed', error: stepMessage('opsNotes.deploy.noSplit') };
  const existing = await deps.serving.get(split.name);
  if (!existing) {
    return {
      status: 'failed',
      error: stepMessage('opsNotes.deploy.noEndpoint', { name: split.name }),
    };
  }
  const names = split.entities.map((e) => e.entityName).join(',');
  if (existing.configUpdate === 'IN_PROGRESS') {
    if (existing.pendingServed.map((e) => e.entityName).join(',') === names) {
      return { status: 'done', note: stepMessage('deploy.notes.updateStarted') };
    }
    return {
      status: 'failed',
      error: stepMessage('opsNotes.deploy.busy', {
        name: split.name,
        version: existing.pendingConfigVersion ?? '?',
      }),
    };
  }
  const previous = existing.configVersion !== undefined ? String(existing.configVersion) : '';
  const updated = await deps.serving.updateSplit(split);
  const [cur, cand] = split.routes;
  return {
    status: 'done',
    note: `${cur?.entityName} ${cur?.percent} % · ${cand?.entityName} ${cand?.percent} % (v${previous || '?'} → v${updated.pendingConfigVersion ?? '?'})`,
    outputs: { previousConfigVersion: previous, created: 'false' },
  };
}

import { z } from 'zod';
import { AzureError, type AzureProvisioner } from '../../services/azure/azure-provisioner';
import { ClusterError } from '../../services/databricks/cluster-error';
import { HttpClusterService } from '../../services/databricks/clusters';
import { HttpLibraryService } from '../../services/databricks/libraries';
import { ServiceError } from '../../services/errors';
import type { HttpClient } from '../../services/http/http-client';
import type { StepContext, StepDefinition, StepOutcome } from '../../platform/operations/operation';
import { CLUSTER_TAG, CREATED_BY, labNamesSchema } from './lab-names';
import { deploymentQuota, moveAccountStep } from './move-account-step';
import { accountNote, provisionStepTitles, stepNote } from './step-titles';
import { guarded, sliced, sliceHooks } from './step-helpers';

/** What a confirmed provision plan carries (persisted in the operation's params). */
export const provisionParamsSchema = z.object({
  names: labNamesSchema,
  /** Candidate regions in the order to try (random among those with quota). */
  regions: z.array(z.string()).readonly(),
  skus: z.record(z.string(), z.enum(['Standard', 'GlobalStandard'])),
  model: z.object({ name: z.string(), version: z.string() }),
  onSoftDeleted: z.enum(['restore', 'purge']).optional(),
  /** Teams id of the requester, for the @mention at the end. */
  requesterTeamsId: z.string(),
  /** Single-user owner of the cluster: an e-mail or a service principal application id. */
  clusterOwner: z.string(),
  libraries: z.array(z.string()).readonly(),
  nodeType: z.string(),
  runtimeLtsOnly: z.boolean(),
  autoterminationMinutes: z.number(),
  /** Set by the "move" recovery: the region whose account is removed before it is recreated. */
  moveAccountFrom: z.string().optional(),
});
export type ProvisionParams = z.infer<typeof provisionParamsSchema>;

/** Where the steps reach the outside world; built in create-provisioning.ts. */
export interface ProvisionStepDeps {
  readonly azure: AzureProvisioner;
  /** The workspace REST client for a host (DATABRICKS_HOST wins over the ARM-reported URL). */
  readonly databricks: (workspaceUrl: string | undefined) => HttpClient | undefined;
  readonly sliceMs: number;
  readonly pollMs: number;
}

/** Offers the card can make after a failure; kept in the outputs so they survive restarts. */
function recordRecovery(ctx: StepContext<ProvisionParams>, err: unknown): void {
  if (!(err instanceof AzureError)) return;
  const out = ctx.outputs;
  if (err.azureReason === 'soft-deleted') out.recovery = 'soft-deleted';
  if (err.azureReason === 'custom-domain-in-use' && err.info.proposedName) {
    out.recovery = 'rename';
    out.proposedName = err.info.proposedName;
  }
  if (err.azureReason === 'insufficient-quota' && err.info.nextRegion) {
    out.recovery = 'next-region';
    out.nextRegion = err.info.nextRegion;
  }
}

const waiting = (deps: ProvisionStepDeps, token: string, note: string): StepOutcome => ({
  status: 'waiting',
  pollAfterMs: deps.pollMs,
  resumeToken: token,
  note,
});

type Step = StepDefinition<ProvisionParams, ProvisionStepDeps>;

type Ctx = StepContext<ProvisionParams>;

/** The six provisioning steps, in order; each converges and resumes from its token. */
export function provisionSteps(p: ProvisionParams): Step[] {
  const n = p.names;
  const titles = provisionStepTitles(p);
  const tags = (env: string, requester: string) => ({
    'created-by': CREATED_BY,
    environment: env,
    requester,
  });
  const move: Step[] = p.moveAccountFrom
    ? [
        {
          id: 'move-account',
          title: titles['move-account'],
          run: (ctx, deps) => guarded(ctx.log, () => moveAccountStep(deps, p, ctx)),
        },
      ]
    : [];
  return [
    {
      id: 'resource-group',
      title: titles['resource-group'],
      run: (ctx, deps) =>
        guarded(ctx.log, async () => {
          const rg = await deps.azure.ensureResourceGroup({
            name: n.resourceGroup,
            location: p.regions[0] ?? '',
            requester: ctx.operation.requesterName ?? ctx.operation.requesterId,
            environment: ctx.operation.environment,
          });
          return {
            status: 'done',
            note: rg.created ? stepNote('created') : stepNote('alreadyThere'),
          };
        }),
    },
    ...move,
    {
      id: 'account',
      title: titles.account,
      run: (ctx, deps) =>
        guarded(
          ctx.log,
          async () => {
            const r = await sliced(
              deps.sliceMs,
              ctx.resumeToken,
              (lro) =>
                deps.azure.ensureOpenAIAccount(
                  {
                    resourceGroup: n.resourceGroup,
                    name: n.account,
                    regions: p.regions,
                    tags: tags(ctx.operation.environment, ctx.operation.requesterId),
                    ...(p.onSoftDeleted ? { onSoftDeleted: p.onSoftDeleted } : {}),
                  },
                  lro,
                ),
              sliceHooks(ctx),
            );
            if ('token' in r) return waiting(deps, r.token, stepNote('creatingAccount'));
            const a = r.done;
            return {
              status: 'done',
              outputs: { region: a.region, endpoint: a.endpoint, account: a.name },
              note: accountNote(a),
            };
          },
          (err) => recordRecovery(ctx, err),
        ),
    },
    {
      id: 'deployment',
      title: titles.deployment,
      run: (ctx, deps) =>
        guarded(ctx.log, async () => {
          const region = ctx.outputs.region ?? '';
          const r = await sliced(
            deps.sliceMs,
            ctx.resumeToken,
            (lro) =>
              deps.azure.ensureDeployment(
                {
                  resourceGroup: n.resourceGroup,
                  account: ctx.outputs.account ?? n.account,
                  name: n.deployment,
                  model: p.model,
                  sku: p.skus[region] ?? 'Standard',
                },
                lro,
              ),
            sliceHooks(ctx),
          ).catch((err: unknown) => {
            throw deploymentQuota(p, ctx, err);
          });
          if ('token' in r) return waiting(deps, r.token, stepNote('deploying'));
          const d = r.done;
          const detail = `${d.model.name} · ${d.sku} × ${d.capacity}K TPM`;
          return {
            status: 'done',
            outputs: { deployment: d.name, model: `${d.model.name} ${d.model.version}` },
            note: d.created ? detail : stepNote('deploymentExisting', { detail }),
          };
        }),
    },
    {
      id: 'workspace',
      title: titles.workspace,
      run: (ctx, deps) =>
        guarded(ctx.log, async () => {
          const r = await sliced(
            deps.sliceMs,
            ctx.resumeToken,
            (lro) =>
              deps.azure.ensureDatabricksWorkspace(
                {
                  resourceGroup: n.resourceGroup,
                  name: n.workspace,
                  location: ctx.outputs.region ?? p.regions[0] ?? '',
                  tags: tags(ctx.operation.environment, ctx.operation.requesterId),
                },
                lro,
              ),
            sliceHooks(ctx),
          );
          if ('token' in r) return waiting(deps, r.token, stepNote('creatingWorkspace'));
          return {
            status: 'done',
            outputs: { workspaceUrl: r.done.workspaceUrl },
            note: r.done.created ? stepNote('created') : stepNote('alreadyThere'),
          };
        }),
    },
    {
      id: 'cluster',
      title: titles.cluster,
      run: (ctx, deps) => guarded(ctx.log, () => clusterStep(deps, p, ctx)),
    },
    {
      id: 'libraries',
      title: titles.libraries,
      run: (ctx, deps) => guarded(ctx.log, () => librariesStep(deps, p, ctx)),
    },
  ];
}

function workspaceHttp(deps: ProvisionStepDeps, ctx: Ctx): HttpClient {
  const http = deps.databricks(ctx.outputs.workspaceUrl);
  if (!http) {
    throw new ServiceError(
      'Databricks',
      'not-configured',
      'No workspace URL: set DATABRICKS_HOST or provision the workspace first.',
    );
  }
  return http;
}

async function clusterStep(
  deps: ProvisionStepDeps,
  p: ProvisionParams,
  ctx: Ctx,
): Promise<StepOutcome> {
  const clusters = new HttpClusterService(workspaceHttp(deps, ctx));
  let clusterId = ctx.resumeToken;
  if (!clusterId) {
    const existing = await clusters.findByTag(CLUSTER_TAG, ctx.operation.environment);
    if (existing?.state === 'TERMINATED') await clusters.start(existing.clusterId);
    clusterId = existing?.clusterId;
    if (!clusterId) {
      const runtime = await clusters.latestMlRuntime(p.runtimeLtsOnly);
      const nodeType = await clusters.pickNodeType(p.nodeType);
      const made = await clusters.ensure(
        {
          name: p.names.cluster,
          sparkVersion: runtime.key,
          nodeType,
          singleUser: p.clusterOwner,
          autoterminationMinutes: p.autoterminationMinutes,
          tags: { [CLUSTER_TAG]: ctx.operation.environment, 'created-by': CREATED_BY },
        },
        CLUSTER_TAG,
      );
      clusterId = made.clusterId;
    }
  }
  const info = await clusters.get(clusterId);
  if (!info) {
    throw new ClusterError('terminated', 'The cluster was deleted while starting.', {
      clusterId,
      state: 'DELETED',
    });
  }
  const outputs = { clusterId, clusterState: info.state };
  if (info.state === 'RUNNING') {
    return { status: 'done', outputs, note: `${info.sparkVersion} · ${info.nodeType}` };
  }
  if (info.state === 'TERMINATED' || info.state === 'ERROR' || info.state === 'TERMINATING') {
    throw new ClusterError('terminated', info.stateMessage || 'No message from Databricks.', {
      clusterId,
      state: info.state,
      ...(info.terminationCode ? { code: info.terminationCode } : {}),
    });
  }
  return waiting(deps, clusterId, `${info.state.toLowerCase()} · ${info.nodeType}`);
}

async function librariesStep(
  deps: ProvisionStepDeps,
  p: ProvisionParams,
  ctx: Ctx,
): Promise<StepOutcome> {
  if (p.libraries.length === 0) return { status: 'skipped', note: stepNote('noneConfigured') };
  const clusterId = ctx.outputs.clusterId ?? '';
  const libs = new HttpLibraryService(workspaceHttp(deps, ctx));
  if (!ctx.resumeToken) await libs.ensureInstalled(clusterId, p.libraries);
  const progress = await libs.progress(clusterId, p.libraries);
  const installed = progress.statuses.filter((s) => s.state === 'INSTALLED').length;
  if (progress.phase === 'installed') {
    return {
      status: 'done',
      outputs: { libraries: p.libraries.join(', ') },
      note: stepNote('installed', { count: installed }),
    };
  }
  return waiting(
    deps,
    'installing',
    stepNote('installing', { count: installed, total: p.libraries.length }),
  );
}

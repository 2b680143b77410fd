import { textReply, type Reply } from '../chat/reply';
import { canaryStateOf, type CanaryState } from '../services/databricks/canary-state';
import type { ServingEndpoint } from '../services/databricks/serving';
import type { ContextWith } from './command';
import { busyReason, endpointLock, planDeploy, settingsText } from './deploy-flow';
import { keySourceFor, latestProvisionOutputs } from './deploy-key';
import { canaryFinishParams } from '../workflows/deploy/canary-finish-params';
import { servedSettingsOf } from '../workflows/deploy/served-settings';

/** The endpoint and its canary, or the reply that says there is none. */
export async function canaryOn(
  ctx: ContextWith<'databricks'>,
  name: string,
): Promise<{ endpoint: ServingEndpoint; state: CanaryState } | Reply> {
  const endpoint = await ctx.services.deploy.serving.get(name);
  if (!endpoint) return textReply(ctx.t('canary.noEndpointStatus', { name }));
  const state = canaryStateOf(endpoint);
  if (state) return { endpoint, state };
  const served = endpoint.served.map((e) => `${e.modelName} via ${e.deploymentName}`).join(', ');
  return textReply(ctx.t('canary.noCanary', { name, served: served || '—' }));
}

/**
 * `canary promote` (100 % candidate, the current entity removed) and `canary rollback` (100 %
 * current, the candidate removed): each a deploy of the model kept, through the same plan,
 * approval, lock, operation runner, MLflow record and audit as `deploy` / `rollback`.
 */
export async function planCanaryFinish(
  ctx: ContextWith<'databricks'>,
  which: 'promote' | 'rollback',
  name: string,
  dryRun: boolean,
): Promise<Reply> {
  const d = ctx.services.deploy;
  const found = await canaryOn(ctx, name);
  if ('kind' in found) return found;
  const { endpoint, state } = found;
  const busy = await busyReason(ctx, name, endpoint);
  if (busy) return textReply(busy);
  const [keep, remove] =
    which === 'promote' ? [state.candidate, state.current] : [state.current, state.candidate];
  const key = await keySourceFor(ctx, d, keep.apiBase, await latestProvisionOutputs(ctx));
  if (!key.ok) return textReply(ctx.t('canary.noKey', { apiBase: keep.apiBase }));
  const entity = (e: typeof keep) =>
    ctx.t('canary.entity', { model: e.modelName, deployment: e.deploymentName });
  const names = { candidate: entity(state.candidate), current: entity(state.current) };
  const history = await ctx.services.operations.repo.latest(endpointLock(name), 50);
  const params = canaryFinishParams(d, state, which, key.keyFrom, servedSettingsOf(history, keep));
  return planDeploy(ctx, params, {
    title: ctx.t(which === 'promote' ? 'canary.promoteTitle' : 'canary.rollbackTitle', { name }),
    dryRun,
    change: ctx.t(which === 'promote' ? 'canary.promoteChange' : 'canary.rollbackChange', names),
    rows: [
      [
        ctx.t('canary.rowEndpoint'),
        `${name} (${endpoint.ready}, v${endpoint.configVersion ?? '?'})`,
      ],
      [
        ctx.t('canary.rowSplit'),
        ctx.t('canary.split', {
          current: state.currentPercent,
          candidate: state.candidatePercent,
        }),
      ],
      [ctx.t('canary.rowKeeps'), entity(keep)],
      [ctx.t('deploy.row.settings'), settingsText(params.model, ctx.lang)],
      [ctx.t('canary.rowRemoves'), entity(remove)],
    ],
  });
}

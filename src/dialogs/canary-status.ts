import { buildCanaryStatusCard, type CanaryEntityView } from '../cards/canary-status-card';
import { cardReply, textReply, type Reply } from '../chat/reply';
import { canaryStateOf } from '../services/databricks/canary-state';
import type { ServedExternalModel } from '../services/databricks/serving';
import type { ContextWith } from './command';

const view = (s: ServedExternalModel): CanaryEntityView => ({
  entityName: s.entityName,
  modelName: s.modelName,
  deploymentName: s.deploymentName,
  state: s.deploymentState,
});

/** `canary status [endpoint]`: the split as the endpoint shows it now (read-only). */
export async function canaryStatus(ctx: ContextWith<'databricks'>, name: string): Promise<Reply> {
  const ep = await ctx.services.deploy.serving.get(name);
  if (!ep) return textReply(ctx.t('canary.noEndpointStatus', { name }));
  const s = canaryStateOf(ep);
  if (!s) {
    const served = ep.served
      .map((e) => ctx.t('canary.entity', { model: e.modelName, deployment: e.deploymentName }))
      .join(', ');
    return textReply(ctx.t('canary.noCanary', { name, served: served || '—' }));
  }
  const summary = `${ctx.t('canary.statusTitle', { name })}: ${ctx.t('canary.split', {
    current: s.currentPercent,
    candidate: s.candidatePercent,
  })}`;
  return cardReply(
    buildCanaryStatusCard({
      lang: ctx.lang,
      endpoint: name,
      current: view(s.current),
      candidate: view(s.candidate),
      currentPercent: s.currentPercent,
      candidatePercent: s.candidatePercent,
      since: s.since,
      updating: s.updating,
    }),
    summary,
  );
}

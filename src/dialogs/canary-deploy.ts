import { z } from 'zod';
import type { Reply } from '../chat/reply';
import { textReply } from '../chat/reply';
import { canaryStateOf, type CanaryState } from '../services/databricks/canary-state';
import type { ServingEndpoint } from '../services/databricks/serving';
import { candidateEntityName } from '../services/databricks/serving-traffic';
import type { DeployParams } from '../workflows/deploy/deploy-params';
import type { ContextWith } from './command';
import { planDeploy } from './deploy-flow';

/** The candidate's share when `--canary` is given bare. */
export const DEFAULT_CANARY_PERCENT = 10;
const MAX_CANARY_PERCENT = 50;

/**
 * `--canary [percent]`: bare (true) or any text. The range is checked by the handler, not the
 * schema, because the args layer treats a flag whose schema refuses text as a switch, and then
 * `--canary 10` would leave `10` behind as a stray word.
 */
export const canaryFlag = z.union([z.literal(true), z.string()]);

/** The candidate's share from the flag, or undefined when it is not a whole number 1–50. */
export function canaryPercent(raw: string | true): number | undefined {
  const n = raw === true ? DEFAULT_CANARY_PERCENT : Number(raw);
  return Number.isInteger(n) && n >= 1 && n <= MAX_CANARY_PERCENT ? n : undefined;
}

/**
 * Why a plain `deploy` (or `rollback`) must not run now: it would put one entity in place of
 * both, ending the canary without anyone deciding. Names the canary and the ways out.
 */
export function canaryInTheWay(ctx: ContextWith<'databricks'>, s: CanaryState): string {
  return ctx.t('canaryGuard.deployDuringCanary', {
    name: s.endpoint,
    current: ctx.t('canary.entity', {
      model: s.current.modelName,
      deployment: s.current.deploymentName,
    }),
    currentEntity: s.current.entityName,
    currentPercent: s.currentPercent,
    candidate: ctx.t('canary.entity', {
      model: s.candidate.modelName,
      deployment: s.candidate.deploymentName,
    }),
    candidateEntity: s.candidate.entityName,
    candidatePercent: s.candidatePercent,
  });
}

/**
 * `deploy --canary <percent>`: plans the candidate (the deploy's own params) next to what the
 * endpoint serves now, as one deploy operation whose endpoint step is "Split traffic".
 */
export async function planCanaryDeploy(
  ctx: ContextWith<'databricks'>,
  params: DeployParams,
  endpoint: ServingEndpoint | undefined,
  raw: string | true,
  o: { dryRun: boolean; auto: boolean },
): Promise<Reply> {
  const d = ctx.services.deploy;
  const name = params.model.endpoint;
  const percent = canaryPercent(raw);
  if (percent === undefined) return textReply(ctx.t('canary.badPercent'));
  const current = endpoint?.served[0];
  if (!endpoint || !current) return textReply(ctx.t('canary.noEndpoint', { name }));
  const running = canaryStateOf(endpoint);
  if (running) {
    return textReply(
      ctx.t('canary.alreadyRunning', {
        name,
        candidate: running.candidate.deploymentName,
        percent: running.candidatePercent,
      }),
    );
  }
  const m = params.model;
  if (
    endpoint.served.length !== 1 ||
    (current.deploymentName === m.deploymentName && current.apiBase === m.apiBase)
  ) {
    return textReply(ctx.t('canary.sameDeployment', { name, deployment: m.deploymentName }));
  }
  const entity = (model: string, deployment: string) =>
    ctx.t('canary.entity', { model, deployment });
  const currentText = entity(current.modelName, current.deploymentName);
  const candidateText = entity(m.modelName, m.deploymentName);
  const suite = d.canary.suite;
  return planDeploy(
    ctx,
    {
      ...params,
      canary: {
        action: 'start',
        percent,
        // Fixed in the plan, so its approvals cover the automatic verdict too.
        ...(o.auto ? { auto: true } : {}),
        current: {
          entityName: current.entityName,
          modelName: current.modelName,
          apiBase: current.apiBase,
          deploymentName: current.deploymentName,
          apiVersion: current.apiVersion,
          keyReference: current.keyReference,
        },
      },
    },
    {
      title: ctx.t('canary.planTitle', { name }),
      dryRun: o.dryRun,
      change: ctx.t('canary.planChange', {
        percent,
        rest: 100 - percent,
        candidate: candidateText,
        current: currentText,
      }),
      rows: [
        [
          ctx.t('canary.rowEndpoint'),
          `${name} (${endpoint.ready}, v${endpoint.configVersion ?? '?'})`,
        ],
        [ctx.t('canary.rowCurrent'), `${currentText} · ${current.entityName}`],
        [ctx.t('canary.rowCandidate'), `${candidateText} · ${candidateEntityName(m.modelName)}`],
        [
          ctx.t('canary.rowSplit'),
          ctx.t('canary.split', { current: 100 - percent, candidate: percent }),
        ],
        [
          ctx.t('canary.rowSuite'),
          suite ? ctx.t('canary.suite', { suite }) : ctx.t('canary.noSuite'),
        ],
        [ctx.t('canary.rowWindow'), ctx.t('canary.window', { minutes: d.canary.windowMinutes })],
        [ctx.t('canary.rowCriteria'), ctx.t('canary.criteria')],
        [
          ctx.t('canaryGuard.rowAfterWindow'),
          ctx.t(o.auto ? 'canaryGuard.afterWindowAuto' : 'canaryGuard.afterWindowCard', {
            minutes: d.canary.windowMinutes,
          }),
        ],
      ],
    },
  );
}

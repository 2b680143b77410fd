import { DRIFT_ALERT_VERBS } from '../cards/drift-alert-card';
import { buildDriftReportCard } from '../cards/drift-report-card';
import type {
  AlertActionGuard,
  IncidentActionResult,
} from '../workflows/drift-monitor/incident-actions';
import { checkPermission, decideAlertAction, refusalText } from './permissions';
import { defineCommand, type ActionResult, type CommandContext } from './command';
import { cardReply, textReply } from '../chat/reply';
import { commandArgs } from './command-args';
import { commandSyntax } from '../chat/command-syntax';
import { escapeMarkdown } from '../chat/escape-markdown';
import { en } from '../chat/messages/catalogues';

/** Who clicked, for "acknowledged by" (display name; the id is in the audit log). */
export const actorName = (ctx: CommandContext): string => ctx.actor.name ?? ctx.actor.id;

/** The incident a button refers to ('' when the card carried none). */
export const incidentOf = (data: Record<string, unknown>): string =>
  typeof data.incidentId === 'string' ? data.incidentId : '';

/** Where a button was pressed: incident actions only count in the alert's own channel. */
const where = (ctx: CommandContext) => ctx.conversation.conversationId;

/**
 * Acknowledge and Snooze: who may is DRIFT_ALERT_ACTIONS' choice (see decideAlertAction). A
 * permitted user may be one by group (ADMIN_GROUP_IDS), which only the directory can tell, so the
 * permission is settled before the guard runs.
 */
async function alertGuard(
  ctx: CommandContext,
  what: 'drift.refuseAcknowledge' | 'drift.refuseSnooze',
): Promise<AlertActionGuard> {
  const policy = ctx.services.drift?.monitor.settings.alertActions ?? 'permitted';
  const permitted =
    policy === 'permitted' &&
    (ctx.isAdmin ||
      (await checkPermission(ctx.actor, ctx.services.admins, ctx.services.groups, ctx.lang))
        .allowed);
  return (ownerKey) => {
    const decision = decideAlertAction(policy, ctx.actor, permitted, ownerKey, ctx.lang);
    return decision.allowed ? undefined : refusalText(ctx.t(what), ctx.actor, decision, ctx.lang);
  };
}

/**
 * Audits an alert button as `drift <what>` (e.g. `drift snooze 24h`): ok when the card changed,
 * denied or failed with the sentence otherwise.
 */
function auditAction(
  ctx: CommandContext,
  what: string,
  data: Readonly<Record<string, unknown>>,
  r: IncidentActionResult,
): Promise<void> {
  return ctx.audit({
    action: `drift ${what}`,
    plan: `incident ${incidentOf(data)}`,
    result: r.denied ? 'denied' : r.card ? 'ok' : 'failed',
    detail: r.reply?.kind === 'text' ? r.reply.text : undefined,
  });
}

/** Maps an incident action to the router's result: the card replaces the clicked one. */
export function actionResult(r: IncidentActionResult): ActionResult {
  return {
    ...(r.card?.kind === 'card' ? { card: r.card.card } : {}),
    ...(r.reply ? { reply: r.reply } : {}),
  };
}

/** `drift [target]`: a report of the current window against the reference, on demand. */
export const driftCommand = defineCommand({
  id: 'drift',
  group: 'Drift',
  description: en.commands.drift,
  usage: 'drift [target]',
  examples: ['drift', 'drift gpt-4o-mini'],
  mutating: false,
  args: commandArgs({ words: { max: 1, what: 'target' } }),
  requires: ['drift'],
  async handle(ctx, args) {
    const { drift } = ctx.services;
    const named = args.positional[0];
    // DRIFT_DEFAULT_TARGET, else LLM_DEFAULT_TARGET, else the first configured model (as documented).
    const target = drift.monitor.targetOf(named) ?? ctx.services.prompting?.llm.defaultTarget?.name;
    const logged = await drift.monitor.knownTargets();
    const models = ctx.services.prompting?.llm.targets.map((t) => t.name) ?? [];
    const known = logged && [...new Set([...logged, ...models])];
    const list = known?.map((t) => escapeMarkdown(t)).join(', ');
    if (!target) {
      const syntax = commandSyntax('drift <target>');
      return textReply(
        list
          ? ctx.t('drift.whichTargetKnown', { syntax, list })
          : ctx.t('drift.whichTargetNone', { syntax }),
      );
    }
    if (named && known && !known.includes(target)) {
      const asked = escapeMarkdown(target);
      return textReply(
        list
          ? ctx.t('drift.noSuchTargetKnown', { target: asked, list })
          : ctx.t('drift.noSuchTargetNone', { target: asked }),
      );
    }
    const summary = await drift.monitor.summarize(target);
    const r = summary.report;
    return cardReply(
      buildDriftReportCard(summary, ctx.lang),
      ctx.t('drift.reportPreview', {
        target,
        count: r.drifted_columns,
        tested: r.tested_columns,
      }),
    );
  },
  // The alert card's buttons. Acknowledge and Snooze are for whom DRIFT_ALERT_ACTIONS names
  // (audited, refusals too); Start retraining needs the permission of a mutating command.
  actions: {
    [DRIFT_ALERT_VERBS.ack]: {
      mutating: false,
      async run(ctx, data) {
        const r = await ctx.services.drift.actions.acknowledge(
          incidentOf(data),
          actorName(ctx),
          where(ctx),
          await alertGuard(ctx, 'drift.refuseAcknowledge'),
        );
        await auditAction(ctx, 'acknowledge', data, r);
        return actionResult(r);
      },
    },
    [DRIFT_ALERT_VERBS.snooze]: {
      mutating: false,
      async run(ctx, data) {
        const hours = data.hours === 24 || data.hours === '24' ? 24 : 1;
        const r = await ctx.services.drift.actions.snooze(
          incidentOf(data),
          hours,
          actorName(ctx),
          where(ctx),
          await alertGuard(ctx, 'drift.refuseSnooze'),
        );
        await auditAction(ctx, `snooze ${hours}h`, data, r);
        return actionResult(r);
      },
    },
    [DRIFT_ALERT_VERBS.retrain]: {
      mutating: true,
      async run(ctx, data) {
        const r = await ctx.services.drift.actions.retrain(
          incidentOf(data),
          actorName(ctx),
          where(ctx),
        );
        await auditAction(ctx, 'retrain', data, r);
        return actionResult(r);
      },
    },
  },
});

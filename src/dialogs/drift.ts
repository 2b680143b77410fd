import { DRIFT_ALERT_VERBS } from '../cards/drift-alert-card';
import { buildDriftReportCard } from '../cards/drift-report-card';
import type { IncidentActionResult } from '../workflows/drift-monitor/incident-actions';
import { type ActionResult, type Command, type CommandContext } from './command';
import { cardReply, textReply } from '../chat/reply';

/** Who clicked, for "acknowledged by" (display name; the id is in the audit log). */
export const actorName = (ctx: CommandContext): string => ctx.actor.name ?? ctx.actor.id;

/** The incident a button refers to ('' when the card carried none). */
export const incidentOf = (data: Record<string, unknown>): string =>
  typeof data.incidentId === 'string' ? data.incidentId : '';

/** Maps an incident action to the router's result: the card replaces the clicked one. */
export function actionResult(r: IncidentActionResult): ActionResult {
  return {
    ...(r.card?.kind === 'card' ? { card: r.card.card } : {}),
    ...(r.reply ? { reply: r.reply } : {}),
  };
}

const NOT_CONFIGURED = textReply(
  'Drift monitoring is not set up in this bot (no inference source).',
);

/** `drift [target]`: a report of the current window against the reference, on demand. */
export const driftCommand: Command = {
  id: 'drift',
  group: 'Drift',
  description: 'Compare the latest predictions of a target with its reference window for drift.',
  usage: 'drift [target]',
  examples: ['drift', 'drift gpt-4o-mini'],
  mutating: false,
  async handle(ctx, args) {
    const drift = ctx.services.drift;
    if (!drift) return NOT_CONFIGURED;
    const target = drift.monitor.targetOf(args.positional[0]);
    if (!target) {
      return textReply(
        'Which target? `drift <target>` (an operator can set DRIFT_DEFAULT_TARGET).',
      );
    }
    const summary = await drift.monitor.summarize(target);
    const r = summary.report;
    return cardReply(
      buildDriftReportCard(summary),
      `Drift report for ${target}: ${r.drifted_columns} of ${r.tested_columns} features drifted`,
    );
  },
  actions: {
    [DRIFT_ALERT_VERBS.ack](ctx, data) {
      const drift = ctx.services.drift;
      if (!drift) return Promise.resolve({ reply: NOT_CONFIGURED });
      const r = drift.actions.acknowledge(incidentOf(data), actorName(ctx));
      return Promise.resolve(actionResult(r));
    },
    [DRIFT_ALERT_VERBS.snooze](ctx, data) {
      const drift = ctx.services.drift;
      if (!drift) return Promise.resolve({ reply: NOT_CONFIGURED });
      const hours = data.hours === 24 || data.hours === '24' ? 24 : 1;
      const r = drift.actions.snooze(incidentOf(data), hours, actorName(ctx));
      return Promise.resolve(actionResult(r));
    },
  },
};

import { cardReply, textReply, type Reply } from '../chat/reply';
import type { DriftSummary } from '../drift/drift-summary';
import { translator, type Lang } from '../chat/i18n';
import type {
  DriftAlertRenderer,
  RetrainResultView,
} from '../workflows/drift-monitor/drift-alert-renderer';
import { buildDriftAlertCard } from './drift-alert-card';
import { featureText, sharePercent } from './drift-format';

const counts = (s: DriftSummary) => ({
  count: s.report.drifted_columns,
  tested: s.report.tested_columns,
});

function retrainFinished(r: RetrainResultView, lang: Lang = 'en'): Reply {
  const t = translator(lang);
  // An empty URL from the Jobs API counts as none: a link without a target only confuses.
  const link = r.runPageUrl ? t('drift.openRun', { url: r.runPageUrl }) : '';
  if (r.succeeded) return textReply(t('drift.retrainSucceeded', { runId: r.runId, link }));
  return textReply(
    r.stateMessage
      ? t('drift.retrainEndedWhy', {
          runId: r.runId,
          state: r.state,
          message: r.stateMessage,
          link,
        })
      : t('drift.retrainEnded', { runId: r.runId, state: r.state, link }),
  );
}

/**
 * What drift monitoring says in Teams: the alert card and the short lines in its thread, in
 * the language the caller passes (the conversation's, see ConversationRepository.languageOf).
 */
export const driftAlertMessages: DriftAlertRenderer = {
  alert: (view) =>
    cardReply(
      buildDriftAlertCard(view),
      translator(view.lang ?? 'en')(
        view.status === 'resolved' ? 'drift.resolvedPreview' : 'drift.alertPreview',
        { target: view.summary.target },
      ),
    ),
  escalated: (s, lang = 'en') => {
    const names = s.report.columns
      .filter((c) => c.drifted === true)
      .map((c) => featureText(c.name, lang));
    return textReply(
      translator(lang)('drift.escalated', {
        target: s.target,
        ...counts(s),
        pct: sharePercent(s, lang),
        names: names.join(', '),
      }),
    );
  },
  resolved: (s, lang = 'en') =>
    textReply(translator(lang)('drift.resolved', { target: s.target, ...counts(s) })),
  unsubscribed: (target, lang = 'en') =>
    textReply(translator(lang)('drift.unsubscribed', { target })),
  snoozed: (who, target, hours, lang = 'en') =>
    textReply(translator(lang)('drift.snoozedBy', { who, target, hours })),
  acknowledged: (who, target, lang = 'en') =>
    textReply(translator(lang)('drift.acknowledgedBy', { who, target })),
  elsewhere: (lang = 'en') => textReply(translator(lang)('drift.elsewhere')),
  retrainNotConfigured: (lang = 'en') => textReply(translator(lang)('drift.retrainNotConfigured')),
  retrainAlreadyRunning: (runId, lang = 'en') =>
    textReply(translator(lang)('drift.retrainAlreadyRunning', { runId })),
  retrainNotStarted: (reason) => textReply(reason),
  retrainStarted: (who, jobId, runId, lang = 'en') =>
    textReply(translator(lang)('drift.retrainStarted', { who, jobId, runId })),
  retrainFinished,
  gone: (lang = 'en') => textReply(translator(lang)('drift.gone')),
};

import { cardReply, textReply } from '../chat/reply';
import { translator } from '../chat/i18n';
import type { RunNoticeRenderer } from '../workflows/run-watch/run-notice-renderer';
import { buildRunNoticeCard, runChangeText } from './run-notice-card';

/** What the run watcher says in a channel: the notice card and the change lines in its thread. */
export const runNoticeMessages: RunNoticeRenderer = {
  notice: (view) => {
    const t = translator(view.lang ?? 'en');
    return cardReply(
      buildRunNoticeCard(view),
      t('runs.notice.summary', {
        name: view.name || view.runId,
        state: t(`runs.state.${view.status}`),
        experiment: view.experimentName,
      }),
    );
  },
  changed: (run, change, lang) => textReply(runChangeText(run.name || run.runId, change, lang)),
};

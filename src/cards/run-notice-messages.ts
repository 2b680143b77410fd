import { cardReply, textReply } from '../chat/reply';
import type { RunNoticeRenderer } from '../workflows/run-watch/run-notice-renderer';
import { buildRunNoticeCard, runChangeText } from './run-notice-card';

/** What the run watcher says in a channel: the notice card and the change lines in its thread. */
export const runNoticeMessages: RunNoticeRenderer = {
  notice: (view) =>
    cardReply(
      buildRunNoticeCard(view),
      `Run ${view.name || view.runId} ${view.status.toLowerCase()} in ${view.experimentName}`,
    ),
  changed: (run, change) => textReply(runChangeText(run.name || run.runId, change)),
};

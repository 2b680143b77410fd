import type { Reply } from '../../chat/reply';
import type { RunStatus } from '../../services/mlflow/mlflow-types';
import type { Lang } from '../../chat/i18n';

/** A run that just ended, as a subscribed channel is told about it. */
export interface RunNoticeView {
  runId: string;
  name: string;
  status: RunStatus;
  experimentName: string;
  endTime: number | undefined;
  durationMs: number | undefined;
  user: string | undefined;
  link: string;
  /** The experiment's key metrics this run has, main metric first. */
  metrics: { key: string; value: number }[];
  /** The channel's language (its override, else the Teams locale seen last there). */
  lang?: Lang;
}

/** What changed on a run after it was posted, for the thread reply. */
export interface RunChange {
  statusBefore: RunStatus;
  statusAfter: RunStatus;
  tagsSet: [string, string][];
  tagsRemoved: string[];
  endTimeChanged: boolean;
}

/**
 * What the run watcher says to a channel. The watcher decides what is news; the renderer
 * (injected by the composition root) decides how it reads, so the feature never imports a
 * card builder.
 */
export interface RunNoticeRenderer {
  /** The post for a run that ended; later changes thread under it. */
  notice(view: RunNoticeView): Reply;
  /** The thread reply for a change to a run already posted. */
  changed(run: Pick<RunNoticeView, 'runId' | 'name'>, change: RunChange, lang?: Lang): Reply;
}

import type { Database } from '../../platform/store/database';

/** What a channel was last told about a run, to tell a change from a repeat. */
export interface RunFingerprint {
  status: string;
  endTime: number;
  /** User tags (no `mlflow.*`), sorted by key. */
  tags: [string, string][];
}

/** A run already posted to one subscription's channel. */
export interface WatchedRun {
  subscriptionId: string;
  runId: string;
  fingerprint: RunFingerprint;
  /** How many change replies went out, so each reply gets its own outbox key. */
  changes: number;
}

interface RunRow {
  subscription_id: string;
  run_id: string;
  fingerprint: string;
  changes: number;
}

/** Per-experiment progress of the watcher, for `status` and for tests. */
export interface WatchState {
  experimentId: string;
  watermark: number;
  checkedAt: number | undefined;
  lastError: string | undefined;
}

/**
 * The watcher's memory in the store: a watermark per experiment (the newest end time fully
 * processed) and the runs each subscription was told about. Both survive a restart, so the
 * next poll neither misses a run that ended while the bot was down nor posts one twice.
 */
export class RunWatchRepository {
  constructor(private readonly db: Database) {}

  state(experimentId: string): WatchState | undefined {
    const row = this.db
      .prepare<
        [string],
        { watermark: number; checked_at: number | null; last_error: string | null }
      >('SELECT watermark, checked_at, last_error FROM mlflow_watch WHERE experiment_id = ?')
      .get(experimentId);
    return row
      ? {
          experimentId,
          watermark: row.watermark,
          checkedAt: row.checked_at ?? undefined,
          lastError: row.last_error ?? undefined,
        }
      : undefined;
  }

  /** The watermark, created at `initial` the first time an experiment is watched. */
  watermark(experimentId: string, initial: number): number {
    this.db
      .prepare('INSERT OR IGNORE INTO mlflow_watch (experiment_id, watermark) VALUES (?, ?)')
      .run(experimentId, initial);
    return this.state(experimentId)?.watermark ?? initial;
  }

  /** Records a successful poll; the watermark never moves backwards. */
  advance(experimentId: string, watermark: number, checkedAt: number): void {
    this.db
      .prepare(
        `UPDATE mlflow_watch SET watermark = MAX(watermark, ?), checked_at = ?, last_error = NULL
           WHERE experiment_id = ?`,
      )
      .run(watermark, checkedAt, experimentId);
  }

  failed(experimentId: string, error: string, checkedAt: number): void {
    this.db
      .prepare('UPDATE mlflow_watch SET checked_at = ?, last_error = ? WHERE experiment_id = ?')
      .run(checkedAt, error.slice(0, 500), experimentId);
  }

  get(subscriptionId: string, runId: string): WatchedRun | undefined {
    const row = this.db
      .prepare<[string, string], RunRow>(
        'SELECT * FROM mlflow_watch_runs WHERE subscription_id = ? AND run_id = ?',
      )
      .get(subscriptionId, runId);
    return row
      ? {
          subscriptionId: row.subscription_id,
          runId: row.run_id,
          fingerprint: JSON.parse(row.fingerprint) as RunFingerprint,
          changes: row.changes,
        }
      : undefined;
  }

  /** First notice of a run to a subscription. */
  posted(
    subscriptionId: string,
    experimentId: string,
    runId: string,
    fingerprint: RunFingerprint,
    at: number,
  ): void {
    this.db
      .prepare(
        `INSERT OR IGNORE INTO mlflow_watch_runs
           (subscription_id, run_id, experiment_id, end_time, fingerprint, changes, posted_at)
           VALUES (?, ?, ?, ?, ?, 0, ?)`,
      )
      .run(
        subscriptionId,
        runId,
        experimentId,
        fingerprint.endTime,
        JSON.stringify(fingerprint),
        at,
      );
  }

  /** A change was replied; returns the new change count. */
  changed(subscriptionId: string, runId: string, fingerprint: RunFingerprint): number {
    this.db
      .prepare(
        `UPDATE mlflow_watch_runs SET fingerprint = ?, end_time = ?, changes = changes + 1
           WHERE subscription_id = ? AND run_id = ?`,
      )
      .run(JSON.stringify(fingerprint), fingerprint.endTime, subscriptionId, runId);
    return this.get(subscriptionId, runId)?.changes ?? 0;
  }

  /** Forgets runs that ended before `before`: the watcher never reads that far back again. */
  prune(experimentId: string, before: number): number {
    return this.db
      .prepare('DELETE FROM mlflow_watch_runs WHERE experiment_id = ? AND end_time < ?')
      .run(experimentId, before).changes;
  }

  forgetSubscription(subscriptionId: string): void {
    this.db.prepare('DELETE FROM mlflow_watch_runs WHERE subscription_id = ?').run(subscriptionId);
  }
}

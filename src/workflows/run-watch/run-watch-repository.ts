import type { Store } from '../../platform/store/store';

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
 * The per-run writes are conditional (first notice: insert-if-absent; a change: only over the
 * change count the watcher read), so two replicas polling at once cannot both count a change.
 */
export class RunWatchRepository {
  constructor(private readonly store: Store) {}

  async state(experimentId: string): Promise<WatchState | undefined> {
    const row = await this.store.db
      .selectFrom('mlflow_watch')
      .select(['watermark', 'checked_at', 'last_error'])
      .where('experiment_id', '=', experimentId)
      .executeTakeFirst();
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
  async watermark(experimentId: string, initial: number): Promise<number> {
    await this.store.db
      .insertInto('mlflow_watch')
      .values({ experiment_id: experimentId, watermark: initial })
      .onConflict((oc) => oc.column('experiment_id').doNothing())
      .execute();
    return (await this.state(experimentId))?.watermark ?? initial;
  }

  /** Records a successful poll; the watermark never moves backwards. */
  async advance(experimentId: string, watermark: number, checkedAt: number): Promise<void> {
    await this.store.db
      .updateTable('mlflow_watch')
      .set((eb) => ({
        // Portable max(watermark, ?): SQLite's two-argument MAX is GREATEST in PostgreSQL.
        watermark: eb
          .case()
          .when('watermark', '<', watermark)
          .then(watermark)
          .else(eb.ref('watermark'))
          .end(),
        checked_at: checkedAt,
        last_error: null,
      }))
      .where('experiment_id', '=', experimentId)
      .execute();
  }

  async failed(experimentId: string, error: string, checkedAt: number): Promise<void> {
    await this.store.db
      .updateTable('mlflow_watch')
      .set({ checked_at: checkedAt, last_error: error.slice(0, 500) })
      .where('experiment_id', '=', experimentId)
      .execute();
  }

  async get(subscriptionId: string, runId: string): Promise<WatchedRun | undefined> {
    const row = await this.store.db
      .selectFrom('mlflow_watch_runs')
      .select(['subscription_id', 'run_id', 'fingerprint', 'changes'])
      .where('subscription_id', '=', subscriptionId)
      .where('run_id', '=', runId)
      .executeTakeFirst();
    return row
      ? {
          subscriptionId: row.subscription_id,
          runId: row.run_id,
          fingerprint: JSON.parse(row.fingerprint) as RunFingerprint,
          changes: row.changes,
        }
      : undefined;
  }

  /** First notice of a run to a subscription; false when it was recorded already. */
  async posted(
    subscriptionId: string,
    experimentId: string,
    runId: string,
    fingerprint: RunFingerprint,
    at: number,
  ): Promise<boolean> {
    const res = await this.store.db
      .insertInto('mlflow_watch_runs')
      .values({
        subscription_id: subscriptionId,
        run_id: runId,
        experiment_id: experimentId,
        end_time: fingerprint.endTime,
        fingerprint: JSON.stringify(fingerprint),
        changes: 0,
        posted_at: at,
      })
      .onConflict((oc) => oc.columns(['subscription_id', 'run_id']).doNothing())
      .executeTakeFirst();
    return Number(res.numInsertedOrUpdatedRows ?? 0) === 1;
  }

  /**
   * A change was replied: stores the new fingerprint if the run still has `seenChanges`
   * changes. Returns the new change count, or undefined when another poll recorded a change
   * first (or the run was forgotten); the caller re-reads.
   */
  async changed(
    subscriptionId: string,
    runId: string,
    seenChanges: number,
    fingerprint: RunFingerprint,
  ): Promise<number | undefined> {
    const row = await this.store.db
      .updateTable('mlflow_watch_runs')
      .set((eb) => ({
        fingerprint: JSON.stringify(fingerprint),
        end_time: fingerprint.endTime,
        changes: eb('changes', '+', 1),
      }))
      .where('subscription_id', '=', subscriptionId)
      .where('run_id', '=', runId)
      .where('changes', '=', seenChanges)
      .returning('changes')
      .executeTakeFirst();
    return row?.changes;
  }

  /** Forgets runs that ended before `before`: the watcher never reads that far back again. */
  async prune(experimentId: string, before: number): Promise<number> {
    const res = await this.store.db
      .deleteFrom('mlflow_watch_runs')
      .where('experiment_id', '=', experimentId)
      .where('end_time', '<', before)
      .executeTakeFirst();
    return Number(res.numDeletedRows);
  }

  async forgetSubscription(subscriptionId: string): Promise<void> {
    await this.store.db
      .deleteFrom('mlflow_watch_runs')
      .where('subscription_id', '=', subscriptionId)
      .execute();
  }
}

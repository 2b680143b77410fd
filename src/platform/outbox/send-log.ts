import type { Database } from '../store/database';

/** One finished send as it was recorded: its thread and span. */
export interface LoggedSend {
  key: string;
  start: number;
  end: number;
}

interface Row {
  thread_key: string;
  started_at: number;
  ended_at: number;
}

/**
 * The durable record of recent send attempts. Teams' limits are per app and tenant, not per
 * process: a process that starts after a crash must know what the dead one sent in the last
 * windows, or its first burst can break a limit the dead one had already filled.
 */
export class OutboxSendLog {
  constructor(private readonly db: Database) {}

  /** Records a send starting at `at`; returns its id for `complete`. */
  start(threadKey: string, at: number): number {
    const res = this.db
      .prepareCached('INSERT INTO outbox_sends (thread_key, started_at) VALUES (?, ?)')
      .run(threadKey, at);
    return Number(res.lastInsertRowid);
  }

  complete(id: number, at: number): void {
    this.db.prepareCached('UPDATE outbox_sends SET ended_at = ? WHERE id = ?').run(at, id);
  }

  /**
   * After a crash, a send the dead process left unfinished reached Teams before it died or
   * never; either way it is over now, so it ends at `now`.
   */
  closeInterrupted(now: number): number {
    return this.db
      .prepareCached('UPDATE outbox_sends SET ended_at = ? WHERE ended_at IS NULL')
      .run(now).changes;
  }

  /** Finished sends that still occupy a window reaching back to `since`. */
  recent(since: number): LoggedSend[] {
    return this.db
      .prepareCached<[number], Row>(
        `SELECT thread_key, started_at, ended_at FROM outbox_sends
         WHERE ended_at > ? ORDER BY started_at`,
      )
      .all(since)
      .map((r) => ({ key: r.thread_key, start: r.started_at, end: r.ended_at }));
  }

  /** Forgets sends that ended before `before` (outside every window). */
  prune(before: number): number {
    return this.db
      .prepareCached('DELETE FROM outbox_sends WHERE ended_at IS NOT NULL AND ended_at < ?')
      .run(before).changes;
  }
}

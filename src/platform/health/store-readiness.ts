import type { Logger } from '../logging/logger';
import type { Readiness, Store } from '../store/store';

/**
 * The store's readiness for /readyz, logged once per change (not on every poll): an error with
 * the reason when it stops taking writes, a line when it recovers.
 */
export class StoreReadiness {
  private last: Readiness = { ok: true };

  constructor(
    private readonly store: Pick<Store, 'readiness'>,
    private readonly log: Logger,
  ) {}

  async check(): Promise<Readiness> {
    const now = await this.store.readiness().catch((err: unknown): Readiness => ({
      ok: false,
      reason: String((err as Error).message ?? err),
    }));
    if (!now.ok && (this.last.ok || this.last.reason !== now.reason)) {
      this.log.error({ reason: now.reason }, 'store not ready');
    } else if (now.ok && !this.last.ok) this.log.info('store ready again');
    this.last = now;
    return now;
  }
}

/** A limit of `max` operations in any window of `windowMs`. */
export interface WindowLimit {
  windowMs: number;
  max: number;
}

/** Teams' per-bot, per-thread send limits (teams-platform reference §4). */
export const TEAMS_THREAD_LIMITS: readonly WindowLimit[] = [
  { windowMs: 1_000, max: 7 },
  { windowMs: 2_000, max: 8 },
  { windowMs: 30_000, max: 60 },
  { windowMs: 3_600_000, max: 1_800 },
];

/**
 * Sliding-window limiter keyed per conversation, plus one global window (the per-tenant
 * request budget). It answers "when may this key send next?" so a dispatcher can sleep
 * exactly that long instead of polling or eating 429s.
 */
export class SlidingWindowLimiter {
  private readonly perKey = new Map<string, number[]>();
  private readonly global: number[] = [];
  private readonly longest: number;

  constructor(
    private readonly keyLimits: readonly WindowLimit[] = TEAMS_THREAD_LIMITS,
    /**
     * 40 of the 50 requests/s Teams allows per app and tenant, spread out (at most 4 per 100 ms)
     * rather than sent in one burst. The slack absorbs what the bot cannot see: the connector
     * client's own retries and the jitter between when a send starts here and when Teams counts
     * it. With 45/s, loaded test machines saw an occasional 429 for the tenant limit.
     */
    private readonly globalLimits: readonly WindowLimit[] = [
      { windowMs: 1_000, max: 40 },
      { windowMs: 100, max: 4 },
    ],
    /**
     * Added to every per-thread window. Those limits have no slack (7 in 1 s is exactly the
     * limit), so jitter must not push two sends into one window.
     */
    private readonly marginMs = 100,
  ) {
    this.longest =
      marginMs +
      Math.max(...keyLimits.map((l) => l.windowMs), ...globalLimits.map((l) => l.windowMs));
  }

  /** Earliest time at or after `now` when `key` may send without breaking any window. */
  nextAllowedAt(key: string, now: number): number {
    return Math.max(
      now,
      earliest(this.perKey.get(key) ?? [], this.keyLimits, now, this.marginMs),
      earliest(this.global, this.globalLimits, now, 0),
    );
  }

  record(key: string, at: number): void {
    let log = this.perKey.get(key);
    if (!log) {
      log = [];
      this.perKey.set(key, log);
    }
    log.push(at);
    this.global.push(at);
    prune(log, at - this.longest);
    prune(this.global, at - this.longest);
  }
}

/** Timestamps are appended in order, so the oldest sit at the front. */
function prune(log: number[], before: number): void {
  let drop = 0;
  while (drop < log.length && (log[drop] ?? 0) <= before) drop++;
  if (drop > 0) log.splice(0, drop);
}

function earliest(
  log: readonly number[],
  limits: readonly WindowLimit[],
  now: number,
  marginMs: number,
): number {
  let at = now;
  for (const limit of limits) {
    const windowMs = limit.windowMs + marginMs;
    const max = limit.max;
    let inWindow = 0;
    for (let i = log.length - 1; i >= 0 && (log[i] ?? 0) > now - windowMs; i--) inWindow++;
    if (inWindow >= max) {
      // The window frees up when its oldest counted send leaves it.
      const oldestCounted = log[log.length - max] ?? now;
      at = Math.max(at, oldestCounted + windowMs + 1);
    }
  }
  return at;
}

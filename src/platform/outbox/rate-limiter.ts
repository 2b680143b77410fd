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

/** One send as the limiter sees it: from when it started until its answer came back. */
export interface SendSpan {
  start: number;
  /** Undefined while the request is in flight. */
  end: number | undefined;
}

/** How long to wait before asking again when only in-flight sends block a window. */
const IN_FLIGHT_RECHECK_MS = 25;

/**
 * Sliding-window limiter keyed per conversation, plus global windows (the per-tenant budget).
 * Teams counts a request when it arrives, which is somewhere between when the bot starts it
 * and when the answer returns; so a send occupies a window until its answer is back (in-flight
 * sends count as present). Counting that way, no amount of network jitter or hidden client
 * retries can put more requests into a Teams window than the limit allows.
 */
export class SlidingWindowLimiter {
  private readonly perKey = new Map<string, SendSpan[]>();
  private readonly global: SendSpan[] = [];
  private readonly longest: number;

  constructor(
    private readonly keyLimits: readonly WindowLimit[] = TEAMS_THREAD_LIMITS,
    /**
     * 48 of the 50 requests/s Teams allows per app and tenant; the two left over are for other
     * callers of the same app id (a second replica's first sends, a manual test).
     */
    private readonly globalLimits: readonly WindowLimit[] = [{ windowMs: 1_000, max: 48 }],
  ) {
    this.longest = Math.max(
      ...keyLimits.map((l) => l.windowMs),
      ...globalLimits.map((l) => l.windowMs),
    );
  }

  /** Earliest time at or after `now` when `key` may send without breaking any window. */
  nextAllowedAt(key: string, now: number): number {
    return Math.max(
      now,
      earliest(this.perKey.get(key) ?? [], this.keyLimits, now),
      earliest(this.global, this.globalLimits, now),
    );
  }

  /** How far back a send can still matter to a window. */
  get horizonMs(): number {
    return this.longest;
  }

  /** Adds sends made before this limiter existed (by a process that has since died). */
  restore(sends: readonly { key: string; start: number; end: number }[]): void {
    for (const s of sends) this.complete(this.record(s.key, s.start), s.end);
  }

  /** Records a send starting now; call `complete` on the span when its answer is back. */
  record(key: string, at: number): SendSpan {
    const span: SendSpan = { start: at, end: undefined };
    let spans = this.perKey.get(key);
    if (!spans) {
      spans = [];
      this.perKey.set(key, spans);
    }
    spans.push(span);
    this.global.push(span);
    prune(spans, at - this.longest);
    prune(this.global, at - this.longest);
    if (spans.length === 0) this.perKey.delete(key);
    return span;
  }

  complete(span: SendSpan, at: number): void {
    span.end = Math.max(at, span.start);
  }
}

/** Drops spans that ended before `before`; in-flight spans stay. */
function prune(spans: SendSpan[], before: number): void {
  let w = 0;
  for (const s of spans) if (s.end === undefined || s.end > before) spans[w++] = s;
  spans.length = w;
}

function earliest(spans: readonly SendSpan[], limits: readonly WindowLimit[], now: number): number {
  let at = now;
  for (const { windowMs, max } of limits) {
    // A span still occupies the window (now - windowMs, now] unless it ended before it.
    const ends: number[] = [];
    let inFlight = 0;
    for (const s of spans) {
      if (s.end === undefined) inFlight++;
      else if (s.end > now - windowMs) ends.push(s.end);
    }
    const occupied = inFlight + ends.length;
    if (occupied < max) continue;
    // Free once enough finished spans leave the window; in-flight ones leave only later.
    const mustLeave = occupied - max + 1;
    if (mustLeave > ends.length) {
      at = Math.max(at, now + IN_FLIGHT_RECHECK_MS);
      continue;
    }
    ends.sort((a, b) => a - b);
    at = Math.max(at, (ends[mustLeave - 1] ?? now) + windowMs + 1);
  }
  return at;
}

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

/** The windows a send must fit: those of its thread, and those of the whole app in the tenant. */
export interface SendLimits {
  thread: readonly WindowLimit[];
  tenant: readonly WindowLimit[];
}

export const TEAMS_SEND_LIMITS: SendLimits = {
  thread: TEAMS_THREAD_LIMITS,
  /**
   * 48 of the 50 requests/s Teams allows per app and tenant; the two left over are for other
   * callers of the same app id (a manual test, a replica's clock running a little behind).
   */
  tenant: [{ windowMs: 1_000, max: 48 }],
};

/** How far back a send can still matter to one of these windows. */
export const horizonOf = (limits: readonly WindowLimit[]): number =>
  Math.max(0, ...limits.map((l) => l.windowMs));

/**
 * When a send's answer came back; undefined while it is in flight. Teams counts a request when
 * it arrives, somewhere between when the bot starts it and when the answer returns; so a send
 * occupies a window until its answer is back (in-flight sends count as present). Counting that
 * way, no amount of network jitter or hidden client retries can put more requests into a Teams
 * window than the limit allows.
 */
export type SpanEnd = number | undefined;

/** How long to wait before asking again when only in-flight sends block a window. */
export const IN_FLIGHT_RECHECK_MS = 25;

/**
 * Earliest time at or after `now` when one more send fits every window, given the sends that
 * may still occupy them (`ends`: in flight, or ended within the longest window).
 */
export function earliestSlot(
  ends: readonly SpanEnd[],
  limits: readonly WindowLimit[],
  now: number,
): number {
  let at = now;
  for (const { windowMs, max } of limits) {
    // A span still occupies the window (now - windowMs, now] unless it ended before it.
    const ended: number[] = [];
    let inFlight = 0;
    for (const end of ends) {
      if (end === undefined) inFlight++;
      else if (end > now - windowMs) ended.push(end);
    }
    const occupied = inFlight + ended.length;
    if (occupied < max) continue;
    // Free once enough finished spans leave the window; in-flight ones leave only later.
    const mustLeave = occupied - max + 1;
    if (mustLeave > ended.length) {
      at = Math.max(at, now + IN_FLIGHT_RECHECK_MS);
      continue;
    }
    ended.sort((a, b) => a - b);
    at = Math.max(at, (ended[mustLeave - 1] ?? now) + windowMs + 1);
  }
  return at;
}

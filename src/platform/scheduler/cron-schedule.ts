import cron from 'node-cron';

export type ScheduleErrorReason = 'invalid-expression' | 'invalid-timezone';

/** A cron expression or time zone a user typed that cannot be used; the message says why. */
export class ScheduleError extends Error {
  constructor(
    readonly reason: ScheduleErrorReason,
    message: string,
  ) {
    super(message);
    this.name = 'ScheduleError';
  }

  /** The message is written for the user who typed the request (see describeError). */
  get userMessage(): string {
    return this.message;
  }
}

const MINUTE = 60_000;
const SECOND = 1_000;

/** Each field's name and how many values it has, for 5-field expressions (seconds come first in 6). */
const FIELDS = [
  { name: 'minute', size: 60, cycle: 'hour' },
  { name: 'hour', size: 24, cycle: 'day' },
  { name: 'day of month', size: 31, cycle: 'month' },
  { name: 'month', size: 12, cycle: 'year' },
  { name: 'day of week', size: 7, cycle: 'week' },
] as const;

/**
 * A step larger than its field (a step of 99 in minutes) matches only the field's first value, so
 * node-cron accepts it but it fires hourly: refuse it with the range instead of running it.
 */
function oversizedStep(expression: string): string | undefined {
  const parts = expression.trim().split(/\s+/);
  const fields =
    parts.length === 6 ? [{ name: 'second', size: 60, cycle: 'minute' }, ...FIELDS] : FIELDS;
  for (const [i, f] of fields.entries()) {
    for (const m of (parts[i] ?? '').matchAll(/\/(\d+)/g)) {
      const n = Number(m[1]);
      if (n > f.size) {
        return `"${expression}" is not a usable schedule: the ${f.name} field has only ${f.size} values, so a step of ${n} would fire once per ${f.cycle}, not every ${n} ${f.name}s. Use a step of at most ${f.size}; e.g. "0 */2 * * *" is every 2 hours.`;
      }
    }
  }
  return undefined;
}

let zones: Set<string> | undefined;
function knownZone(tz: string): boolean {
  zones ??= new Set(Intl.supportedValuesOf('timeZone'));
  return tz === 'UTC' || zones.has(tz);
}

/**
 * A validated node-cron expression in a time zone, usable as a pure matcher against any
 * clock. node-cron has no "next run after X", so due slots are found by stepping through
 * candidate times: per minute for 5-field expressions, per second for 6-field ones.
 */
export class CronSchedule {
  readonly stepMs: number;
  private matcher: ReturnType<typeof cron.createTask> | undefined;

  constructor(
    readonly expression: string,
    readonly timezone = 'UTC',
  ) {
    const check = cron.validateDetailed(expression);
    if (!check.valid) {
      const first = check.errors[0];
      throw new ScheduleError(
        'invalid-expression',
        `"${expression}" is not a valid cron expression${first ? `: ${first.message}` : ''}. Example: "*/15 * * * *" (every 15 minutes).`,
      );
    }
    const step = oversizedStep(expression);
    if (step) throw new ScheduleError('invalid-expression', step);
    // An unknown zone makes node-cron throw later from timers; reject it up front.
    if (!knownZone(timezone)) {
      throw new ScheduleError(
        'invalid-timezone',
        `"${timezone}" is not a time zone. Use an IANA name such as Europe/Berlin or America/New_York.`,
      );
    }
    this.stepMs = expression.trim().split(/\s+/).length === 6 ? SECOND : MINUTE;
  }

  /**
   * node-cron's matcher, built at the first match rather than here: building it pulls in
   * about 10 MB of ICU time-zone data, which validating an expression (config) does not need.
   */
  private get task(): ReturnType<typeof cron.createTask> {
    if (!this.matcher) {
      this.matcher = cron.createTask(this.expression, () => undefined, {
        timezone: this.timezone,
        name: `schedule:${this.expression}`,
      });
      // createTask registers globally; this task only matches and never runs.
      void this.matcher.destroy();
    }
    return this.matcher;
  }

  matches(at: number): boolean {
    return at % this.stepMs === 0 && this.task.match(new Date(at));
  }

  /** The latest matching slot in (from, to], or undefined. Scans at most `maxSteps` slots. */
  latestSlot(fromExclusive: number, toInclusive: number, maxSteps = 20_160): number | undefined {
    let t = Math.floor(toInclusive / this.stepMs) * this.stepMs;
    for (let i = 0; i < maxSteps && t > fromExclusive; i++, t -= this.stepMs) {
      if (this.task.match(new Date(t))) return t;
    }
    return undefined;
  }

  /** The next matching slot after `from`, for "next check at" displays. */
  nextSlot(from: number, maxSteps = 527_040): number | undefined {
    let t = (Math.floor(from / this.stepMs) + 1) * this.stepMs;
    for (let i = 0; i < maxSteps; i++, t += this.stepMs) {
      if (this.task.match(new Date(t))) return t;
    }
    return undefined;
  }
}

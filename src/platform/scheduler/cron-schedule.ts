import cron from 'node-cron';
import type { Lang } from '../../chat/i18n';
import { messageText } from '../../services/describe-error';
import type { UserMessage } from '../../services/errors';

export type ScheduleErrorReason = 'invalid-expression' | 'invalid-timezone';

/** A cron expression or time zone a user typed that cannot be used; the message says why. */
export class ScheduleError extends Error {
  constructor(
    readonly reason: ScheduleErrorReason,
    private readonly said: UserMessage,
  ) {
    super(messageText(said, 'en'));
    this.name = 'ScheduleError';
  }

  /** The message is written for the user who typed the request (see describeError). */
  get userMessage(): string {
    return this.message;
  }

  /** The same sentence in the reader's language. */
  textIn(lang: Lang): string {
    return messageText(this.said, lang);
  }
}

const MINUTE = 60_000;
const SECOND = 1_000;

/** Each field's name and how many values it has, for 5-field expressions (seconds come first in 6). */
const FIELDS = [
  { id: 'minute', size: 60 },
  { id: 'hour', size: 24 },
  { id: 'dayOfMonth', size: 31 },
  { id: 'month', size: 12 },
  { id: 'dayOfWeek', size: 7 },
] as const;

type FieldId = 'second' | (typeof FIELDS)[number]['id'];
const isField = (f: string): f is FieldId => f === 'second' || FIELDS.some((x) => x.id === f);

/**
 * A step larger than its field (a step of 99 in minutes) matches only the field's first value, so
 * node-cron accepts it but it fires hourly: refuse it with the range instead of running it.
 */
function oversizedStep(expression: string): UserMessage | undefined {
  const parts = expression.trim().split(/\s+/);
  const fields = parts.length === 6 ? [{ id: 'second', size: 60 } as const, ...FIELDS] : FIELDS;
  for (const [i, f] of fields.entries()) {
    for (const m of (parts[i] ?? '').matchAll(/\/(\d+)/g)) {
      const step = Number(m[1]);
      if (step > f.size) {
        const vars = { expression, size: f.size, step };
        const why: UserMessage = { key: `scheduleErrors.step.${f.id}`, vars };
        return { key: 'scheduleErrors.stepTooLarge', vars, parts: { why } };
      }
    }
  }
  return undefined;
}

/**
 * node-cron's reason as a catalogue text (its English words, so English reads as before); a
 * reason of another shape is shown as node-cron wrote it.
 */
function cronReason(message: string, field: string): UserMessage | string {
  const count = /^expected 5 or 6 fields but got (\d+)$/.exec(message);
  if (count) return { key: 'scheduleErrors.reason.fieldCount', vars: { count: Number(count[1]) } };
  if (message === 'pattern includes illegal characters') {
    return { key: 'scheduleErrors.reason.characters' };
  }
  const invalid = /^(.*) is a invalid expression for /.exec(message);
  if (invalid && isField(field)) {
    const name: UserMessage = { key: `scheduleErrors.field.${field}` };
    return {
      key: 'scheduleErrors.reason.field',
      vars: { value: invalid[1] ?? '' },
      parts: { field: name },
    };
  }
  const impossible = /^(.*) is an impossible day of month for the given month$/.exec(message);
  if (impossible) {
    return { key: 'scheduleErrors.reason.impossibleDay', vars: { value: impossible[1] ?? '' } };
  }
  return message;
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
        first
          ? {
              key: 'scheduleErrors.invalid',
              vars: { expression },
              parts: { reason: cronReason(first.message, first.field) },
            }
          : { key: 'scheduleErrors.invalidBare', vars: { expression } },
      );
    }
    const step = oversizedStep(expression);
    if (step) throw new ScheduleError('invalid-expression', step);
    // An unknown zone makes node-cron throw later from timers; reject it up front.
    if (!knownZone(timezone)) {
      throw new ScheduleError('invalid-timezone', {
        key: 'scheduleErrors.timezone',
        vars: { timezone },
      });
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

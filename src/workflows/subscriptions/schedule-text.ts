import { CronSchedule } from '../../platform/scheduler/cron-schedule';
import type { Subscription } from './subscription-repository';
import { translator, type Lang } from '../../chat/i18n';

const EVERY = {
  second: 'subscriptions.everySecond',
  minute: 'subscriptions.everyMinute',
  hour: 'subscriptions.everyHour',
} as const;
const UNIT_MS = { second: 1_000, minute: 60_000, hour: 3_600_000 } as const;
const CYCLE = { second: 60, minute: 60, hour: 24 } as const;
/** A fixed instant (a January Monday, no DST change near it), so the words do not depend on today. */
const FROM = Date.UTC(2025, 0, 6);

/**
 * "every N units" only when the real fire times are N units apart across a whole cycle: a step
 * that does not divide its field (a step of 45 minutes fires at :00 and :45) restarts each cycle.
 */
function firesEvery(
  s: Pick<Subscription, 'cron' | 'timezone'>,
  n: number,
  unit: keyof typeof UNIT_MS,
): boolean {
  let schedule: CronSchedule;
  try {
    schedule = new CronSchedule(s.cron, s.timezone);
  } catch {
    return false;
  }
  let prev = schedule.nextSlot(FROM);
  for (let i = 0; i <= Math.ceil(CYCLE[unit] / n) && prev !== undefined; i++) {
    const next = schedule.nextSlot(prev);
    if (next === undefined || next - prev !== n * UNIT_MS[unit]) return false;
    prev = next;
  }
  return prev !== undefined;
}
const step = (field: string) => (field === '*' ? 1 : Number(/^\*\/(\d+)$/.exec(field)?.[1] ?? NaN));
const num = (field: string) => (/^\d+$/.test(field) ? Number(field) : NaN);

/**
 * A schedule in words for chat ("every hour", "daily at 09:00 (Europe/Berlin)"), so a list
 * of subscriptions reads on a phone; an expression it does not recognise stays as cron.
 */
export function scheduleText(
  s: Pick<Subscription, 'cron' | 'timezone'>,
  lang: Lang = 'en',
): string {
  const t = translator(lang);
  const fields = s.cron.trim().split(/\s+/);
  const zone = s.timezone === 'UTC' ? '' : ` (${s.timezone})`;
  const [sec, ...rest] = fields.length === 6 ? fields : ['0', ...fields];
  const [min = '', hour = '', dom = '', month = '', dow = ''] = rest;
  const daily = dom === '*' && month === '*' && dow === '*';
  const every = (n: number, unit: keyof typeof UNIT_MS) =>
    n > 0 && firesEvery(s, n, unit) ? t(EVERY[unit], { count: n }) : undefined;
  if (daily && sec !== '0' && min === '*' && hour === '*') {
    const text = every(step(sec ?? ''), 'second');
    if (text) return text;
  }
  if (daily && sec === '0') {
    const minutes = hour === '*' ? every(step(min), 'minute') : undefined;
    if (minutes) return minutes;
    const hours = min === '0' ? every(step(hour), 'hour') : undefined;
    if (hours) return hours + zone;
    if (num(min) < 60 && num(hour) < 24) {
      const hhmm = `${String(num(hour)).padStart(2, '0')}:${String(num(min)).padStart(2, '0')}`;
      return t('subscriptions.dailyAt', { time: hhmm, zone: zone || ' UTC' });
    }
  }
  return `\`${s.cron}\`${zone || ' UTC'}`;
}

/** "sustained 2" (alert only after N drifted checks in a row); empty for 1. */
export const sustainedText = (s: Pick<Subscription, 'sustained'>, lang: Lang = 'en'): string =>
  s.sustained > 1 ? translator(lang)('subscriptions.sustained', { n: s.sustained }) : '';

import type { Subscription } from './subscription-repository';

const plural = (n: number, unit: string) => (n === 1 ? `every ${unit}` : `every ${n} ${unit}s`);
const step = (field: string) => (field === '*' ? 1 : Number(/^\*\/(\d+)$/.exec(field)?.[1] ?? NaN));
const num = (field: string) => (/^\d+$/.test(field) ? Number(field) : NaN);

/**
 * A schedule in words for chat ("every hour", "daily at 09:00 (Europe/Berlin)"), so a list
 * of subscriptions reads on a phone; an expression it does not recognise stays as cron.
 */
export function scheduleText(s: Pick<Subscription, 'cron' | 'timezone'>): string {
  const fields = s.cron.trim().split(/\s+/);
  const zone = s.timezone === 'UTC' ? '' : ` (${s.timezone})`;
  const [sec, ...rest] = fields.length === 6 ? fields : ['0', ...fields];
  const [min = '', hour = '', dom = '', month = '', dow = ''] = rest;
  const daily = dom === '*' && month === '*' && dow === '*';
  if (daily && sec !== '0' && min === '*' && hour === '*' && step(sec ?? '') > 0) {
    return plural(step(sec ?? ''), 'second');
  }
  if (daily && sec === '0') {
    if (hour === '*' && step(min) > 0) return plural(step(min), 'minute');
    if (min === '0' && step(hour) > 0) return plural(step(hour), 'hour') + zone;
    if (num(min) < 60 && num(hour) < 24) {
      const hhmm = `${String(num(hour)).padStart(2, '0')}:${String(num(min)).padStart(2, '0')}`;
      return `daily at ${hhmm}${zone || ' UTC'}`;
    }
  }
  return `\`${s.cron}\`${zone || ' UTC'}`;
}

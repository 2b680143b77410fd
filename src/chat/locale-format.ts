/**
 * Locale-aware numbers, durations and sizes for bot texts, and the Adaptive Cards date/time
 * functions for times. Numbers go through Intl so French reads `1 234,5` (Intl's group separator
 * in French is U+202F, a narrow no-break space; before % it is U+00A0; both kept as Intl gives
them, so a number never wraps). Times are
 * not formatted here: the card carries `{{DATE()}}`/`{{TIME()}}` and the Teams client renders them
 * in the viewer's own locale and time zone, which the bot does not know.
 * `locale` is a BCP 47 tag such as `fr-FR`, `fr` or `en-US`.
 */

/** Plain number, grouped by the locale ("1,234.5" / "1 234,5"). */
export function formatNumber(value: number, locale: string, maximumFractionDigits = 2): string {
  return new Intl.NumberFormat(locale, { maximumFractionDigits }).format(value);
}

/**
 * Up to `digits` significant digits, never grouped: metric values are compared digit by digit
 * ("0.1235" / "0,1235", "12350"). Very large or small values use exponent form.
 */
export function formatSignificant(value: number, locale: string, digits = 4): string {
  if (!Number.isFinite(value)) return String(value);
  if (value === 0) return '0'; // also -0, which Intl would write "-0"
  const abs = Math.abs(value);
  if (abs !== 0 && (abs >= 1e6 || abs < 1e-4)) {
    // toExponential keeps the familiar "1.235e+6"; only the decimal mark follows the locale.
    return value.toExponential(digits - 1).replace('.', decimalMark(locale));
  }
  return new Intl.NumberFormat(locale, {
    maximumSignificantDigits: digits,
    useGrouping: false,
  }).format(value);
}

/** The locale's decimal mark ("." / ","). */
export function decimalMark(locale: string): string {
  const part = new Intl.NumberFormat(locale).formatToParts(1.5).find((p) => p.type === 'decimal');
  return part?.value ?? '.';
}

/** A whole amount of money in the locale's way ("$37" / "37 $US"); unknown codes show the code. */
export function formatMoney(value: number, currency: string, locale: string): string {
  try {
    return new Intl.NumberFormat(locale, {
      style: 'currency',
      currency,
      maximumFractionDigits: 0,
    }).format(Math.round(value));
  } catch {
    return `${formatNumber(Math.round(value), locale, 0)} ${currency}`;
  }
}

/** A ratio (0.125) as a percentage ("12.5%" / "12,5 %"). */
export function formatPercent(ratio: number, locale: string, maximumFractionDigits = 1): string {
  return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits }).format(ratio);
}

/** Intl's unit names for the duration parts (singular, as Intl.NumberFormat wants them). */
const DURATION_UNITS = {
  days: 'day',
  hours: 'hour',
  minutes: 'minute',
  seconds: 'second',
} as const;

/**
 * A duration in the locale's narrow units, two largest units only ("2m 5s" / "2min 5s",
 * "1h 3m" / "1h 3min", "2d 4h"); negative or unknown shows a dash.
 */
export function formatDuration(ms: number | undefined, locale: string): string {
  if (ms === undefined || !Number.isFinite(ms) || ms < 0) return '—';
  const total = Math.round(ms / 1000);
  const units = {
    days: Math.floor(total / 86400),
    hours: Math.floor(total / 3600) % 24,
    minutes: Math.floor(total / 60) % 60,
    seconds: total % 60,
  };
  const order = ['days', 'hours', 'minutes', 'seconds'] as const;
  // All zero reads "0s": the search finds no unit, so it falls back to seconds.
  const found = order.findIndex((u) => units[u] > 0);
  const first = found === -1 ? order.length - 1 : found;
  const shown = first === order.length - 1 ? order.slice(first) : order.slice(first, first + 2);
  // Each unit through Intl.NumberFormat's narrow unit style, not Intl.DurationFormat: Node 22
  // (still supported) has no DurationFormat. Zero parts after the first are left out ("1h").
  return shown
    .filter((u, i) => i === 0 || units[u] > 0)
    .map((u) =>
      new Intl.NumberFormat(locale, {
        style: 'unit',
        unit: DURATION_UNITS[u],
        unitDisplay: 'narrow',
      }).format(units[u]),
    )
    .join(' ');
}

/**
 * A deadline or wait in SI symbols, the number in the locale's way: "400 ms" below a second, else
 * whole seconds ("2 s", "3,600 s" / "3 600 s"; rounded, as the English texts always were). Symbols,
 * not Intl's unit names: English short seconds would read "2 sec", and ms/s are French too.
 */
export function formatDeadline(ms: number, locale: string): string {
  if (ms < 1000) return `${formatNumber(Math.round(ms), locale, 0)} ms`;
  return `${formatNumber(Math.round(ms / 1000), locale, 0)} s`;
}

const BYTE_UNITS = ['byte', 'kilobyte', 'megabyte', 'gigabyte', 'terabyte'] as const;

/** A size in decimal units, as Intl names them ("1.5 MB" / "1,5 Mo"). */
export function formatBytes(bytes: number, locale: string): string {
  let value = Math.max(0, bytes);
  let unit = 0;
  while (value >= 1000 && unit < BYTE_UNITS.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return new Intl.NumberFormat(locale, {
    style: 'unit',
    unit: BYTE_UNITS[unit],
    unitDisplay: 'short',
    maximumFractionDigits: unit === 0 ? 0 : 1,
  }).format(value);
}

export type CardDateFormat = 'COMPACT' | 'SHORT' | 'LONG';

/**
 * RFC 3339 in UTC with `Z` and whole seconds, the only form the Adaptive Cards TextBlock
 * functions parse (milliseconds make Teams print the raw text).
 */
export function rfc3339(when: Date | number): string {
  return new Date(when).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** `{{DATE(2026-12-06T19:00:00Z, SHORT)}}`: the client writes the date in its own locale. */
export function cardDate(when: Date | number, format: CardDateFormat = 'COMPACT'): string {
  return `{{DATE(${rfc3339(when)}, ${format})}}`;
}

/** `{{TIME(2026-12-06T19:00:00Z)}}`: the client writes the time in its own locale and zone. */
export function cardTime(when: Date | number): string {
  return `{{TIME(${rfc3339(when)})}}`;
}

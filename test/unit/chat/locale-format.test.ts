import { describe, expect, it } from 'vitest';
import {
  cardDate,
  cardTime,
  decimalMark,
  formatBytes,
  formatDeadline,
  formatDuration,
  formatNumber,
  formatPercent,
  formatSignificant,
  rfc3339,
} from '../../../src/chat/locale-format';
import { translator } from '../../../src/chat/i18n';

/** Intl's French group separator (also before units) and its space before %. */
const NNBSP = '\u202f';
const NBSP = '\u00a0';

describe('formatNumber', () => {
  it('groups and marks decimals by locale', () => {
    expect(formatNumber(1234.5, 'en-US')).toBe('1,234.5');
    expect(formatNumber(1234.5, 'fr-FR')).toBe(`1${NNBSP}234,5`);
    expect(formatNumber(1234.5, 'fr-CA')).toMatch(/^1\s234,5$/u);
    expect(decimalMark('fr')).toBe(',');
    expect(decimalMark('en')).toBe('.');
  });
});

describe('formatSignificant', () => {
  it('keeps four significant digits, ungrouped, with the locale decimal mark', () => {
    expect(formatSignificant(0.123456, 'en')).toBe('0.1235');
    expect(formatSignificant(0.123456, 'fr')).toBe('0,1235');
    expect(formatSignificant(12345.6, 'en')).toBe('12350');
    expect(formatSignificant(12345.6, 'fr')).toBe('12350');
    expect(formatSignificant(0, 'fr')).toBe('0');
  });

  it('uses exponent form for very large and very small values', () => {
    expect(formatSignificant(1234567, 'en')).toBe('1.235e+6');
    expect(formatSignificant(0.00001234, 'fr')).toBe('1,234e-5');
    expect(formatSignificant(Number.NaN, 'fr')).toBe('NaN');
  });
});

describe('formatPercent', () => {
  it('puts the French space before the sign', () => {
    expect(formatPercent(0.125, 'en')).toBe('12.5%');
    expect(formatPercent(0.125, 'fr')).toBe(`12,5${NBSP}%`);
    expect(formatPercent(1, 'fr')).toBe(`100${NBSP}%`);
  });
});

describe('formatDuration', () => {
  it('shows the two largest units in the locale', () => {
    expect(formatDuration(125_000, 'en')).toBe('2m 5s');
    expect(formatDuration(125_000, 'fr')).toBe('2min 5s');
    expect(formatDuration(3_780_000, 'en')).toBe('1h 3m');
    expect(formatDuration(3_780_000, 'fr')).toBe('1h 3min');
    expect(formatDuration(3_600_000, 'fr')).toBe('1h');
    expect(formatDuration((2 * 24 + 4) * 3_600_000 + 59_000, 'en')).toBe('2d 4h');
  });

  it('handles seconds, zero and unknown', () => {
    expect(formatDuration(4_400, 'fr')).toBe('4s');
    expect(formatDuration(0, 'en')).toBe('0s');
    expect(formatDuration(undefined, 'fr')).toBe('—');
    expect(formatDuration(-1, 'en')).toBe('—');
  });
});

describe('formatBytes', () => {
  it('uses decimal units named by the locale', () => {
    expect(formatBytes(512, 'en')).toBe('512 byte');
    expect(formatBytes(1_500_000, 'en')).toBe('1.5 MB');
    expect(formatBytes(1_500_000, 'fr')).toBe(`1,5${NNBSP}Mo`);
    expect(formatBytes(28_000, 'fr')).toBe(`28${NNBSP}ko`);
  });
});

describe('Adaptive Cards date and time functions', () => {
  const when = Date.UTC(2026, 11, 6, 19, 0, 0, 123);

  it('writes RFC 3339 in UTC with whole seconds', () => {
    expect(rfc3339(when)).toBe('2026-12-06T19:00:00Z');
    expect(rfc3339(new Date('2026-12-06T20:00:00+01:00'))).toBe('2026-12-06T19:00:00Z');
  });

  it('builds the DATE and TIME functions the client localises', () => {
    expect(cardDate(when, 'SHORT')).toBe('{{DATE(2026-12-06T19:00:00Z, SHORT)}}');
    expect(cardDate(when)).toBe('{{DATE(2026-12-06T19:00:00Z, COMPACT)}}');
    expect(cardDate(when, 'LONG')).toBe('{{DATE(2026-12-06T19:00:00Z, LONG)}}');
    expect(cardTime(when)).toBe('{{TIME(2026-12-06T19:00:00Z)}}');
  });
});

describe('formatDeadline', () => {
  it('writes milliseconds below a second, else whole seconds grouped by the locale', () => {
    expect(formatDeadline(400, 'en')).toBe('400 ms');
    expect(formatDeadline(1500, 'en')).toBe('2 s');
    expect(formatDeadline(3_600_000, 'en')).toBe('3,600 s');
    expect(formatDeadline(400, 'fr')).toBe('400 ms');
    expect(formatDeadline(3_600_000, 'fr')).toBe(`3${NNBSP}600 s`);
  });

  it('renders a model-call detail built once in each reader language (`{{ms, deadline}}`)', () => {
    const vars = { deployment: 'embed', duration: 3_600_000 };
    expect(translator('en')('graderNotes.embeddings.rateLimited', vars)).toBe(
      'embeddings deployment "embed" is rate-limited; retry after 3,600 s.',
    );
    expect(translator('fr')('graderNotes.embeddings.rateLimited', vars)).toBe(
      `le déploiement d’embeddings « embed » est limité en débit ; réessayez dans 3${NNBSP}600 s.`,
    );
  });
});

describe('the deadline formatter on a text stored before durations were numbers', () => {
  it('shows it as it was written', () => {
    expect(translator('fr')('graderNotes.model.timedOut', { name: 'azure', duration: '2 s' })).toBe(
      'azure n’a pas fini de répondre en 2 s. Réessayez, ou avec un prompt plus court.',
    );
  });
});

import type { AdaptiveCard } from '../chat/adaptive-card';
import {
  cardDate,
  cardTime,
  formatDuration as formatLocaleDuration,
  formatSignificant,
} from '../chat/locale-format';
import { translator, type Lang } from '../chat/i18n';

/** The cards' default locale: English output is what it was before locales existed. */
export const DEFAULT_LOCALE = 'en';

export const isEnglish = (locale: string): boolean => /^en(-|$)/i.test(locale);

/** MLflow run states, each with a symbol and a word so the state never depends on colour alone. */
export type RunStatusName = 'RUNNING' | 'SCHEDULED' | 'FINISHED' | 'FAILED' | 'KILLED';

// Plain text symbols (Dingbats / Geometric Shapes), not emoji: emoji such as ⏳ or ⏹ showed
// as empty boxes in the Playground's Chromium, and a client without an emoji font does the same.
// The labels (symbol + word) are in the `runs.status` catalogue.
const STATUS_COLOR: Record<RunStatusName, string> = {
  RUNNING: 'Accent',
  SCHEDULED: 'Default',
  FINISHED: 'Good',
  FAILED: 'Attention',
  KILLED: 'Warning',
};

/** Symbol + word, so the state reads without colour. */
export const statusLabel = (s: RunStatusName, lang: Lang = 'en'): string =>
  translator(lang)(`runs.status.${s}`);
/** Colour is extra emphasis only; the label carries the meaning. */
export const statusColor = (s: RunStatusName): string => STATUS_COLOR[s];

/**
 * Adaptive Card date/time functions: Teams renders them in the viewer's locale and zone.
 * COMPACT ("11/29/2026") keeps a list row on one line at phone width; SHORT names the day.
 */
export function localTime(
  epochMs: number | undefined,
  format: 'SHORT' | 'COMPACT' = 'SHORT',
): string {
  if (epochMs === undefined || !Number.isFinite(epochMs)) return '—';
  return `${cardDate(epochMs, format)} ${cardTime(epochMs)}`;
}

/**
 * Compact durations ("20m 00s", "1h 02m"); unknown shows a dash. English keeps this
 * fixed-width form (run lists align on it); other locales get Intl's units ("20min", "1h 2min").
 */
export function formatDuration(ms: number | undefined, locale: string = DEFAULT_LOCALE): string {
  if (!isEnglish(locale)) return formatLocaleDuration(ms, locale);
  if (ms === undefined || !Number.isFinite(ms) || ms < 0) return '—';
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${String(s % 60).padStart(2, '0')}s`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h}h ${String(m % 60).padStart(2, '0')}m`;
  return `${Math.floor(h / 24)}d ${h % 24}h`;
}

/** Four significant digits, the locale's decimal mark; exponent form only when plain digits would mislead. */
export function formatMetric(v: number | undefined, locale: string = DEFAULT_LOCALE): string {
  if (v === undefined) return '—';
  return formatSignificant(v, locale);
}

/** Signed delta with a real minus sign, so it never reads as a hyphen. */
export function formatDelta(d: number, locale: string = DEFAULT_LOCALE): string {
  const text = formatMetric(Math.abs(d), locale);
  return d > 0 ? `+${text}` : d < 0 ? `−${text}` : '±0';
}

/** Cuts a value (params may be 6000 chars) to what a card line can show. */
export function clip(value: string, max: number): string {
  return value.length <= max ? value : `${value.slice(0, Math.max(1, max - 1))}…`;
}

/** UTF-8 size of the card JSON, what Teams counts. */
export function bytesOf(card: AdaptiveCard): number {
  return Buffer.byteLength(JSON.stringify(card));
}

/**
 * Content budget for one card. Teams rejects activities over ~28 KB; the attachment envelope
 * costs a few hundred bytes more, so cards aim lower.
 */
export const CARD_CONTENT_BUDGET = 26 * 1024;

/**
 * Builds with shrinking list limits until the card fits the budget. `build(scale)` receives
 * 1, then ½, ¼ … and is expected to show proportionally fewer items ("and N more").
 */
export function fitCard(build: (scale: number) => AdaptiveCard): AdaptiveCard {
  let scale = 1;
  let built = build(scale);
  while (bytesOf(built) > CARD_CONTENT_BUDGET && scale > 1 / 64) {
    scale /= 2;
    built = build(scale);
  }
  return built;
}

/** `limit` scaled, at least 1. */
export const scaled = (limit: number, scale: number): number =>
  Math.max(1, Math.floor(limit * scale));

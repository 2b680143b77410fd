// Features of an inference window: what the drift monitor compares between two windows of
// predictions. Pure: sources (the embedded log, an import, a Databricks table) produce facts,
// this module turns them into declared-type columns for computeDriftReport.

import type { ColumnarRows } from './clean-column';
import { DriftInputError } from './drift-input-error';
import type { ColumnType } from './stattest-registry';

/** Source-neutral facts about one prediction; null = unknown in that source. */
export interface InferenceFacts {
  promptTokens: number | null;
  completionTokens: number | null;
  totalTokens: number | null;
  latencyMs: number | null;
  promptChars: number | null;
  responseChars: number | null;
  finishReason: string | null;
  model: string | null;
  /** 'ok' or the failure kind ('error', 'rate_limited', 'filtered', 'too_long'). */
  status: string | null;
  contentFiltered: boolean | null;
}

/** A feature: its declared type (never guessed), a label for cards, and how to read it. */
export interface FeatureDefinition {
  readonly type: ColumnType;
  readonly label: string;
  readonly value: (f: InferenceFacts) => number | string | null;
  /** Unit of a numerical feature, for "binned to 10 ms". */
  readonly unit?: string;
  /**
   * Smallest step of a numerical feature (1 for integer counts; a float feature declares its
   * own). A window with more distinct values than DRIFT_MAX_DISTINCT is binned at this step
   * times a power of ten, never sampled.
   */
  readonly resolution?: number;
}

const flag = (v: boolean | null) => (v === null ? null : v ? 'yes' : 'no');

/** Every feature the monitor knows, in report order. */
export const INFERENCE_FEATURES = {
  prompt_tokens: {
    type: 'numerical',
    label: 'Prompt tokens',
    value: (f) => f.promptTokens,
    unit: 'tokens',
    resolution: 1,
  },
  completion_tokens: {
    type: 'numerical',
    label: 'Completion tokens',
    value: (f) => f.completionTokens,
    unit: 'tokens',
    resolution: 1,
  },
  total_tokens: {
    type: 'numerical',
    label: 'Total tokens',
    value: (f) => f.totalTokens,
    unit: 'tokens',
    resolution: 1,
  },
  latency_ms: {
    type: 'numerical',
    label: 'Latency (ms)',
    value: (f) => f.latencyMs,
    unit: 'ms',
    resolution: 1,
  },
  prompt_chars: {
    type: 'numerical',
    label: 'Prompt length',
    value: (f) => f.promptChars,
    unit: 'characters',
    resolution: 1,
  },
  response_chars: {
    type: 'numerical',
    label: 'Response length',
    value: (f) => f.responseChars,
    unit: 'characters',
    resolution: 1,
  },
  finish_reason: { type: 'categorical', label: 'Finish reason', value: (f) => f.finishReason },
  model: { type: 'categorical', label: 'Model', value: (f) => f.model },
  status: { type: 'categorical', label: 'Status', value: (f) => f.status },
  content_filter: {
    type: 'categorical',
    label: 'Content filter hit',
    value: (f) => flag(f.contentFiltered),
  },
} as const satisfies Record<string, FeatureDefinition>;

export type FeatureName = keyof typeof INFERENCE_FEATURES;

export const FEATURE_NAMES = Object.keys(INFERENCE_FEATURES) as FeatureName[];

export const isFeatureName = (name: string): name is FeatureName =>
  Object.prototype.hasOwnProperty.call(INFERENCE_FEATURES, name);

/**
 * The configured feature list, validated; an empty or missing list means every feature.
 * Unknown names fail loudly so a typo in configuration is not silently "no drift".
 */
export function resolveFeatures(names: readonly string[] | undefined): FeatureName[] {
  if (!names || names.length === 0) return [...FEATURE_NAMES];
  const out: FeatureName[] = [];
  for (const raw of names) {
    const name = raw.trim().toLowerCase();
    if (!isFeatureName(name)) {
      throw new DriftInputError(
        'unknown-column',
        `unknown drift feature "${raw}" (known: ${FEATURE_NAMES.join(', ')})`,
      );
    }
    if (!out.includes(name)) out.push(name);
  }
  return out;
}

/** Declared column types for computeDriftReport, in the given order. */
export function featureColumns(features: readonly FeatureName[]): Record<string, ColumnType> {
  const out: Record<string, ColumnType> = {};
  for (const f of features) out[f] = INFERENCE_FEATURES[f].type;
  return out;
}

/** A window of predictions as feature columns, plus how many predictions it held. */
export interface FeatureWindow extends ColumnarRows {
  readonly size: number;
  /**
   * True when the window is a prefix of the data. The bundled sources count whole windows in
   * SQL and always say false; kept because stored incident summaries and cards carry it.
   */
  readonly truncated: boolean;
}

/** Turns facts into columns (numerical as Float64Array with NaN for unknown). */
export function featureWindow(
  facts: readonly InferenceFacts[],
  features: readonly FeatureName[],
  truncated = false,
): FeatureWindow {
  const columns: Record<string, ArrayLike<unknown>> = {};
  for (const name of features) {
    const def: FeatureDefinition = INFERENCE_FEATURES[name];
    if (def.type === 'numerical') {
      const col = new Float64Array(facts.length);
      facts.forEach((f, i) => {
        const v = def.value(f);
        col[i] = typeof v === 'number' ? v : Number.NaN;
      });
      columns[name] = col;
    } else {
      columns[name] = facts.map((f) => def.value(f));
    }
  }
  return { columns, size: facts.length, truncated };
}

// Dataset-level drift report: every declared column through Evidently's default pipeline, then
// the share of drifted columns against `drift_share`.

import { ScratchBuffer, type Rows } from './clean-column';
import { columnDrift, type ColumnDriftResult } from './column-drift';
import { DriftInputError } from './drift-input-error';
import { isStatTestName, STATTESTS, type ColumnType, type StatTestName } from './stattest-registry';

/** Evidently's default: the dataset drifts when at least half of the tested columns drift. */
export const DEFAULT_DRIFT_SHARE = 0.5;

/**
 * Overrides, with Evidently's precedence: per-column beats per-type beats all-columns beats the
 * default choice. Use them to opt in to `psi`/`kl_div` or to change thresholds.
 */
export interface DriftOptions {
  /** Dataset drift when drifted/tested ≥ this; default 0.5. */
  driftShare?: number;
  stattest?: StatTestName;
  numStattest?: StatTestName;
  catStattest?: StatTestName;
  perColumnStattest?: Readonly<Record<string, StatTestName>>;
  threshold?: number;
  perColumnThreshold?: Readonly<Record<string, number>>;
}

/** The report; snake_case because it is printed as-is by `drift --json`. */
export interface DriftReport {
  columns: ColumnDriftResult[];
  drifted_columns: number;
  /** Columns that got a verdict; "insufficient data" columns are excluded. */
  tested_columns: number;
  /** drifted_columns / tested_columns (0 when nothing could be tested). */
  share: number;
  dataset_drift: boolean;
}

function checkTest(value: unknown, where: string): StatTestName | undefined {
  if (value === undefined) return undefined;
  if (!isStatTestName(value)) {
    throw new DriftInputError(
      'bad-option',
      `${where}: unknown stattest ${JSON.stringify(value)} (expected one of ${Object.keys(STATTESTS).join(', ')})`,
    );
  }
  return value;
}

function checkThreshold(value: unknown, where: string): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new DriftInputError('bad-option', `${where}: threshold must be a finite number ≥ 0`);
  }
  return value;
}

function settingsFor(
  name: string,
  type: ColumnType,
  options: DriftOptions,
): { stattest?: StatTestName; threshold?: number } {
  const perColumn = options.perColumnStattest?.[name];
  const byType = type === 'numerical' ? options.numStattest : options.catStattest;
  const stattest =
    checkTest(perColumn, `perColumnStattest.${name}`) ??
    checkTest(byType, type === 'numerical' ? 'numStattest' : 'catStattest') ??
    checkTest(options.stattest, 'stattest');
  if (stattest !== undefined && !STATTESTS[stattest].columnTypes.includes(type)) {
    throw new DriftInputError(
      'bad-option',
      `stattest ${stattest} cannot be used on ${type} column "${name}"`,
    );
  }
  const threshold =
    checkThreshold(options.perColumnThreshold?.[name], `perColumnThreshold.${name}`) ??
    checkThreshold(options.threshold, 'threshold');
  const out: { stattest?: StatTestName; threshold?: number } = {};
  if (stattest !== undefined) out.stattest = stattest;
  if (threshold !== undefined) out.threshold = threshold;
  return out;
}

/**
 * Compares two windows column by column with Evidently's default data-drift logic and decides
 * dataset drift. Pure and synchronous: no I/O, so the chat bot, the CLI and tests share it.
 * Columns are tested in the order of `columns`; types are taken as declared, never guessed.
 */
export function computeDriftReport(
  reference: Rows,
  current: Rows,
  columns: Readonly<Record<string, ColumnType>>,
  options: DriftOptions = {},
): DriftReport {
  const driftShare = options.driftShare ?? DEFAULT_DRIFT_SHARE;
  if (typeof driftShare !== 'number' || !(driftShare >= 0 && driftShare <= 1)) {
    throw new DriftInputError('bad-option', 'driftShare must be a number between 0 and 1');
  }
  const entries = Object.entries(columns);
  for (const [name, type] of entries) {
    if (type !== 'numerical' && type !== 'categorical') {
      throw new DriftInputError(
        'bad-spec',
        `column "${name}" has type ${JSON.stringify(type)}; expected "numerical" or "categorical"`,
      );
    }
  }
  const settings = entries.map(([name, type]) => settingsFor(name, type, options));
  const scratch = { reference: new ScratchBuffer(), current: new ScratchBuffer() };
  const results = entries.map(([name, type], i) =>
    columnDrift(name, type, reference, current, settings[i], scratch),
  );
  const tested = results.filter((r) => r.drifted !== null);
  const drifted = tested.filter((r) => r.drifted === true).length;
  const share = tested.length === 0 ? 0 : drifted / tested.length;
  return {
    columns: results,
    drifted_columns: drifted,
    tested_columns: tested.length,
    share,
    dataset_drift: tested.length > 0 && share >= driftShare,
  };
}

// Evidently's stattests as used by its default data-drift logic: names, default thresholds,
// comparison directions, allowed column types and the default choice per column.

/** Declared column type; the engine never guesses (the CLI may infer, and says so). */
export type ColumnType = 'numerical' | 'categorical';

/** Stattest names, spelled as in Evidently so reports can be compared side by side. */
export type StatTestName =
  'ks' | 'chisquare' | 'z' | 'wasserstein' | 'jensenshannon' | 'psi' | 'kl_div';

/** Static facts about one stattest. */
export interface StatTestInfo {
  /** Evidently's display name, for human-readable output. */
  displayName: string;
  /** Evidently's default threshold. */
  threshold: number;
  /** p-values drift when small, distances when large. */
  kind: 'p_value' | 'distance';
  /** Column types Evidently allows the test on. */
  columnTypes: readonly ColumnType[];
}

/**
 * Registry of supported stattests. Thresholds and directions are Evidently's, because the point
 * of the engine is to give the same verdict Evidently would on the same windows.
 */
export const STATTESTS: Readonly<Record<StatTestName, StatTestInfo>> = {
  ks: { displayName: 'K-S p_value', threshold: 0.05, kind: 'p_value', columnTypes: ['numerical'] },
  chisquare: {
    displayName: 'chi-square p_value',
    threshold: 0.05,
    kind: 'p_value',
    columnTypes: ['numerical', 'categorical'],
  },
  z: {
    displayName: 'Z-test p_value',
    threshold: 0.05,
    kind: 'p_value',
    columnTypes: ['numerical', 'categorical'],
  },
  wasserstein: {
    displayName: 'Wasserstein distance (normed)',
    threshold: 0.1,
    kind: 'distance',
    columnTypes: ['numerical'],
  },
  jensenshannon: {
    displayName: 'Jensen-Shannon distance',
    threshold: 0.1,
    kind: 'distance',
    columnTypes: ['numerical', 'categorical'],
  },
  psi: {
    displayName: 'PSI',
    threshold: 0.1,
    kind: 'distance',
    columnTypes: ['numerical', 'categorical'],
  },
  kl_div: {
    displayName: 'Kullback-Leibler divergence',
    threshold: 0.1,
    kind: 'distance',
    columnTypes: ['numerical', 'categorical'],
  },
};

/** Type guard for user-supplied test names (CLI flags, chat commands, options objects). */
export function isStatTestName(value: unknown): value is StatTestName {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(STATTESTS, value);
}

/** Reference windows up to this (cleaned) size use the "small data" tests. */
export const SMALL_REFERENCE_MAX = 1000;

/**
 * Evidently's default test for a column (since 0.1.50): by declared type, the number of distinct
 * values in reference ∪ current and the cleaned reference size. The current size never matters.
 */
export function defaultStattest(
  type: ColumnType,
  nReference: number,
  nUnique: number,
): StatTestName {
  if (nReference <= SMALL_REFERENCE_MAX) {
    if (type === 'numerical' && nUnique > 5) return 'ks';
    return nUnique > 2 ? 'chisquare' : 'z';
  }
  if (type === 'numerical' && nUnique > 5) return 'wasserstein';
  return 'jensenshannon';
}

/**
 * Drift verdict with each test's own comparison: KS `p <= t` (Evidently's quirk), chi-square and
 * Z `p < t`, distances `score >= t`. A NaN score compares false, i.e. "no drift", as in Evidently.
 */
export function isDrift(test: StatTestName, score: number, threshold: number): boolean {
  if (Number.isNaN(score)) return false;
  switch (test) {
    case 'ks':
      return score <= threshold;
    case 'chisquare':
    case 'z':
      return score < threshold;
    case 'wasserstein':
    case 'jensenshannon':
    case 'psi':
    case 'kl_div':
      return score >= threshold;
  }
}

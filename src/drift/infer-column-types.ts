// Column-type inference for the `drift` CLI when no spec is given. The engine itself never
// guesses; this is a convenience whose result is always reported back to the user.

import type { Row } from './clean-column';
import type { ColumnType } from './stattest-registry';

/** Result of {@link inferColumnTypes}. */
export interface InferredColumns {
  /** Inferred types, in order of first appearance (reference rows first). */
  columns: Record<string, ColumnType>;
  /** Columns left out because they hold objects or arrays (not testable as one column). */
  skipped: string[];
}

const NON_FINITE_STRINGS = new Set(['NaN', 'Infinity', '-Infinity']);

/**
 * All non-missing values are numbers (or "NaN"/"Infinity"/"-Infinity") → numerical, else
 * categorical. Deliberately simple and predictable: an integer code column like `n_tool_calls`
 * becomes numerical, so users who want Evidently 0.7's typing must pass a spec.
 */
export function inferColumnTypes(windows: readonly (readonly Row[])[]): InferredColumns {
  const numeric = new Map<string, boolean>();
  const hasNumber = new Set<string>();
  const skipped = new Set<string>();
  for (const rows of windows) {
    for (const row of rows) {
      for (const [name, value] of Object.entries(row)) {
        if (!numeric.has(name)) numeric.set(name, true);
        if (value === null || value === undefined) continue;
        if (typeof value === 'object') {
          skipped.add(name);
        } else if (typeof value === 'number' || typeof value === 'bigint') {
          hasNumber.add(name);
        } else if (!(typeof value === 'string' && NON_FINITE_STRINGS.has(value))) {
          numeric.set(name, false);
        }
      }
    }
  }
  const columns: Record<string, ColumnType> = {};
  for (const [name, isNumeric] of numeric) {
    if (skipped.has(name)) continue;
    columns[name] = isNumeric && hasNumber.has(name) ? 'numerical' : 'categorical';
  }
  return { columns, skipped: [...skipped] };
}

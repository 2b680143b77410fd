// Evidently's `z` stattest: two-proportion Z-test on "value differs from the first category".

import type { CategoryTable } from './category-table';
import { normalCdf } from './normal-cdf';

/** Result of {@link proportionsZTest}; `z` is null in the both-constant-and-equal special case. */
export interface ZTestResult {
  z: number | null;
  pValue: number;
}

/**
 * p = 2·(1 − Φ(|z|)) with the pooled proportion, exactly Evidently's formula (not 2·Φ(−|z|), so the
 * p-value underflows to 0 for |z| ≳ 8.3 as in Evidently). Both windows holding one identical value
 * is special-cased to p = 1, as Evidently does, instead of 0/0.
 */
export function proportionsZTest(table: CategoryTable): ZTestResult {
  const k = table.keys.length;
  let nRef = 0;
  let nCur = 0;
  let refDistinct = 0;
  let curDistinct = 0;
  let refOnly = -1;
  let curOnly = -1;
  for (let i = 0; i < k; i++) {
    const r = table.reference[i]!;
    const c = table.current[i]!;
    nRef += r;
    nCur += c;
    if (r > 0) {
      refDistinct++;
      refOnly = i;
    }
    if (c > 0) {
      curDistinct++;
      curOnly = i;
    }
  }
  if (refDistinct === 1 && curDistinct === 1 && refOnly === curOnly) return { z: null, pValue: 1 };
  const p1 = (nRef - table.reference[0]!) / nRef;
  const p2 = (nCur - table.current[0]!) / nCur;
  const pooled = (p1 * nRef + p2 * nCur) / (nRef + nCur);
  const z = (p1 - p2) / Math.sqrt(pooled * (1 - pooled) * (1 / nRef + 1 / nCur));
  return { z, pValue: 2 * (1 - normalCdf(Math.abs(z))) };
}

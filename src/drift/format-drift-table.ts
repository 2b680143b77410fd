// Human-readable rendering of a drift report: an aligned table and a one-line verdict.

import type { ColumnDriftResult } from './column-drift';
import { DEFAULT_DRIFT_SHARE, type DriftReport } from './compute-drift-report';

/** Context the report itself does not carry. */
export interface DriftTableContext {
  referenceName: string;
  currentName: string;
  referenceRows: number;
  currentRows: number;
  /** True when the column types were guessed from the data (marked with `*`). */
  inferredTypes?: boolean;
  driftShare?: number;
}

/** p-values span 1e-80..1, distances 0..1e5: 4 significant digits, exponent when tiny or huge. */
export function formatDriftNumber(x: number | null): string {
  if (x === null) return '-';
  if (x === 0) return '0';
  const abs = Math.abs(x);
  return abs < 1e-3 || abs >= 1e6 ? x.toExponential(3) : String(Number(x.toPrecision(4)));
}

/**
 * Aligned plain-text table plus verdict, for terminals and chat code blocks. Columns without a
 * verdict are listed as "insufficient data" and named again under the verdict, so a silently
 * empty window cannot pass for "no drift".
 */
export function formatDriftTable(report: DriftReport, ctx: DriftTableContext): string {
  const header = ['column', 'type', 'test', 'score', 'threshold', 'drift', 'n_ref', 'n_cur'];
  const cells = (c: ColumnDriftResult): string[] => [
    c.name,
    ctx.inferredTypes ? `${c.type}*` : c.type,
    c.test ?? '-',
    formatDriftNumber(c.score),
    formatDriftNumber(c.threshold),
    c.drifted === null ? 'n/a' : c.drifted ? 'YES' : 'no',
    String(c.n_reference),
    String(c.n_current),
    c.error ?? '',
  ];
  const body = report.columns.map(cells);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => r[i]!.length)));
  const line = (r: string[]): string =>
    r
      .map((cell, i) => (i < widths.length ? cell.padEnd(widths[i]!) : cell))
      .join('  ')
      .trimEnd();
  const out = [
    `Data drift: ${ctx.referenceName} (${ctx.referenceRows} rows) vs ${ctx.currentName} (${ctx.currentRows} rows)`,
    '',
    line(header),
    ...body.map(line),
    '',
  ];
  const share = report.share.toFixed(2);
  const limit = (ctx.driftShare ?? DEFAULT_DRIFT_SHARE).toFixed(2);
  const counts = `${report.drifted_columns} of ${report.tested_columns} tested columns drifted`;
  if (report.tested_columns === 0) {
    out.push('Verdict: no verdict - no column has data in both windows.');
  } else if (report.dataset_drift) {
    out.push(`Verdict: DATASET DRIFT - ${counts} (share ${share} >= ${limit}).`);
  } else {
    out.push(`Verdict: no dataset drift - ${counts} (share ${share} < ${limit}).`);
  }
  const skipped = report.columns.filter((c) => c.error !== undefined).map((c) => c.name);
  if (skipped.length > 0) {
    out.push(
      `Not tested (insufficient data after dropping missing values): ${skipped.join(', ')}.`,
    );
  }
  const binned = report.columns.filter((c) => c.binning !== undefined);
  if (binned.length > 0) {
    out.push(
      `Binned (too many distinct values): ${binned.map((c) => `${c.name} ${c.binning}`).join(', ')}.`,
    );
  }
  if (ctx.inferredTypes) {
    out.push('* type inferred from the data; pass --columns spec.json to declare types.');
  }
  return `${out.join('\n')}\n`;
}

// Which two windows a drift check compares: current = the last N hours; reference = a fixed
// baseline range, or the window just before the current one.

import { DriftInputError } from './drift-input-error';

/** A half-open time range [from, to) in epoch ms. */
export interface TimeRange {
  readonly from: number;
  readonly to: number;
}

export type ReferenceSpec =
  { readonly kind: 'previous' } | { readonly kind: 'fixed'; readonly range: TimeRange };

export interface DriftWindows {
  readonly current: TimeRange;
  readonly reference: TimeRange;
}

const HOUR = 3_600_000;

/**
 * Parses `previous` or an ISO-8601 interval `2026-01-01T00:00Z/2026-01-08T00:00Z`. A fixed
 * baseline is what teams use after a known-good release; `previous` catches sudden changes.
 */
export function parseReferenceSpec(text: string | undefined): ReferenceSpec {
  const value = (text ?? 'previous').trim();
  if (value === '' || value.toLowerCase() === 'previous') return { kind: 'previous' };
  const [a, b, extra] = value.split('/');
  const from = Date.parse(a ?? '');
  const to = Date.parse(b ?? '');
  if (extra !== undefined || Number.isNaN(from) || Number.isNaN(to) || from >= to) {
    throw new DriftInputError(
      'bad-option',
      `reference "${value}" must be "previous" or an interval START/END in ISO 8601 with START < END, e.g. 2026-01-01T00:00Z/2026-01-08T00:00Z`,
    );
  }
  return { kind: 'fixed', range: { from, to } };
}

/** The windows of a check at `now`; pure so every caller (card, job, test) agrees. */
export function driftWindows(
  now: number,
  currentHours: number,
  reference: ReferenceSpec,
): DriftWindows {
  if (!(currentHours > 0)) throw new DriftInputError('bad-option', 'window hours must be > 0');
  const current = { from: now - currentHours * HOUR, to: now };
  return {
    current,
    reference:
      reference.kind === 'fixed'
        ? reference.range
        : { from: current.from - currentHours * HOUR, to: current.from },
  };
}

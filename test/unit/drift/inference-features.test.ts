import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../../src/cli/drift-import-command';
import { computeDriftReport } from '../../../src/drift/compute-drift-report';
import { DriftInputError } from '../../../src/drift/drift-input-error';
import { driftWindows, parseReferenceSpec } from '../../../src/drift/drift-windows';
import {
  featureColumns,
  featureWindow,
  FEATURE_NAMES,
  resolveFeatures,
  type InferenceFacts,
} from '../../../src/drift/inference-features';

const facts = (o: Partial<InferenceFacts> = {}): InferenceFacts => ({
  promptTokens: 10,
  completionTokens: 20,
  totalTokens: 30,
  latencyMs: 400,
  promptChars: 50,
  responseChars: 80,
  finishReason: 'stop',
  model: 'gpt-4o-mini',
  status: 'ok',
  contentFiltered: false,
  ...o,
});
const H = 3_600_000;

describe('inference features', () => {
  it('declares a type for every feature (no guessing)', () => {
    expect(featureColumns(FEATURE_NAMES)).toEqual({
      prompt_tokens: 'numerical',
      completion_tokens: 'numerical',
      total_tokens: 'numerical',
      latency_ms: 'numerical',
      prompt_chars: 'numerical',
      response_chars: 'numerical',
      finish_reason: 'categorical',
      model: 'categorical',
      status: 'categorical',
      content_filter: 'categorical',
    });
  });

  it('resolves configured features, all when empty, and rejects unknown ones', () => {
    expect(resolveFeatures(undefined)).toEqual(FEATURE_NAMES);
    expect(resolveFeatures([' Latency_MS ', 'status', 'status'])).toEqual(['latency_ms', 'status']);
    expect(() => resolveFeatures(['latency'])).toThrow(DriftInputError);
  });

  it('builds columns: numbers as Float64Array with NaN for unknown, labels as values', () => {
    const w = featureWindow(
      [facts(), facts({ latencyMs: null, contentFiltered: true, status: 'filtered' })],
      ['latency_ms', 'content_filter', 'status'],
    );
    expect(w.size).toBe(2);
    expect(Array.from(w.columns.latency_ms as Float64Array)).toEqual([400, Number.NaN]);
    expect(w.columns.content_filter).toEqual(['no', 'yes']);
    expect(w.columns.status).toEqual(['ok', 'filtered']);
  });

  it('feeds computeDriftReport; an empty window is "insufficient data", reported not tested', () => {
    const ref = featureWindow([facts(), facts({ latencyMs: 420 })], ['latency_ms', 'status']);
    const cur = featureWindow([], ['latency_ms', 'status']);
    const report = computeDriftReport(ref, cur, featureColumns(['latency_ms', 'status']));
    expect(report.tested_columns).toBe(0);
    expect(report.columns.map((c) => c.error)).toEqual(['insufficient data', 'insufficient data']);
    expect(report.dataset_drift).toBe(false);
  });
});

describe('drift windows', () => {
  it('current = last N hours; reference = the previous N hours by default', () => {
    expect(driftWindows(10 * H, 2, parseReferenceSpec(undefined))).toEqual({
      current: { from: 8 * H, to: 10 * H },
      reference: { from: 6 * H, to: 8 * H },
    });
  });

  it('a fixed baseline stays put as the clock moves', () => {
    const spec = parseReferenceSpec('2026-11-01T00:00Z/2026-11-08T00:00Z');
    const w = driftWindows(Date.parse('2026-11-30T12:00Z'), 24, spec);
    expect(w.reference).toEqual({
      from: Date.parse('2026-11-01T00:00Z'),
      to: Date.parse('2026-11-08T00:00Z'),
    });
    expect(w.current.to - w.current.from).toBe(24 * H);
  });

  it.each(['yesterday', '2026-11-08/2026-11-01', 'a/b/c'])('rejects reference %s', (spec) => {
    expect(() => parseReferenceSpec(spec)).toThrow(DriftInputError);
  });
});

describe('CSV import parsing', () => {
  it('reads a header row, quoted fields with commas, doubled quotes and CRLF', () => {
    const rows = parseCsv(
      'at,target,finish_reason,latency_ms\r\n1,"gpt, test","say ""hi""",400\r\n2,t,,\n',
    );
    expect(rows).toEqual([
      { at: '1', target: 'gpt, test', finish_reason: 'say "hi"', latency_ms: '400' },
      { at: '2', target: 't', finish_reason: null, latency_ms: null },
    ]);
  });

  it('drops a leading BOM, keeps newlines inside quotes and leaves absent cells null', () => {
    const rows = parseCsv('\uFEFFtarget,model,latency_ms\n"a\nb",m\n');
    expect(rows).toEqual([{ target: 'a\nb', model: 'm', latency_ms: null }]);
  });
});

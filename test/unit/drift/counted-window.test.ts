import { describe, expect, it } from 'vitest';
import { binWidthFor, countedWindow } from '../../../src/drift/counted-window';

describe('countedWindow', () => {
  it('turns (feature, value, n) groups into counted columns; unknown values count in the size', () => {
    const w = countedWindow(
      [
        { feature: 'latency_ms', value: '120.0', n: 3, binWidth: 0 },
        { feature: 'latency_ms', value: null, n: 2, binWidth: 0 },
        { feature: 'latency_ms', value: '120', n: 1, binWidth: 0 },
        { feature: 'status', value: 'ok', n: 4 },
        { feature: 'model', value: 'ignored: not asked for', n: 9 },
      ],
      ['latency_ms', 'status'],
    );
    expect(w.size).toBe(6);
    expect(w.columns).toEqual({});
    expect([...(w.counted?.latency_ms?.counts ?? [])]).toEqual([
      [120, 4],
      [null, 2],
    ]);
    expect(w.counted?.latency_ms).toMatchObject({ unit: 'ms' });
    expect(w.counted?.latency_ms).not.toHaveProperty('binWidth');
    expect([...(w.counted?.status?.counts ?? [])]).toEqual([['ok', 4]]);
    expect(w.counted).not.toHaveProperty('model');
  });

  it('keeps the width a source binned at', () => {
    const w = countedWindow(
      [{ feature: 'latency_ms', value: 10, n: 1, binWidth: 10 }],
      ['latency_ms'],
    );
    expect(w.counted?.latency_ms?.binWidth).toBe(10);
  });
});

describe('binWidthFor', () => {
  it('is exact within the cap, then the smallest power of ten times the resolution', () => {
    expect(binWidthFor(20_000, 20_000)).toBe(0);
    expect(binWidthFor(20_001, 20_000)).toBe(10);
    expect(binWidthFor(200_000, 20_000)).toBe(10);
    expect(binWidthFor(200_001, 20_000)).toBe(100);
    expect(binWidthFor(5_000, 1_000, 0.5)).toBe(5);
  });
});

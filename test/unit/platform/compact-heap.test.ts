import { afterEach, describe, expect, it, vi } from 'vitest';
import { heapCompaction } from '../../../src/platform/compact-heap';

const immediate = () => new Promise((r) => setImmediate(r));

describe('heapCompaction', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('compacts once, after the first ready answer that follows start-up', async () => {
    const compact = vi.fn();
    const compaction = heapCompaction(compact, 60_000);
    compaction.answered(); // during start-up: too early
    await immediate();
    expect(compact).not.toHaveBeenCalled();
    compaction.arm();
    compaction.answered();
    expect(compact).not.toHaveBeenCalled(); // not before the answer is out
    await immediate();
    expect(compact).toHaveBeenCalledTimes(1);
    compaction.answered();
    await immediate();
    expect(compact).toHaveBeenCalledTimes(1);
  });

  it('compacts after the fallback delay when nothing asks for readiness', () => {
    vi.useFakeTimers();
    const compact = vi.fn();
    const compaction = heapCompaction(compact, 1000);
    compaction.arm();
    vi.advanceTimersByTime(999);
    expect(compact).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(compact).toHaveBeenCalledTimes(1);
    compaction.answered();
    vi.runAllTimers();
    expect(compact).toHaveBeenCalledTimes(1);
  });
});

import { Writable } from 'node:stream';
import { describe, expect, it, vi } from 'vitest';
import { lazyChild } from '../../../src/bot/turn-log';
import { createLogger, type LogLevel } from '../../../src/platform/logging/logger';

function capture(level: LogLevel) {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(JSON.parse(chunk.toString('utf8')) as Record<string, unknown>);
      done();
    },
  });
  return { log: createLogger(level, sink), lines };
}

describe('lazyChild', () => {
  it('writes the same lines as an eager child, bindings and redaction included', () => {
    const eager = capture('info');
    const lazy = capture('info');
    const bindings = { activityId: 'a1', conversationId: 'c1' };
    for (const [log, child] of [
      [eager.log, eager.log.child(bindings)],
      [lazy.log, lazyChild(lazy.log, bindings)],
    ] as const) {
      child.debug('not at info');
      child.info({ command: 'help', token: 's3cret' }, 'command');
      child.child({ component: 'x' }).warn('nested');
      expect(child.bindings()).toMatchObject(bindings);
      expect(log.bindings()).not.toHaveProperty('activityId');
    }
    const strip = (l: Record<string, unknown>) => ({ ...l, time: undefined, pid: undefined });
    expect(lazy.lines.map(strip)).toEqual(eager.lines.map(strip));
    expect(lazy.lines[0]).toMatchObject({ activityId: 'a1', token: '[redacted]', msg: 'command' });
    expect(lazy.lines[1]).toMatchObject({ activityId: 'a1', component: 'x', msg: 'nested' });
  });

  it('builds no child for calls at a disabled level', () => {
    const { log, lines } = capture('warn');
    const child = vi.spyOn(log, 'child');
    const turn = lazyChild(log, { activityId: 'a2' });
    turn.info({ command: 'help' }, 'command');
    turn.debug('detail');
    expect(child).not.toHaveBeenCalled();
    turn.warn('late');
    expect(child).toHaveBeenCalledTimes(1);
    expect(lines).toEqual([expect.objectContaining({ activityId: 'a2', msg: 'late' })]);
  });

  it('takes its own level once set, like a child', () => {
    const { log, lines } = capture('warn');
    const turn = lazyChild(log, { activityId: 'a3' });
    turn.level = 'debug';
    turn.debug('now shown');
    log.debug('parent unchanged');
    expect(lines.map((l) => l.msg)).toEqual(['now shown']);
  });
});

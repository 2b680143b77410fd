import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../../../src/platform/logging/logger';
import { CronSchedule, ScheduleError } from '../../../../src/platform/scheduler/cron-schedule';
import { Scheduler } from '../../../../src/platform/scheduler/scheduler';
import { openDatabase, type Database } from '../../../../src/platform/store/database';

const log = createLogger('silent');
const at = (iso: string) => Date.parse(iso);
const dirs: string[] = [];
const dbs: Database[] = [];

function store(dir = mkdtempSync(path.join(os.tmpdir(), 'sched-'))): { db: Database; dir: string } {
  if (!dirs.includes(dir)) dirs.push(dir);
  const db = openDatabase(dir);
  dbs.push(db);
  return { db, dir };
}

afterEach(() => {
  for (const db of dbs.splice(0)) if (db.open) db.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('CronSchedule', () => {
  it.each([
    ['*/15 * * * *', 'UTC', '2026-11-30T10:15:00Z', true],
    ['*/15 * * * *', 'UTC', '2026-11-30T10:16:00Z', false],
    ['0 9 * * *', 'Europe/Berlin', '2026-11-30T08:00:00Z', true], // 09:00 CET
    ['0 9 * * *', 'Europe/Berlin', '2026-11-30T09:00:00Z', false],
    ['0 9 * * *', 'America/New_York', '2026-11-30T14:00:00Z', true], // 09:00 EST
    ['*/10 * * * * *', 'UTC', '2026-11-30T10:00:20Z', true],
    ['*/10 * * * * *', 'UTC', '2026-11-30T10:00:21Z', false],
  ])('%s in %s matches %s: %s', (expr, tz, iso, expected) => {
    expect(new CronSchedule(expr, tz).matches(at(iso))).toBe(expected);
  });

  it('finds the latest slot in a range and the next one', () => {
    const s = new CronSchedule('0 * * * *');
    expect(s.latestSlot(at('2026-11-30T10:00:00Z'), at('2026-11-30T12:30:00Z'))).toBe(
      at('2026-11-30T12:00:00Z'),
    );
    expect(s.latestSlot(at('2026-11-30T12:00:00Z'), at('2026-11-30T12:30:00Z'))).toBeUndefined();
    expect(s.nextSlot(at('2026-11-30T12:00:00Z'))).toBe(at('2026-11-30T13:00:00Z'));
  });

  it('rejects bad expressions and zones with a message that says what to type', () => {
    expect(() => new CronSchedule('61 * * * *')).toThrow(ScheduleError);
    expect(() => new CronSchedule('61 * * * *')).toThrow(/minute/);
    expect(() => new CronSchedule('* * *')).toThrow(/Example/);
    expect(() => new CronSchedule('* * * * *', 'Mars/Base')).toThrow(/IANA/);
  });
});

describe('Scheduler with an injected clock', () => {
  it('runs a job once per due slot and never twice for the same slot', async () => {
    let now = at('2026-11-30T10:00:30Z');
    const { db } = store();
    const scheduler = new Scheduler(db, log, { now: () => now });
    const slots: number[] = [];
    scheduler.register({
      id: 'j',
      schedule: new CronSchedule('* * * * *'),
      run: (slot) => {
        slots.push(slot);
        return Promise.resolve();
      },
    });
    expect(scheduler.tick()).toEqual([]); // nothing due since registration
    now = at('2026-11-30T10:01:00Z');
    expect(scheduler.tick()).toEqual(['j']);
    await scheduler.idle();
    now = at('2026-11-30T10:01:05Z');
    expect(scheduler.tick()).toEqual([]);
    expect(slots).toEqual([at('2026-11-30T10:01:00Z')]);
  });

  it('catches up once after missed ticks instead of replaying every slot', async () => {
    let now = at('2026-11-30T10:00:00Z');
    const { db } = store();
    const scheduler = new Scheduler(db, log, { now: () => now });
    const slots: number[] = [];
    scheduler.register({
      id: 'j',
      schedule: new CronSchedule('*/5 * * * *'),
      run: (s) => {
        slots.push(s);
        return Promise.resolve();
      },
    });
    now = at('2026-11-30T10:23:00Z'); // the process was asleep for 23 minutes
    scheduler.tick();
    await scheduler.idle();
    expect(slots).toEqual([at('2026-11-30T10:20:00Z')]);
  });

  it('skips a slot while the previous run of the same job is still going', async () => {
    let now = at('2026-11-30T10:00:00Z');
    const { db } = store();
    const scheduler = new Scheduler(db, log, { now: () => now });
    let release: () => void = () => undefined;
    let runs = 0;
    scheduler.register({
      id: 'slow',
      schedule: new CronSchedule('* * * * *'),
      run: () => {
        runs++;
        return new Promise<void>((r) => {
          release = r;
        });
      },
    });
    now = at('2026-11-30T10:01:00Z');
    expect(scheduler.tick()).toEqual(['slow']);
    now = at('2026-11-30T10:02:00Z');
    expect(scheduler.tick()).toEqual([]);
    release();
    await scheduler.idle();
    now = at('2026-11-30T10:03:00Z');
    expect(scheduler.tick()).toEqual(['slow']);
    release();
    await scheduler.idle();
    expect(runs).toBe(2);
  });

  it('a restart neither repeats a claimed slot nor misses one that came due while down', async () => {
    let now = at('2026-11-30T10:00:00Z');
    const { db, dir } = store();
    const slots: number[] = [];
    const job = {
      id: 'j',
      schedule: new CronSchedule('*/10 * * * *'),
      run: (s: number) => {
        slots.push(s);
        return Promise.resolve();
      },
    };
    const first = new Scheduler(db, log, { now: () => now });
    first.register(job);
    now = at('2026-11-30T10:10:00Z');
    first.tick();
    await first.idle();
    db.close();

    now = at('2026-11-30T10:10:30Z');
    const { db: db2 } = store(dir);
    const second = new Scheduler(db2, log, { now: () => now });
    second.register(job);
    expect(second.tick()).toEqual([]); // 10:10 already ran before the restart
    now = at('2026-11-30T10:21:00Z');
    second.tick();
    await second.idle();
    expect(slots).toEqual([at('2026-11-30T10:10:00Z'), at('2026-11-30T10:20:00Z')]);
  });

  it('a second replica on the same store does not run a slot the first one claimed', async () => {
    let now = at('2026-11-30T10:00:00Z');
    const { db } = store();
    const runs: string[] = [];
    const a = new Scheduler(db, log, { now: () => now });
    const b = new Scheduler(db, log, { now: () => now });
    a.register({
      id: 'j',
      schedule: new CronSchedule('* * * * *'),
      run: () => {
        runs.push('a');
        return Promise.resolve();
      },
    });
    b.register({
      id: 'j',
      schedule: new CronSchedule('* * * * *'),
      run: () => {
        runs.push('b');
        return Promise.resolve();
      },
    });
    now = at('2026-11-30T10:01:00Z');
    a.tick();
    b.tick();
    await Promise.all([a.idle(), b.idle()]);
    expect(runs).toEqual(['a']);
  });
});

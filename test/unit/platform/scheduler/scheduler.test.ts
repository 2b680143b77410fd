import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../../../src/platform/logging/logger';
import { CronSchedule, ScheduleError } from '../../../../src/platform/scheduler/cron-schedule';
import { Scheduler } from '../../../../src/platform/scheduler/scheduler';
import type { Store } from '../../../../src/platform/store/store';
import { openTestStore, STORE_KINDS, type TestStore } from '../../../support/test-store';

const log = createLogger('silent');
const at = (iso: string) => Date.parse(iso);

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

  it('rejects a step beyond its field, which node-cron accepts but fires once a cycle', () => {
    expect(() => new CronSchedule('*/99 * * * *')).toThrow(
      /minute field has only 60 values, so a step of 99 would fire once per hour/,
    );
    expect(() => new CronSchedule('0 */25 * * *')).toThrow(/hour field/);
    expect(() => new CronSchedule('*/61 * * * * *')).toThrow(/second field/);
    expect(new CronSchedule('*/60 * * * *').expression).toBe('*/60 * * * *');
  });

  it('says the same in French, word for word in English as before', () => {
    const error = (expr: string, tz?: string) => {
      try {
        new CronSchedule(expr, tz);
      } catch (err) {
        if (err instanceof ScheduleError) return err;
      }
      throw new Error(`${expr} was accepted`);
    };
    const field = error('61 * * * *');
    expect(field.message).toBe(
      '"61 * * * *" is not a valid cron expression: 61 is a invalid expression for minute. Example: "*/15 * * * *" (every 15 minutes).',
    );
    expect(field.textIn('fr')).toBe(
      '« 61 * * * * » n’est pas une expression cron valide : « 61 » n’est pas valide pour le champ des minutes. Exemple : « */15 * * * * » (toutes les 15 minutes).',
    );
    expect(error('* * *').textIn('fr')).toContain('il faut 5 ou 6 champs, elle en a 3');
    expect(error('*/99 * * * *').message).toBe(
      '"*/99 * * * *" is not a usable schedule: the minute field has only 60 values, so a step of 99 would fire once per hour, not every 99 minutes. Use a step of at most 60; e.g. "0 */2 * * *" is every 2 hours.',
    );
    expect(error('*/99 * * * *').textIn('fr')).toContain(
      'le champ des minutes n’a que 60 valeurs, donc un pas de 99 se déclencherait une fois par heure',
    );
    expect(error('* * * * *', 'Mars/Base').textIn('fr')).toBe(
      '« Mars/Base » n’est pas un fuseau horaire. Utilisez un nom IANA comme Europe/Paris ou America/New_York.',
    );
  });
});

describe.each(STORE_KINDS)('Scheduler with an injected clock (%s)', (kind) => {
  let t: TestStore;
  let store: Store;
  beforeEach(async () => {
    t = await openTestStore(kind);
    store = t.store;
  });
  afterEach(() => t.dispose());

  it('runs a job once per due slot and never twice for the same slot', async () => {
    let now = at('2026-11-30T10:00:30Z');
    const scheduler = new Scheduler(store, log, { now: () => now });
    const slots: number[] = [];
    scheduler.register({
      id: 'j',
      schedule: new CronSchedule('* * * * *'),
      run: (slot) => {
        slots.push(slot);
        return Promise.resolve();
      },
    });
    expect(await scheduler.tick()).toEqual([]); // nothing due since registration
    now = at('2026-11-30T10:01:00Z');
    expect(await scheduler.tick()).toEqual(['j']);
    await scheduler.idle();
    now = at('2026-11-30T10:01:05Z');
    expect(await scheduler.tick()).toEqual([]);
    expect(slots).toEqual([at('2026-11-30T10:01:00Z')]);
  });

  it('reports how late each run started after its slot (the scheduler lag)', async () => {
    let now = at('2026-11-30T10:00:30Z');
    const lags: number[] = [];
    const telemetry = { schedulerLag: (ms: number) => lags.push(ms) };
    const scheduler = new Scheduler(store, log, { now: () => now, telemetry });
    scheduler.register({ id: 'j', schedule: new CronSchedule('* * * * *'), run: async () => {} });
    await scheduler.tick();
    now = at('2026-11-30T10:01:02.500Z');
    expect(await scheduler.tick()).toEqual(['j']);
    await scheduler.idle();
    expect(lags).toEqual([2_500]);
  });

  it('catches up once after missed ticks instead of replaying every slot', async () => {
    let now = at('2026-11-30T10:00:00Z');
    const scheduler = new Scheduler(store, log, { now: () => now });
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
    await scheduler.tick();
    await scheduler.idle();
    expect(slots).toEqual([at('2026-11-30T10:20:00Z')]);
  });

  it('skips a slot while the previous run of the same job is still going', async () => {
    let now = at('2026-11-30T10:00:00Z');
    const scheduler = new Scheduler(store, log, { now: () => now });
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
    expect(await scheduler.tick()).toEqual(['slow']);
    now = at('2026-11-30T10:02:00Z');
    expect(await scheduler.tick()).toEqual([]);
    release();
    await scheduler.idle();
    now = at('2026-11-30T10:03:00Z');
    expect(await scheduler.tick()).toEqual(['slow']);
    release();
    await scheduler.idle();
    expect(runs).toBe(2);
  });

  it('a restart neither repeats a claimed slot nor misses one that came due while down', async () => {
    let now = at('2026-11-30T10:00:00Z');
    const slots: number[] = [];
    const job = {
      id: 'j',
      schedule: new CronSchedule('*/10 * * * *'),
      run: (s: number) => {
        slots.push(s);
        return Promise.resolve();
      },
    };
    const first = new Scheduler(store, log, { now: () => now });
    first.register(job);
    now = at('2026-11-30T10:10:00Z');
    await first.tick();
    await first.stop(); // the process stops; its state is in the store

    now = at('2026-11-30T10:10:30Z');
    const second = new Scheduler(store, log, { now: () => now });
    second.register(job);
    expect(await second.tick()).toEqual([]); // 10:10 already ran before the restart
    now = at('2026-11-30T10:21:00Z');
    await second.tick();
    await second.idle();
    expect(slots).toEqual([at('2026-11-30T10:10:00Z'), at('2026-11-30T10:20:00Z')]);
  });

  it('two replicas on one store ticking at once: exactly one of them runs the slot', async () => {
    let now = at('2026-11-30T10:00:00Z');
    const runs: string[] = [];
    const a = new Scheduler(store, log, { now: () => now });
    const b = new Scheduler(store, log, { now: () => now });
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
    await Promise.all([a.tick(), b.tick()]);
    await Promise.all([a.idle(), b.idle()]);
    // Either may win the claim; never both, never neither.
    expect(runs).toHaveLength(1);
    now = at('2026-11-30T10:01:30Z');
    await Promise.all([a.tick(), b.tick()]);
    await Promise.all([a.idle(), b.idle()]);
    expect(runs).toHaveLength(1);
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { DatabricksAuth } from '../../../src/services/databricks/databricks-auth';
import { createDatabricksHttp } from '../../../src/services/databricks/databricks-client';
import { HttpDatabricksJobs } from '../../../src/services/databricks/jobs';
import { OperationRepository } from '../../../src/platform/operations/operation-repository';
import { OperationRunner } from '../../../src/platform/operations/operation-runner';
import {
  retrainEnvironment,
  retrainKind,
  watchRetrainRun,
} from '../../../src/workflows/drift-monitor/retrain-operation';
import { FakeDatabricks } from '../../fakes/fake-databricks/fake-databricks';
import { installJobs, type JobsFakeOptions } from '../../fakes/fake-databricks/jobs';
import { checkCard, CARD_BYTE_LIMIT } from '../../support/card-validator';
import {
  driftRig,
  HOUR,
  log,
  outboxRows,
  subscribeDrift,
  type DriftRig,
  type Shape,
} from '../../support/drift-rig';

const T0 = Date.parse('2026-11-30T12:00:00Z');
const BASE: Shape = { latency: 400, completion: 100, prompt: 50, seed: 7 };
const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

async function jobsFake(options: Partial<JobsFakeOptions> = {}) {
  const fake = new FakeDatabricks();
  const state = installJobs(fake, { jobIds: [42], ...options });
  await fake.start();
  cleanup.push(() => fake.stop());
  const http = createDatabricksHttp({
    host: fake.url,
    auth: new DatabricksAuth({ host: fake.url, token: 'dapi-test-token' }),
  });
  return { fake, state, jobs: new HttpDatabricksJobs(http) };
}

/** A rig with one subscription and an open incident; returns its id. */
async function openIncident(r: DriftRig): Promise<string> {
  await subscribeDrift(r, '19:alerts@thread.tacv2');
  await r.seed('gpt-test', T0 - 2 * HOUR, T0 - HOUR, 150, BASE);
  await r.seed('gpt-test', T0 - HOUR, T0, 150, {
    ...BASE,
    latency: 1_500,
    completion: 400,
    seed: 3,
  });
  r.clock.now = T0 + 1;
  await r.scheduler.tick(T0 + 1);
  await r.scheduler.idle();
  const [sub] = await r.subscriptions.repo.list();
  const id = (await r.incidents.active(sub?.id ?? ''))?.id;
  if (!id) throw new Error('no incident opened');
  return id;
}

function rig(o: Parameters<typeof driftRig>[0] = {}): DriftRig {
  const r = driftRig({ start: T0 - 60_000, ...o });
  cleanup.push(() => r.close());
  return r;
}

const CHANNEL = '19:alerts@thread.tacv2';

describe('alert card buttons', () => {
  it('Acknowledge records who and updates the card for everyone (outbox update)', async () => {
    const r = rig({
      settings: { owner: { id: '22222222-2222-2222-2222-222222222224', name: 'Ops Four' } },
    });
    const id = await openIncident(r);
    const post = outboxRows(r).find((x) => x.kind === 'post');
    expect(post?.text).toContain('<at>Ops Four</at>');
    const result = await r.actions.acknowledge(id, 'Ona Call', CHANNEL);
    expect(result.card?.kind).toBe('card');
    const card = result.card?.kind === 'card' ? result.card.card : undefined;
    expect(JSON.stringify(card)).toContain('Ona Call');
    expect(JSON.stringify(card)).not.toContain('"Acknowledge"');
    expect(checkCard(card as never).events).toEqual([]);
    expect(checkCard(card as never).bytes).toBeLessThanOrEqual(CARD_BYTE_LIMIT);
    expect(
      outboxRows(r)
        .filter((x) => x.kind === 'update')
        .pop()?.text,
    ).toContain('Ona Call');
    expect((await r.incidents.get(id))?.acknowledgedBy).toBe('Ona Call');
  });

  it('refuses a button pressed outside the alert channel, changing nothing', async () => {
    const r = rig();
    const id = await openIncident(r);
    for (const res of [
      await r.actions.acknowledge(id, 'Mallory', 'a:personal-chat'),
      await r.actions.snooze(id, 24, 'Mallory', '19:other@thread.tacv2'),
    ]) {
      expect(res.card).toBeUndefined();
      expect(res.reply?.kind === 'text' && res.reply.text).toContain('another channel');
    }
    expect(await r.incidents.get(id)).toMatchObject({
      acknowledgedBy: undefined,
      snoozedUntil: undefined,
    });
    expect(outboxRows(r).filter((x) => x.kind === 'reply')).toHaveLength(0);
  });

  it('Snooze 1h holds back escalation until it ends', async () => {
    const r = rig({
      settings: { reference: { kind: 'fixed', range: { from: T0 - 2 * HOUR, to: T0 - HOUR } } },
    });
    const id = await openIncident(r);
    const snoozed = await r.actions.snooze(id, 1, 'Ona Call', `${CHANNEL};messageid=1`);
    expect(snoozed.card?.kind).toBe('card');
    // The channel learns that its alerts were silenced: a reply in the alert's thread.
    const notice = outboxRows(r).filter((x) => x.kind === 'reply');
    expect(notice.map((x) => x.text)).toEqual([
      'Ona Call snoozed drift alerts for gpt-test for 1 h.',
    ]);
    expect((await r.incidents.get(id))?.snoozedUntil).toBe(T0 + 1 + HOUR);
    await r.seed('gpt-test', T0, T0 + HOUR, 150, {
      latency: 3_000,
      completion: 900,
      prompt: 500,
      errorRate: 0.5,
      seed: 4,
    });
    r.clock.now = T0 + HOUR - 30_000;
    // A manual check inside the snooze: worse, but no escalation reply.
    const [sub] = await r.subscriptions.repo.list();
    if (!sub) throw new Error('no subscription');
    await r.monitor.check(sub, T0 + HOUR - 30_000);
    expect(outboxRows(r).filter((x) => x.kind === 'reply')).toHaveLength(1);
  });

  it('Start retraining runs the job once (idempotency token) and reports the result in the thread', async () => {
    const { state, fake, jobs } = await jobsFake({ pendingPolls: 1, runningPolls: 2 });
    const r = rig({ jobs, settings: { retrainJobId: 42 } });
    const id = await openIncident(r);
    expect(outboxRows(r).find((x) => x.kind === 'post')?.text).toContain('Start retraining');
    const first = await r.actions.retrain(id, 'Ona Call', CHANNEL);
    expect(first.card?.kind).toBe('card');
    await r.actions.retrain(id, 'Dev One', CHANNEL); // double click: no second run
    await r.actions.idle();
    expect(state.runs).toHaveLength(1);
    expect(state.runs[0]?.token).toBe(`drift-retrain-${id}`);
    expect(state.runs[0]?.parameters).toEqual({ target: 'gpt-test', incident_id: id });
    const runNow = fake.requests.filter((q) => q.path === '/api/2.1/jobs/run-now');
    expect(runNow).toHaveLength(1);
    const reply = (suffix: string) => outboxRows(r).find((x) => x.key.endsWith(suffix))?.text;
    expect(reply(':retrain:1001:started')).toMatch(
      /Ona Call started retraining: Databricks job 42, run 1001/,
    );
    expect(reply(':retrain:1001:done')).toMatch(/Retraining run 1001 succeeded/);
    expect(outboxRows(r).filter((x) => x.kind === 'reply')).toHaveLength(2);
    expect((await r.incidents.get(id))?.retrainState).toBe('finished: SUCCESS');
  });

  it('reports a failed retraining run with its message', async () => {
    const { jobs } = await jobsFake({ resultState: 'FAILED', pendingPolls: 0, runningPolls: 0 });
    const r = rig({ jobs, settings: { retrainJobId: 42 } });
    const id = await openIncident(r);
    await r.actions.retrain(id, 'Ona Call', CHANNEL);
    await r.actions.idle();
    const last = outboxRows(r).find((x) => x.key.endsWith(':retrain:1001:done'));
    expect(last?.text).toMatch(/run 1001 ended: FAILED \(Task retrain failed\.\)/);
  });

  it('stops watching a running retrain at once, not after its poll interval (SIGTERM)', async () => {
    const { jobs } = await jobsFake({ pendingPolls: 0, runningPolls: 1_000_000 });
    const r = rig({ jobs, settings: { retrainJobId: 42 }, retrainPollMs: 60_000 });
    const id = await openIncident(r);
    await r.actions.retrain(id, 'Ona Call', CHANNEL);
    for (let i = 0; i < 200 && (await r.incidents.get(id))?.retrainState !== 'RUNNING'; i++) {
      await new Promise((res) => setTimeout(res, 10));
    }
    expect((await r.incidents.get(id))?.retrainState).toBe('RUNNING');
    const started = Date.now();
    await r.actions.stop();
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('watches the run as an operation: after a crash mid-poll another runner resumes it, one reply', async () => {
    const { state, fake, jobs } = await jobsFake({ pendingPolls: 0, runningPolls: 3 });
    const ops: { repo?: OperationRepository } = {};
    const r = rig({
      jobs,
      settings: { retrainJobId: 42 },
      watchRun: (w) => watchRetrainRun(ops.repo ?? new OperationRepository(r.store), w),
    });
    const repo = new OperationRepository(r.store);
    ops.repo = repo;
    const runner = (replicaId: string) =>
      new OperationRunner(repo, [retrainKind(r.actions, 0)], r.outbox, log, {
        replicaId,
        leaseMs: 100,
      });
    const id = await openIncident(r);
    await r.actions.retrain(id, 'Ona Call', CHANNEL);
    await r.actions.retrain(id, 'Dev One', CHANNEL); // double click: still one watch
    const watches = () => repo.latest(retrainEnvironment(id));
    expect((await watches()).map((o) => o.state)).toEqual(['running']);
    await runner('replica-a').tick(); // one poll, then replica-a dies without a goodbye
    expect((await r.incidents.get(id))?.retrainState).toBe('RUNNING');
    await new Promise((res) => setTimeout(res, 150)); // its lease runs out
    const b = runner('replica-b');
    for (let i = 0; i < 20 && (await watches()).every((o) => o.state !== 'succeeded'); i++) {
      await b.tick();
    }
    expect((await watches()).map((o) => o.state)).toEqual(['succeeded']);
    expect(state.runs).toHaveLength(1);
    expect(fake.requests.filter((q) => q.path.startsWith('/api/2.1/jobs/runs/get'))).toHaveLength(
      4,
    );
    const done = outboxRows(r).filter((x) => x.key.endsWith(':retrain:1001:done'));
    expect(done.map((x) => x.text)).toEqual([expect.stringMatching(/run 1001 succeeded/)]);
    expect((await r.incidents.get(id))?.retrainState).toBe('finished: SUCCESS');
  });

  it('says so when retraining is not configured, and for an unknown job', async () => {
    const r = rig();
    const id = await openIncident(r);
    const res = await r.actions.retrain(id, 'Ona Call', CHANNEL);
    expect(res.reply?.kind === 'text' && res.reply.text).toContain('DRIFT_RETRAIN_JOB_ID');
    const { jobs } = await jobsFake();
    const r2 = rig({ jobs, settings: { retrainJobId: 7 } });
    const id2 = await openIncident(r2);
    const bad = await r2.actions.retrain(id2, 'Ona Call', CHANNEL);
    expect(bad.reply?.kind === 'text' && bad.reply.text).toContain('Job 7 does not exist');
    expect((await r2.incidents.get(id2))?.retrainRunId).toBeUndefined();
  });
});

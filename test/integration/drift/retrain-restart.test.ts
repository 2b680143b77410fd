import { afterEach, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../../src/platform/store/sqlite-store';
import { OperationRepository } from '../../../src/platform/operations/operation-repository';
import { IncidentRepository } from '../../../src/workflows/drift-monitor/incident-repository';
import { retrainEnvironment } from '../../../src/workflows/drift-monitor/retrain-operation';
import { FakeDatabricks } from '../../fakes/fake-databricks/fake-databricks';
import { installJobs, type JobsFakeState } from '../../fakes/fake-databricks/jobs';
import { DEFAULT_USER, startHarness, type Harness } from '../../support/bot-harness';
import {
  clickInChannel,
  DRIFT_ALERT_ENV,
  raiseDriftAlert,
} from '../../support/drift-alert-channel';
import { waitUntil } from '../../support/wait-until';

// Issue 15 item 10: the watch of a retraining run is an operation, so a bot that stops while the
// run is RUNNING leaves it to the next bot on the same store (restarted, or a replica already up),
// which polls the run again and replies once, without starting the job again.

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

const RUN_GET = '/api/2.1/jobs/runs/get';

interface Setup {
  dbx: FakeDatabricks;
  jobs: JobsFakeState;
  /** Starts a bot on the Databricks stand-in; on `dataDir` when given (a replica, same store). */
  bot(dataDir?: string): Promise<Harness>;
  polls(): number;
}

async function setup(): Promise<Setup> {
  const dbx = new FakeDatabricks();
  // RUNNING for a few polls: long enough to stop a bot in the middle of the watch.
  const jobs = installJobs(dbx, { jobIds: [42], pendingPolls: 0, runningPolls: 8 });
  await dbx.start();
  cleanup.push(() => dbx.stop());
  return {
    dbx,
    jobs,
    async bot(dataDir) {
      const h = await startHarness({
        ...(dataDir ? { dataDir } : {}),
        env: {
          LOG_LEVEL: 'warn',
          ADMIN_AAD_OBJECT_IDS: DEFAULT_USER.aadObjectId,
          ...DRIFT_ALERT_ENV,
          DATABRICKS_HOST: dbx.url,
          DATABRICKS_TOKEN: 'dapi-test-token',
          DRIFT_RETRAIN_JOB_ID: '42',
          DRIFT_RETRAIN_POLL_MS: '150',
        },
      });
      cleanup.push(() => h.stop());
      return h;
    },
    polls: () => dbx.requests.filter((q) => q.path.startsWith(RUN_GET)).length,
  };
}

/** The "run 1001 succeeded" replies `h`'s connector received. */
const succeeded = (h: Harness) =>
  h.connector.requests.filter(
    (q) => q.method === 'POST' && /Retraining run 1001 succeeded/.test(JSON.stringify(q.body)),
  );

/** A permitted user presses Start retraining; returns once the run has been polled once. */
async function startRetraining(s: Setup, h: Harness, incidentId: string): Promise<void> {
  const res = await h.send(clickInChannel(h.a, 'drift.retrain', { incidentId }));
  expect(JSON.stringify(res.body)).not.toMatch(/may not|not configured/i);
  await waitUntil('a first poll of the run', () => (s.polls() >= 1 ? true : undefined));
}

/** After the watch ended: one run, one reply in the alert's thread, the incident shows it. */
async function expectOneRunOneReply(
  s: Setup,
  h: Harness,
  alert: { incidentId: string; alertThread: string },
): Promise<void> {
  await waitUntil('the "succeeded" reply', () => (succeeded(h).length > 0 ? true : undefined));
  expect(s.jobs.runs).toHaveLength(1);
  expect(s.dbx.requests.filter((q) => q.path === '/api/2.1/jobs/run-now')).toHaveLength(1);
  // Give a duplicate watch the time of a few polls to show itself.
  await new Promise((r) => setTimeout(r, 600));
  const [reply, ...more] = succeeded(h);
  expect(more).toHaveLength(0);
  expect(alert.alertThread).toMatch(/;messageid=/);
  expect(reply?.conversationId).toBe(alert.alertThread);
  const store = openSqliteStore(h.dataDir);
  try {
    const inc = await new IncidentRepository(store).get(alert.incidentId);
    expect(inc?.retrainState).toBe('finished: SUCCESS');
    // One watch in all: the startup resume of a restarted bot leaves no cancelled duplicates.
    const watches = await new OperationRepository(store).latest(retrainEnvironment(inc?.id ?? ''));
    expect(watches.map((o) => o.state)).toEqual(['succeeded']);
  } finally {
    await store.close();
  }
}

describe('retraining watch across a bot restart', () => {
  it('resumes polling the same run after a restart, runs the job once and replies once', async () => {
    const s = await setup();
    const h = await s.bot();
    const alert = await raiseDriftAlert(h);
    await startRetraining(s, h, alert.incidentId);
    await h.stopBot();
    const pollsBefore = s.polls();
    // Stopped mid-watch: the run has not ended yet, nothing was reported.
    expect(pollsBefore).toBeLessThan(9);
    expect(succeeded(h)).toHaveLength(0);

    await h.restart();
    await expectOneRunOneReply(s, h, alert);
    expect(s.polls()).toBeGreaterThan(pollsBefore);
  });

  it('hands the watch to a replica already running when the bot that started it stops', async () => {
    const s = await setup();
    const first = await s.bot();
    const alert = await raiseDriftAlert(first);
    // A rolling restart: the new replica is up (its startup is over) before the old one stops.
    await s.bot(first.dataDir);
    await startRetraining(s, first, alert.incidentId);
    await first.stopBot();
    const pollsBefore = s.polls();
    expect(pollsBefore).toBeLessThan(9);
    // The replies go to the connector the conversation was recorded with: the first harness's.
    await expectOneRunOneReply(s, first, alert);
    expect(s.polls()).toBeGreaterThan(pollsBefore);
  });
});

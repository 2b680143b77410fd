import { afterEach, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../../src/platform/store/sqlite-store';
import { IncidentRepository } from '../../../src/workflows/drift-monitor/incident-repository';
import { FakeDatabricks } from '../../fakes/fake-databricks/fake-databricks';
import { installJobs } from '../../fakes/fake-databricks/jobs';
import { DEFAULT_USER, startHarness, type Harness } from '../../support/bot-harness';
import {
  clickInChannel,
  DRIFT_ALERT_ENV,
  raiseDriftAlert,
} from '../../support/drift-alert-channel';
import { waitUntil } from '../../support/wait-until';

// Issue 15 item 10: the watch of a retraining run is an operation, so a bot that stops while the
// run is RUNNING leaves it to the next bot on the same store, which resumes polling and replies
// once, without starting the job again.

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

const RUN_GET = '/api/2.1/jobs/runs/get';

describe('retraining watch across a bot restart', () => {
  it('resumes polling the same run after a restart, runs the job once and replies once', async () => {
    const dbx = new FakeDatabricks();
    // RUNNING for a few polls: long enough to stop the bot in the middle of the watch.
    const jobs = installJobs(dbx, { jobIds: [42], pendingPolls: 0, runningPolls: 4 });
    await dbx.start();
    cleanup.push(() => dbx.stop());
    const h: Harness = await startHarness({
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
    const { incidentId, alertThread } = await raiseDriftAlert(h);
    const succeeded = () =>
      h.connector.requests.filter(
        (q) => q.method === 'POST' && /Retraining run 1001 succeeded/.test(JSON.stringify(q.body)),
      );
    const polls = () => dbx.requests.filter((q) => q.path.startsWith(RUN_GET)).length;

    const res = await h.send(clickInChannel(h.a, 'drift.retrain', { incidentId }));
    expect(JSON.stringify(res.body)).not.toMatch(/may not|not configured/i);
    await waitUntil('a first poll of the run', () => (polls() >= 1 ? true : undefined));
    await h.stopBot();
    const pollsBefore = polls();
    // Stopped mid-watch: the run has not ended yet, nothing was reported.
    expect(pollsBefore).toBeLessThan(5);
    expect(succeeded()).toHaveLength(0);

    await h.restart();
    await waitUntil('the "succeeded" reply', () => {
      const sent = h.connector.requests.filter(
        (q) => q.method === 'POST' && /Retraining run 1001 succeeded/.test(JSON.stringify(q.body)),
      );
      return sent.length > 0 ? sent : undefined;
    });
    expect(polls()).toBeGreaterThan(pollsBefore);
    expect(jobs.runs).toHaveLength(1);
    expect(dbx.requests.filter((q) => q.path === '/api/2.1/jobs/run-now')).toHaveLength(1);
    // Give a duplicate watch the time of a few polls to show itself.
    await new Promise((r) => setTimeout(r, 600));
    const [reply, ...more] = succeeded();
    expect(more).toHaveLength(0);
    expect(alertThread).toMatch(/;messageid=/);
    expect(reply?.conversationId).toBe(alertThread);

    const store = openSqliteStore(h.dataDir);
    try {
      const inc = await new IncidentRepository(store).get(incidentId);
      expect(inc?.retrainState).toBe('finished: SUCCESS');
    } finally {
      await store.close();
    }
  });
});

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cardText } from '../../../support/teams-activities';
import { HttpMlflowService } from '../../../../src/services/mlflow/http-mlflow-service';
import { RUN_WATCH_JOB } from '../../../../src/workflows/run-watch/run-watcher';
import type { RunStatus } from '../../../../src/services/mlflow/mlflow-types';
import { SubscriptionError } from '../../../../src/workflows/subscriptions/subscription-kinds';
import { CARD_BYTE_LIMIT, checkCard } from '../../../support/card-validator';
import {
  MLFLOW_SETUP_TIMEOUT_MS,
  startMlflowServer,
  type MlflowTestServer,
} from '../../../support/mlflow-server';
import { channelId, watchRig, type WatchBot, type WatchRig } from '../../../support/run-watch-rig';

let server: MlflowTestServer;
let mlflow: HttpMlflowService;
const rigs: WatchRig[] = [];

beforeAll(async () => {
  server = await startMlflowServer();
  mlflow = new HttpMlflowService({ baseUrl: server.url });
}, MLFLOW_SETUP_TIMEOUT_MS);

afterAll(async () => {
  await server?.stop();
});

afterEach(async () => {
  for (const r of rigs.splice(0)) await r.close();
});

async function rig(failing?: Map<string, number>): Promise<WatchRig> {
  const r = await watchRig(server.url, 2, failing);
  rigs.push(r);
  return r;
}

let experiments = 0;
const newExperiment = async () => {
  const name = `watch-${++experiments}-${Date.now()}`;
  return { name, id: await mlflow.createExperiment(name) };
};

/** Creates a run that ends now with `status` (end time in the future of every subscription). */
async function endedRun(experimentId: string, name: string, status: RunStatus = 'FINISHED') {
  const start = Date.now() - 60_000;
  const run = await mlflow.createRun({ experimentId, runName: name, startTime: start });
  await mlflow.logBatch(run.info.runId, {
    metrics: [{ key: 'rmse', value: 0.42, step: 0, timestamp: start }],
  });
  await mlflow.updateRun(run.info.runId, { status, endTime: Date.now() + 1 });
  return run.info.runId;
}

/** New top-level channel posts the connector received, per channel. */
const posts = (r: WatchRig, channel: string) =>
  r.connector
    .delivered('POST')
    .filter((q) => q.path === '/v3/conversations')
    .filter((q) => (q.body.channelData as { channel?: { id?: string } }).channel?.id === channel);

const postedText = (r: WatchRig, channel: string) =>
  posts(r, channel).map((q) => {
    const activity = q.body.activity as { attachments?: { content?: Record<string, unknown> }[] };
    const content = activity.attachments?.[0]?.content;
    const check = checkCard(content ?? {});
    expect(check.events).toEqual([]);
    expect(check.bytes).toBeLessThanOrEqual(CARD_BYTE_LIMIT);
    return cardText(content);
  });

const replies = (r: WatchRig) =>
  r.connector.delivered('POST').filter((q) => /;messageid=\d+\/activities/.test(q.path));

async function pollUntilQuiet(bot: WatchBot, n = 1): Promise<void> {
  for (let i = 0; i < n; i++) expect(await bot.poll()).toContain(RUN_WATCH_JOB);
}

describe('subscribe runs: the watcher against a real MLflow server', () => {
  it('posts a run that finished between two polls exactly once, also across a restart', async () => {
    const r = await rig();
    const exp = await newExperiment();
    await endedRun(exp.id, 'before-subscribing');
    let bot = await r.start();
    const sub = await bot.subscribe(channelId(0), exp.name);
    expect(sub.target).toBe(exp.name);
    expect(sub.params).toEqual({ experimentId: exp.id, only: 'all' });

    await pollUntilQuiet(bot);
    expect(posts(r, channelId(0))).toHaveLength(0);

    const running = await mlflow.createRun({ experimentId: exp.id, runName: 'still-going' });
    const runId = await endedRun(exp.id, 'nightly-train');
    await pollUntilQuiet(bot, 3);
    const texts = postedText(r, channelId(0));
    expect(texts).toHaveLength(1);
    expect(texts[0]).toContain('nightly-train');
    expect(texts[0]).toContain('Finished');
    expect(texts[0]).toContain('rmse');
    expect((await bot.outboxRepo.get(`runs:${sub.id}:${runId}`))?.status).toBe('delivered');
    const watermark = (await bot.watch.state(exp.id))?.watermark;
    expect(watermark).toBeGreaterThan(sub.createdAt);

    // Restart: a new scheduler and watcher on the same data folder.
    await bot.stop();
    const whileDown = await endedRun(exp.id, 'ended-while-down');
    bot = await r.start();
    expect((await bot.watch.state(exp.id))?.watermark).toBe(watermark);
    await pollUntilQuiet(bot, 2);
    const after = postedText(r, channelId(0));
    expect(after).toHaveLength(2);
    expect(after[1]).toContain('ended-while-down');
    expect((await bot.outboxRepo.get(`runs:${sub.id}:${whileDown}`))?.status).toBe('delivered');
    expect((await bot.watch.state(exp.id))?.watermark).toBeGreaterThan(watermark ?? 0);

    // The running run ends later: posted then, once.
    await mlflow.updateRun(running.info.runId, { status: 'KILLED', endTime: Date.now() + 1 });
    await pollUntilQuiet(bot, 2);
    const last = postedText(r, channelId(0));
    expect(last).toHaveLength(3);
    expect(last[2]).toContain('Killed');
    expect(last.join('\n')).not.toContain('before-subscribing');
  });

  it('two channels on one experiment each get one post, from one search per poll', async () => {
    const r = await rig();
    const exp = await newExperiment();
    const bot = await r.start();
    await bot.subscribe(channelId(0), exp.name);
    await bot.subscribe(channelId(1), exp.id);
    await endedRun(exp.id, 'shared-run');
    const before = bot.mlflow.searches;
    await pollUntilQuiet(bot, 2);
    expect(bot.mlflow.searches - before).toBe(2);
    expect(postedText(r, channelId(0))).toHaveLength(1);
    expect(postedText(r, channelId(1))).toHaveLength(1);
    expect((await bot.subscriptions.repo.list({ kind: 'runs' })).map((s) => s.target)).toEqual([
      exp.name,
      exp.name,
    ]);
  });

  it('--only failed posts failed and killed runs only', async () => {
    const r = await rig();
    const exp = await newExperiment();
    const bot = await r.start();
    await bot.subscribe(channelId(0), exp.name, { only: 'failed' });
    await bot.subscribe(channelId(1), exp.name);
    await endedRun(exp.id, 'good-run', 'FINISHED');
    await endedRun(exp.id, 'bad-run', 'FAILED');
    await endedRun(exp.id, 'stopped-run', 'KILLED');
    await pollUntilQuiet(bot);
    const failedOnly = postedText(r, channelId(0));
    expect(failedOnly).toHaveLength(2);
    expect(failedOnly.join('\n')).not.toContain('good-run');
    expect(postedText(r, channelId(1))).toHaveLength(3);
  });

  it('a later change to a posted run is a reply in its thread, not a new post', async () => {
    const r = await rig();
    const exp = await newExperiment();
    const bot = await r.start();
    const sub = await bot.subscribe(channelId(0), exp.name);
    const runId = await endedRun(exp.id, 'tagged-later');
    await pollUntilQuiet(bot);
    await mlflow.setTag(runId, 'reviewed', 'yes');
    await mlflow.updateRun(runId, { status: 'FAILED' });
    await pollUntilQuiet(bot, 2);
    expect(posts(r, channelId(0))).toHaveLength(1);
    const threaded = replies(r);
    expect(threaded).toHaveLength(1);
    const text = String((threaded[0]?.body as { text?: string }).text);
    expect(text).toContain('Tag reviewed = yes');
    expect(text).toContain('Status: ✔ Finished → ✖ Failed');
    expect((await bot.outboxRepo.get(`runs:${sub.id}:${runId}:change:1`))?.parentKey).toBe(
      `runs:${sub.id}:${runId}`,
    );
  });

  it('a 403 from the connector (bot removed) pauses that channel only', async () => {
    const failing = new Map<string, number>();
    const r = await rig(failing);
    const exp = await newExperiment();
    const bot = await r.start();
    const gone = await bot.subscribe(channelId(0), exp.name);
    const kept = await bot.subscribe(channelId(1), exp.name);
    failing.set(channelId(0), 403);
    await endedRun(exp.id, 'first');
    await pollUntilQuiet(bot);
    const goneKey = `runs:${gone.id}:${(await lastRun(exp.id)) ?? ''}`;
    expect((await bot.outboxRepo.get(goneKey))?.status).toBe('dead');
    expect((await bot.conversations.get(channelId(0)))?.active).toBe(false);

    await endedRun(exp.id, 'second');
    await pollUntilQuiet(bot);
    expect((await bot.subscriptions.repo.get(gone.id))?.enabled).toBe(false);
    expect((await bot.subscriptions.repo.get(kept.id))?.enabled).toBe(true);
    expect(await bot.outboxRepo.counts()).toMatchObject({ dead: 1 });
    expect(postedText(r, channelId(1))).toHaveLength(2);
  });

  it('resolves experiments live by id or name (case-insensitive) and suggests near names', async () => {
    const r = await rig();
    const bot = await r.start();
    // Created after the bot started: there is no experiment list to go stale.
    const exp = await newExperiment();
    const kind = bot.runWatch.kind;
    expect((await kind.prepare(exp.id, {})).target).toBe(exp.name);
    expect((await kind.prepare(exp.name.toUpperCase(), { only: 'failed' })).params).toEqual({
      experimentId: exp.id,
      only: 'failed',
    });
    const typo = exp.name.replace('watch', 'wacth');
    await expect(kind.prepare(typo, {})).rejects.toThrow(SubscriptionError);
    await expect(kind.prepare(typo, {})).rejects.toThrow(exp.name);
    await expect(kind.prepare('99999999', {})).rejects.toThrow('no experiment "99999999"');
    await expect(kind.prepare(exp.name, { every: '*/5 * * * *' })).rejects.toThrow(
      /MLFLOW_WATCH_CRON/,
    );
    await expect(kind.prepare(exp.name, { only: 'finished' })).rejects.toThrow(/--only failed/);
  });
});

async function lastRun(experimentId: string): Promise<string | undefined> {
  const page = await mlflow.searchRuns({
    experimentIds: [experimentId],
    orderBy: ['attributes.end_time DESC'],
    maxResults: 1,
  });
  return page.items[0]?.info.runId;
}

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpMlflowService } from '../../../src/services/mlflow/http-mlflow-service';
import { cardOf, cardText, startHarness, type Harness } from '../../support/bot-harness';
import {
  MLFLOW_SETUP_TIMEOUT_MS,
  startMlflowServer,
  type MlflowTestServer,
} from '../../support/mlflow-server';
import { DEFAULT_USER } from '../../support/teams-activities';

let server: MlflowTestServer;
let h: Harness;
let mlflow: HttpMlflowService;
let churnId: string;

beforeAll(async () => {
  server = await startMlflowServer();
  mlflow = new HttpMlflowService({ baseUrl: server.url });
  churnId = await mlflow.createExperiment('churn-model');
  await mlflow.createExperiment('fraud-detection');
  h = await startHarness({
    env: {
      MLFLOW_TRACKING_URI: server.url,
      ADMIN_AAD_OBJECT_IDS: DEFAULT_USER.aadObjectId,
      // Every 2 seconds, so the real node-cron ticker posts within the test.
      MLFLOW_WATCH_CRON: '*/2 * * * * *',
    },
  });
}, MLFLOW_SETUP_TIMEOUT_MS);

afterAll(async () => {
  await h?.stop();
  await server?.stop();
});

/** Sends in the team channel and returns the text of the one reply. */
async function inChannel(text: string, from = DEFAULT_USER, locale?: string): Promise<string> {
  h.connector.clear();
  expect((await h.send(h.a.channel(text, { from, ...(locale ? { locale } : {}) }))).status).toBe(
    200,
  );
  const [reply] = await h.connector.waitFor(1, 15_000);
  const body = reply?.body;
  return typeof body?.text === 'string' ? body.text : cardText(cardOf(body));
}

describe('subscribe runs / unsubscribe runs / subscriptions in a channel', () => {
  it('subscribes by name, lists it, and audits who did it', async () => {
    const answer = await inChannel('subscribe runs churn-model --only failed');
    expect(answer).toContain(
      'Subscribed in this channel: MLflow runs · churn-model · failed runs only.',
    );
    expect(answer).toContain('unsubscribe runs churn-model');
    const list = await inChannel('subscriptions');
    expect(list).toMatch(/\*\*MLflow runs\*\* · churn-model · failed runs only · next \d{4}-/);
    const audit = (await h.auditEntries(10)).find((e) => e.action === 'subscribe runs');
    expect(audit).toMatchObject({ result: 'ok', actorName: DEFAULT_USER.name });
  });

  it('answers an unknown experiment with the nearest names', async () => {
    const answer = await inChannel('subscribe runs churn-modle');
    expect(answer).toContain('MLflow has no experiment "churn-modle"');
    expect(answer).toContain('`churn-model`');
    const fr = await inChannel('subscribe runs churn-modle', DEFAULT_USER, 'fr-FR');
    expect(fr).toContain('MLflow n’a pas d’expérience « churn-modle ». Vouliez-vous dire');
    expect(await inChannel('subscribe runs churn-model --only all', DEFAULT_USER, 'fr-FR')).toBe(
      '`--only failed` est le seul filtre : il publie uniquement les exécutions en échec ou arrêtées.',
    );
  });

  it('finds an experiment created just before subscribing, on the first try', async () => {
    const name = `fresh-${Date.now()}`;
    await mlflow.createExperiment(name);
    const answer = await inChannel(`subscribe runs ${name}`);
    expect(answer).toContain(
      `Subscribed in this channel: MLflow runs · ${name} · every ended run.`,
    );
    expect(await inChannel(`unsubscribe runs ${name}`)).toContain('Unsubscribed');
  });

  it('refuses people without permission (and the router audits the denial)', async () => {
    const other = {
      id: '29:other',
      name: 'Eve',
      aadObjectId: '00000000-0000-0000-0000-00000000e5e5',
    };
    const answer = await inChannel('subscribe runs fraud-detection', other);
    expect(answer).not.toContain('Subscribed');
    expect(
      (await h.auditEntries(5)).some((e) => e.result === 'denied' && e.actorName === 'Eve'),
    ).toBe(true);
  });

  it('posts a failed run into the channel from the real scheduler, then unsubscribes by id', async () => {
    h.connector.clear();
    const run = await mlflow.createRun({ experimentId: churnId, runName: 'broke-at-epoch-3' });
    await mlflow.updateRun(run.info.runId, { status: 'FAILED', endTime: Date.now() + 1 });
    const [post] = await h.connector.waitFor(1, 20_000);
    expect(post?.path).toBe('/v3/conversations');
    const text = cardText(cardOf(post?.body?.activity as Record<string, unknown>));
    expect(text).toContain('broke-at-epoch-3');
    expect(text).toContain('Failed');

    const answer = await inChannel(`unsubscribe runs ${churnId}`);
    expect(answer).toContain('Unsubscribed: MLflow runs of churn-model');
    expect(await inChannel('subscriptions')).not.toContain('churn-model');
  });

  it("posts the run notice in the channel's language: French after a fr-FR message there", async () => {
    const channelId = '19:french-channel@thread.tacv2';
    h.connector.clear();
    await h.send(h.a.channel('subscribe runs fraud-detection', { channelId, locale: 'fr-FR' }));
    await h.connector.waitFor(1, 15_000);
    h.connector.clear();
    const run = await mlflow.createRun({
      experimentId: await mlflow.getExperimentByName('fraud-detection').then((e) => e.experimentId),
      runName: 'tuned-lr',
    });
    await mlflow.logBatch(run.info.runId, {
      metrics: [{ key: 'auc', value: 0.9125, timestamp: Date.now(), step: 0 }],
    });
    await mlflow.updateRun(run.info.runId, { status: 'KILLED', endTime: Date.now() + 1 });
    const [post] = await h.connector.waitFor(1, 20_000);
    const activity = post?.body?.activity as Record<string, unknown>;
    const card = cardOf(activity);
    const text = cardText(card);
    expect(text).toContain('tuned-lr');
    expect(text).toContain('■ Arrêtée');
    expect(text).toContain('Exécution dans fraud-detection');
    expect(text).toContain('0,9125');
    expect(JSON.stringify(card)).toContain('Afficher l’exécution');
    expect(activity.summary).toBe('Exécution tuned-lr arrêtée dans fraud-detection');
    expect(text).not.toMatch(/Killed|Ended|Run in/);
    await inChannel('unsubscribe runs fraud-detection');
  });
});

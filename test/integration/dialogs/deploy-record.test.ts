import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { HttpMlflowService } from '../../../src/services/mlflow/http-mlflow-service';
import type { FakeDatabricks } from '../../fakes/fake-databricks/fake-databricks';
import type { FakeSecretsState } from '../../fakes/fake-databricks/secrets';
import type { FakeServingState } from '../../fakes/fake-databricks/serving';
import type { FakeOpenAI } from '../../fakes/fake-openai';
import {
  cardOf,
  cardText,
  DEFAULT_USER,
  startHarness,
  type Harness,
} from '../../support/bot-harness';
import { checkCard } from '../../support/card-validator';
import { startDeployRig, type DeployRig } from '../../support/deploy-rig';
import { startHttpGate, type HttpGate } from '../../support/http-gate';
import { MLFLOW_SETUP_TIMEOUT_MS, type MlflowTestServer } from '../../support/mlflow-server';
import { shownText } from '../../support/shown-text';
import { waitUntil } from '../../support/wait-until';

// Issue 15 item 7: a deploy whose only failure is the MLflow record must not pass for a
// recorded one, since `rollback` reads MLflow and would not see it.

const AZURE_KEY = 'aoai-SECRET-value-51c0';
const ENDPOINT = 'llm-chat';

let rig: DeployRig | undefined;
let mlflowServer: MlflowTestServer;
let gate: HttpGate;
let fakeAI: FakeOpenAI;
let dbx: FakeDatabricks;
let secrets: FakeSecretsState;
let serving: FakeServingState;
let h: Harness | undefined;
let seq = 0;

beforeAll(async () => {
  rig = await startDeployRig({
    openAI: { azureApiKey: AZURE_KEY, deployments: ['chat'] },
    pollsToSettle: 1,
  });
  ({ mlflowServer, fakeAI, dbx, secrets, serving } = rig);
  gate = await startHttpGate(mlflowServer.url);
}, MLFLOW_SETUP_TIMEOUT_MS);

afterAll(async () => {
  await gate?.close();
  await rig?.stop();
});

afterEach(async () => {
  await h?.stop();
  h = undefined;
  gate.failing = 0;
  serving.endpoints.clear();
  secrets.scopes.clear();
});

/** A bot whose MLflow is reached through the gate; one experiment per test. */
async function bot(): Promise<{ h: Harness; experiment: string }> {
  const experiment = `deploy-record-${process.pid}-${++seq}`;
  h = await startHarness({
    env: {
      ADMIN_AAD_OBJECT_IDS: DEFAULT_USER.aadObjectId,
      AZURE_OPENAI_ENDPOINT: fakeAI.url,
      AZURE_OPENAI_API_KEY: AZURE_KEY,
      AZURE_OPENAI_DEPLOYMENT: 'chat',
      DATABRICKS_HOST: dbx.url,
      DATABRICKS_TOKEN: 'dapi-test-token',
      DATABRICKS_SERVING_ENDPOINT: ENDPOINT,
      MLFLOW_TRACKING_URI: gate.url,
      MLFLOW_DEPLOY_EXPERIMENT: experiment,
      DEPLOY_POLL_INTERVAL_MS: '20',
    },
  });
  return { h, experiment };
}

/** Plans `deploy`, makes MLflow refuse `failures` requests, confirms, and waits for the end. */
async function deployWithMlflowFailing(bot: Harness, failures: number) {
  const start = bot.connector.requests.length;
  await bot.send(bot.a.personal('deploy'));
  const [plan] = (await bot.connector.waitFor(start + 1)).slice(start);
  const operationId = /"operationId":"([^"]+)"/.exec(JSON.stringify(plan?.body))?.[1] ?? '';
  gate.failing = failures;
  await bot.send(
    bot.a.invokeAction('deploy.confirm', { operationId }, { replyToId: plan?.answeredId ?? '' }),
  );
  const finished = await waitUntil('the finished message', () =>
    bot.connector.requests
      .slice(start)
      .find((r) => /<at>.*<\/at> Deploy of/.test(String(r.body?.text))),
  );
  const updates = bot.connector.requests.filter(
    (r) => r.method === 'PUT' && r.activityId === plan?.answeredId,
  );
  const card = cardOf(updates.at(-1)?.body);
  expect(checkCard(card ?? {}).events).toEqual([]);
  return { finished: String(finished.body?.text), card: shownText(cardText(card)) };
}

async function runsOf(experiment: string) {
  const mlflow = new HttpMlflowService({ baseUrl: mlflowServer.url });
  const exp = await mlflow.getExperimentByName(experiment).catch(() => undefined);
  return exp ? (await mlflow.searchRuns({ experimentIds: [exp.experimentId] })).items : [];
}

async function statusText(bot: Harness): Promise<string> {
  const before = bot.connector.requests.length;
  await bot.send(bot.a.personal('status'));
  const [reply] = (await bot.connector.waitFor(before + 1, 15_000)).slice(before);
  return shownText(cardText(cardOf(reply?.body)));
}

describe('deploy record in MLflow', () => {
  it('retries the record while MLflow fails, so rollback sees the deployment', async () => {
    const { h, experiment } = await bot();
    const { finished, card } = await deployWithMlflowFailing(h, 3);
    expect(gate.refused).toBeGreaterThanOrEqual(3);
    expect(finished).toContain(`Deploy of ${ENDPOINT} is READY.`);
    expect(card).toContain('run + config artifact');
    expect(card).not.toContain('not recorded');
    const runs = await runsOf(experiment);
    expect(runs.map((r) => r.info.status)).toEqual(['FINISHED']);
  });

  it('says "deployed, but not recorded" on the card, in the mention and in status', async () => {
    const { h, experiment } = await bot();
    const { finished, card } = await deployWithMlflowFailing(h, Infinity);
    expect(serving.endpoints.get(ENDPOINT)?.ready).toBe('READY');
    expect(finished).toContain(
      `Deploy of ${ENDPOINT} is READY, but not recorded in MLflow: rollback will not see it`,
    );
    expect(card).toMatch(/Record in MLflow\nNot recorded after 7 tries: .*\nSkipped/);
    expect(card).toContain(
      `⚠ ${ENDPOINT} is deployed, but not recorded in MLflow: rollback will not see it`,
    );
    expect(card).toContain('Deploy again once MLflow answers');
    gate.failing = 0;
    expect(await runsOf(experiment)).toEqual([]);
    expect(await statusText(h)).toContain(
      `⚠ ${ENDPOINT} is deployed, but not recorded in MLflow: rollback will not see it`,
    );
    const audit = (await h.auditEntries()).find((e) => e.action === 'deploy' && e.result === 'ok');
    expect(audit?.detail).toContain('not recorded in MLflow');
    expect(JSON.stringify(h.connector.requests)).not.toContain(AZURE_KEY);

    // Deploying again once MLflow answers records it, and status no longer warns.
    const again = await deployWithMlflowFailing(h, 0);
    expect(again.finished).toContain(`Deploy of ${ENDPOINT} is READY.`);
    expect(await runsOf(experiment)).toHaveLength(1);
    expect(await statusText(h)).not.toContain('not recorded');
  });
});

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FakeDatabricks } from '../../fakes/fake-databricks/fake-databricks';
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
import { MLFLOW_SETUP_TIMEOUT_MS, type MlflowTestServer } from '../../support/mlflow-server';
import { REVIEWER, type TeamsUser } from '../../support/teams-activities';

const KEY = 'aoai-approvals-key';
const ENDPOINT = 'llm-chat';

let rig: DeployRig | undefined;
let mlflowServer: MlflowTestServer;
let fakeAI: FakeOpenAI;
let dbx: FakeDatabricks;
let serving: FakeServingState;
let dataDir = '';
beforeAll(async () => {
  rig = await startDeployRig({
    openAI: { azureApiKey: KEY, deployments: ['chat', 'chat-v2'] },
    pollsToSettle: 2,
  });
  ({ mlflowServer, fakeAI, dbx, serving } = rig);
  dataDir = mkdtempSync(path.join(tmpdir(), 'llmops-approvals-'));
}, MLFLOW_SETUP_TIMEOUT_MS);
afterAll(async () => {
  await rig?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

/** The bot on one data folder and MLflow experiment; `deployment` is what `deploy` serves. */
const bot = (deployment: string, approvals: string) =>
  startHarness({
    dataDir,
    env: {
      LOG_LEVEL: 'warn',
      ADMIN_AAD_OBJECT_IDS: `${DEFAULT_USER.aadObjectId},${REVIEWER.aadObjectId}`,
      APPROVALS_REQUIRED: approvals,
      AZURE_OPENAI_ENDPOINT: fakeAI.url,
      AZURE_OPENAI_API_KEY: KEY,
      AZURE_OPENAI_DEPLOYMENT: deployment,
      DATABRICKS_HOST: dbx.url,
      DATABRICKS_TOKEN: 'dapi-test-token',
      DATABRICKS_SERVING_ENDPOINT: ENDPOINT,
      MLFLOW_TRACKING_URI: mlflowServer.url,
      MLFLOW_DEPLOY_EXPERIMENT: `approvals-${process.pid}`,
      DEPLOY_MODEL_NAME: 'gpt-4o-mini',
      DEPLOY_POLL_INTERVAL_MS: '20',
    },
  });

/** Posts `line` in the group chat; returns the plan card and the id of its message. */
async function plan(h: Harness, line: string) {
  const ask = h.a.groupChat(line);
  await h.send(ask);
  const msg = h.connector.requests.find((q) => q.method === 'POST' && q.body?.replyToId === ask.id);
  const card = cardOf(msg?.body);
  expect(checkCard(card ?? {}).events).toEqual([]);
  const operationId = /"operationId":"([^"]+)"/.exec(JSON.stringify(card))?.[1] ?? '';
  return { card, cardId: msg?.answeredId ?? 'plan', operationId };
}

/** A click on the plan card by `from`: the replacing card, or the text the bot answered. */
async function click(
  h: Harness,
  from: TeamsUser,
  verb: string,
  p: Awaited<ReturnType<typeof plan>>,
) {
  const data = { operationId: p.operationId };
  const act = h.a.invokeAction(verb, data, { where: 'groupChat', from, replyToId: p.cardId });
  const res = await h.send(act);
  const said = h.connector.requests.find(
    (q) => q.method === 'POST' && q.body?.replyToId === act.id,
  );
  const body = res.body as { type?: string; value?: Record<string, unknown> };
  const text = said?.body?.text;
  return {
    card: body.type === 'application/vnd.microsoft.card.adaptive' ? body.value : undefined,
    text: typeof text === 'string' ? text : '',
  };
}

async function finished(h: Harness, what: RegExp): Promise<void> {
  const end = Date.now() + 20_000;
  while (!h.connector.requests.some((r) => what.test(String(r.body?.text)))) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${String(what)}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('APPROVALS_REQUIRED=2 on deploy and rollback', { timeout: 60_000 }, () => {
  it('a deploy and a rollback each wait for another permitted user to approve', async () => {
    const first = await bot('chat', '1');
    const direct = await plan(first, 'deploy');
    expect(cardText(direct.card)).not.toContain('second pair of eyes');
    await click(first, DEFAULT_USER, 'deploy.confirm', direct);
    await finished(first, /Deploy of llm-chat is READY/);
    await first.stop();

    const h = await bot('chat-v2', '2');
    try {
      const deploy = await plan(h, 'deploy');
      expect(cardText(deploy.card)).toContain('Needs a second pair of eyes');
      const early = await click(h, DEFAULT_USER, 'deploy.confirm', deploy);
      expect(early.text).toContain('This plan waits for approval');
      expect((await click(h, DEFAULT_USER, 'deploy.approve', deploy)).text).toContain(
        'you cannot approve it',
      );
      const approved = await click(h, REVIEWER, 'deploy.approve', deploy);
      expect(checkCard(approved.card ?? {}).events).toEqual([]);
      expect(cardText(approved.card)).toContain('✔ Approved by **Dev Ops**');
      expect(cardText(approved.card)).toContain('chat-v2');
      const running = await click(h, DEFAULT_USER, 'deploy.confirm', deploy);
      expect(cardText(running.card)).toContain('approved by Dev Ops');
      await finished(h, /Deploy of llm-chat is READY/);
      const served = () =>
        JSON.stringify(serving.endpoints.get(ENDPOINT)?.config?.served_entities ?? []);
      expect(served()).toContain('"openai_deployment_name":"chat-v2"');

      // A rollback is a deploy operation: the same rule, in rollback's words.
      const rollback = await plan(h, `rollback ${ENDPOINT}`);
      expect(cardText(rollback.card)).toContain('Needs a second pair of eyes');
      const notYet = await click(h, DEFAULT_USER, 'deploy.confirm', rollback);
      expect(notYet.text).toContain('This plan waits for approval');
      expect(served()).toContain('"openai_deployment_name":"chat-v2"');
      const ok = await click(h, REVIEWER, 'deploy.approve', rollback);
      expect(cardText(ok.card)).toMatch(/Rollback llm-chat[\s\S]*Approved by \*\*Dev Ops\*\*/);
      await click(h, DEFAULT_USER, 'deploy.confirm', rollback);
      await finished(h, /Rollback of llm-chat is READY/);
      expect(served()).toContain('"openai_deployment_name":"chat"');

      const approvals = (await h.auditEntries()).filter((e) => e.result === 'approved');
      expect(approvals.map((e) => [e.action, e.actorName])).toEqual([
        ['rollback', 'Dev Ops'],
        ['deploy', 'Dev Ops'],
      ]);
    } finally {
      await h.stop();
    }
  });
});

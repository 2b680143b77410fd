import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpMlflowService } from '../../../src/services/mlflow/http-mlflow-service';
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
import { OUTSIDER, REVIEWER, type TeamsUser } from '../../support/teams-activities';

const KEY = 'aoai-canary-key';
const ENDPOINT = 'llm-chat';

let rig: DeployRig | undefined;
let mlflowServer: MlflowTestServer;
let fakeAI: FakeOpenAI;
let dbx: FakeDatabricks;
let serving: FakeServingState;
const EXPERIMENT = `canary-${process.pid}`;
beforeAll(async () => {
  rig = await startDeployRig({
    openAI: { azureApiKey: KEY, deployments: ['chat', 'chat-v2'] },
    pollsToSettle: 1,
  });
  ({ mlflowServer, fakeAI, dbx, serving } = rig);
}, MLFLOW_SETUP_TIMEOUT_MS);
afterAll(async () => {
  await rig?.stop();
});

const bot = (approvals = '1') =>
  startHarness({
    env: {
      LOG_LEVEL: 'warn',
      ADMIN_AAD_OBJECT_IDS: `${DEFAULT_USER.aadObjectId},${REVIEWER.aadObjectId}`,
      APPROVALS_REQUIRED: approvals,
      AZURE_OPENAI_ENDPOINT: fakeAI.url,
      AZURE_OPENAI_API_KEY: KEY,
      AZURE_OPENAI_DEPLOYMENT: 'chat',
      DATABRICKS_HOST: dbx.url,
      DATABRICKS_TOKEN: 'dapi-test-token',
      DATABRICKS_SERVING_ENDPOINT: ENDPOINT,
      DEPLOY_MODEL_NAME: 'gpt-4o-mini',
      DEPLOY_POLL_INTERVAL_MS: '20',
      MLFLOW_TRACKING_URI: mlflowServer.url,
      MLFLOW_DEPLOY_EXPERIMENT: EXPERIMENT,
      CANARY_SUITE: 'smoke',
      CANARY_WINDOW_MINUTES: '30',
    },
  });

/** Posts `line` in the group chat as `from`; the card (or text) the bot answered with. */
async function say(h: Harness, line: string, from?: TeamsUser, locale?: string) {
  const ask = h.a.groupChat(line, { ...(from ? { from } : {}), ...(locale ? { locale } : {}) });
  await h.send(ask);
  const msg = h.connector.requests.find((q) => q.method === 'POST' && q.body?.replyToId === ask.id);
  const card = cardOf(msg?.body);
  if (card) expect(checkCard(card).events).toEqual([]);
  const operationId = /"operationId":"([^"]+)"/.exec(JSON.stringify(card ?? {}))?.[1] ?? '';
  const text = typeof msg?.body?.text === 'string' ? msg.body.text : '';
  return { card, text, cardId: msg?.answeredId ?? 'plan', operationId };
}

async function waitFor(h: Harness, what: RegExp, from = 0): Promise<void> {
  const end = Date.now() + 20_000;
  while (!h.connector.requests.slice(from).some((r) => what.test(String(r.body?.text)))) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${String(what)}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** A click on the plan card by `from`: the text the bot answered, if any. */
async function click(
  h: Harness,
  from: TeamsUser,
  verb: string,
  plan: Awaited<ReturnType<typeof say>>,
) {
  const act = h.a.invokeAction(
    verb,
    { operationId: plan.operationId },
    { where: 'groupChat', from, replyToId: plan.cardId },
  );
  const res = await h.send(act);
  const said = h.connector.requests.find(
    (q) => q.method === 'POST' && q.body?.replyToId === act.id,
  );
  const body = res.body as { value?: unknown };
  const text = said?.body?.text;
  return {
    text: typeof text === 'string' ? text : '',
    card: body.value as Record<string, unknown> | undefined,
  };
}

/** Confirms a plan and waits for the endpoint to be READY again. */
async function confirm(h: Harness, plan: Awaited<ReturnType<typeof say>>) {
  const mark = h.connector.requests.length;
  await h.send(
    h.a.invokeAction(
      'deploy.confirm',
      { operationId: plan.operationId },
      { where: 'groupChat', replyToId: plan.cardId },
    ),
  );
  await waitFor(h, /of llm-chat is READY/, mark);
}

const live = () => serving.endpoints.get(ENDPOINT)?.config;
const deployments = () =>
  (live()?.served_entities ?? []).map(
    (e) =>
      ((e.external_model as Record<string, Record<string, unknown>>).openai_config ?? {})
        .openai_deployment_name,
  );
const routes = () =>
  (live()?.traffic_config?.routes ?? []).map((r) => [r.served_entity_name, r.traffic_percentage]);

describe('canary deploys through the bot', { timeout: 60_000 }, () => {
  it('deploy --canary 10 → status → promote; a second canary → rollback; all audited', async () => {
    const h = await bot();
    try {
      await confirm(h, await say(h, 'deploy'));
      expect(deployments()).toEqual(['chat']);

      for (const bad of ['0', '51', 'ten']) {
        const r = await say(h, `deploy --canary ${bad} --deployment chat-v2`);
        expect(r.text).toContain('a whole number from 1 to 50');
      }
      expect((await say(h, 'canary status')).text).toContain('runs no canary now');

      const plan = await say(h, 'deploy --canary 10 --deployment chat-v2');
      const shown = cardText(plan.card);
      expect(shown).toContain('Canary on llm-chat');
      expect(shown).toContain('gpt-4o-mini via chat');
      expect(shown).toContain('chat-v2 via chat-v2');
      expect(shown).toContain('90 % current · 10 % candidate');
      expect(shown).toContain('suite smoke on each entity');
      expect(shown).toContain('30 min of split traffic');
      await confirm(h, plan);
      expect(deployments()).toEqual(['chat', 'chat-v2']);
      expect(routes()).toEqual([
        ['gpt-4o-mini', 90],
        ['chat-v2-canary', 10],
      ]);

      const status = await say(h, 'canary status');
      expect(cardText(status.card)).toContain('90 % current · 10 % candidate');
      expect(cardText(status.card)).toContain('DEPLOYMENT_READY');
      const fr = cardText((await say(h, 'canary status', undefined, 'fr-FR')).card);
      expect(fr).toContain('Canari sur llm-chat');
      expect(fr).toContain('90 % actuel · 10 % candidat');
      expect((await say(h, 'deploy --canary --deployment chat-v2')).text).toContain(
        'already runs a canary (chat-v2 at 10 %)',
      );

      const promote = await say(h, 'canary promote');
      expect(cardText(promote.card)).toContain('Sends 100 % of requests to chat-v2 via chat-v2');
      await confirm(h, promote);
      expect(deployments()).toEqual(['chat-v2']);
      expect(routes()).toEqual([['chat-v2', 100]]);

      // A bare --canary takes 10 %; rollback keeps the current model only.
      await confirm(h, await say(h, 'deploy --canary --deployment chat'));
      expect(routes()).toEqual([
        ['chat-v2', 90],
        ['gpt-4o-mini-canary', 10],
      ]);
      await confirm(h, await say(h, 'canary rollback'));
      expect(deployments()).toEqual(['chat-v2']);

      // Each canary step is a deployment run in MLflow, tagged with its action.
      const mlflow = new HttpMlflowService({ baseUrl: mlflowServer.url });
      const exp = await mlflow.getExperimentByName(EXPERIMENT);
      const runs = (await mlflow.searchRuns({ experimentIds: [exp.experimentId] })).items;
      const tagged = runs
        .map((r) => [r.info.runName, r.tags.find((t) => t.key === 'canary')?.value])
        .filter(([, canary]) => canary !== undefined);
      expect(tagged.sort()).toEqual([
        ['canary promote llm-chat', 'promote'],
        ['canary rollback llm-chat', 'rollback'],
        ['canary start llm-chat', 'start'],
        ['canary start llm-chat', 'start'],
      ]);

      const done = (await h.auditEntries(40)).filter((e) => e.result === 'ok');
      expect(done.map((e) => e.action).slice(0, 4)).toEqual([
        'canary-rollback',
        'canary-start',
        'canary-promote',
        'canary-start',
      ]);
    } finally {
      await h.stop();
    }
  });

  it('a non-permitted Promote is refused and audited; a restart mid-canary resumes it', async () => {
    const h = await bot();
    try {
      if (deployments().length === 0) await confirm(h, await say(h, 'deploy'));
      const other = deployments()[0] === 'chat' ? 'chat-v2' : 'chat';
      const start = await say(h, `deploy --canary 20 --deployment ${other}`);
      expect(start.text).toBe('');
      await confirm(h, start);

      const refused = await say(h, 'canary promote', OUTSIDER);
      expect(refused.text).toContain('You may not');
      const denied = (await h.auditEntries(10)).find((e) => e.result === 'denied');
      expect([denied?.action, denied?.actorName]).toEqual(['canary', 'Guest User']);

      // Held IN_PROGRESS, the bot restarts; the rollback's steps resume on the new process.
      const plan = await say(h, 'canary rollback');
      serving.hold = true;
      await h.send(
        h.a.invokeAction(
          'deploy.confirm',
          { operationId: plan.operationId },
          { where: 'groupChat', replyToId: plan.cardId },
        ),
      );
      const end = Date.now() + 20_000;
      while (serving.endpoints.get(ENDPOINT)?.configUpdate !== 'IN_PROGRESS') {
        if (Date.now() > end) throw new Error('the update never started');
        await new Promise((r) => setTimeout(r, 25));
      }
      await h.restart();
      const mark = h.connector.requests.length;
      serving.hold = false;
      await waitFor(h, /of llm-chat is READY/, mark);
      expect(deployments()).toEqual([other === 'chat' ? 'chat-v2' : 'chat']);
    } finally {
      await h.stop();
    }
  });

  it('APPROVALS_REQUIRED=2: a canary promote waits for another permitted user', async () => {
    const h = await bot('2');
    try {
      const other = deployments()[0] === 'chat' ? 'chat-v2' : 'chat';
      const start = await say(h, `deploy --canary 30 --deployment ${other}`);
      await click(h, REVIEWER, 'deploy.approve', start);
      await confirm(h, start);
      expect(routes().map((r) => r[1])).toEqual([70, 30]);

      const promote = await say(h, 'canary promote');
      expect(cardText(promote.card)).toContain('Needs a second pair of eyes');
      expect((await click(h, DEFAULT_USER, 'deploy.confirm', promote)).text).toContain(
        'This plan waits for approval',
      );
      expect(routes().map((r) => r[1])).toEqual([70, 30]);
      const approved = await click(h, REVIEWER, 'deploy.approve', promote);
      expect(cardText(approved.card)).toMatch(
        /Promote canary on llm-chat[\s\S]*Approved by \*\*Dev Ops\*\*/,
      );
      await confirm(h, promote);
      expect(deployments()).toEqual([other]);
      const approvals = (await h.auditEntries(20)).filter((e) => e.result === 'approved');
      expect(approvals.map((e) => [e.action, e.actorName])).toEqual([
        ['canary-promote', 'Dev Ops'],
        ['canary-start', 'Dev Ops'],
      ]);
    } finally {
      await h.stop();
    }
  });
});

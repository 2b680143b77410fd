import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpMlflowService } from '../../../src/services/mlflow/http-mlflow-service';
import type { FakeDatabricks } from '../../fakes/fake-databricks/fake-databricks';
import type { FakeServingState } from '../../fakes/fake-databricks/serving';
import type { FakeOpenAI } from '../../fakes/fake-openai';
import { cardText, startHarness, type Harness } from '../../support/bot-harness';
import {
  confirmDeploy,
  deployBotEnv,
  press,
  say,
  sentSince,
  servedOn,
  startDeployRig,
  until,
  type DeployRig,
  type Said,
} from '../../support/deploy-rig';
import { MLFLOW_SETUP_TIMEOUT_MS, type MlflowTestServer } from '../../support/mlflow-server';
import { OUTSIDER, REVIEWER } from '../../support/teams-activities';

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

const SETUP = { key: KEY, endpoint: ENDPOINT, reviewer: REVIEWER };
const bot = (approvals = '1') =>
  startHarness({
    env: deployBotEnv({ fakeAI, dbx }, SETUP, {
      APPROVALS_REQUIRED: approvals,
      MLFLOW_TRACKING_URI: mlflowServer.url,
      MLFLOW_DEPLOY_EXPERIMENT: EXPERIMENT,
      CANARY_SUITE: 'smoke',
      CANARY_WINDOW_MINUTES: '30',
    }),
  });

const confirm = (h: Harness, plan: Said) => confirmDeploy(h, plan, ENDPOINT);
const { deployments, routes } = servedOn(() => serving, ENDPOINT);

describe('canary deploys through the bot', { timeout: 60_000 }, () => {
  it('deploy --canary 10 → status → promote; a second canary → rollback; all audited', async () => {
    const h = await bot();
    try {
      await confirm(h, await say(h, 'deploy --temperature 0.3 --max-tokens 500'));
      expect(deployments()).toEqual(['chat']);
      expect((await say(h, 'deploy --auto')).text).toContain('`--auto` belongs to a canary');

      for (const bad of ['0', '51', 'ten']) {
        const r = await say(h, `deploy --canary ${bad} --deployment chat-v2`);
        expect(r.text).toContain('a whole number from 1 to 50');
      }
      expect((await say(h, 'canary status')).text).toContain('runs no canary now');

      const plan = await say(
        h,
        'deploy --canary 10 --deployment chat-v2 --temperature 0.7 --max-tokens 900',
      );
      const shown = cardText(plan.card);
      expect(shown).toContain('Canary on llm-chat');
      expect(shown).toContain('gpt-4o-mini via chat');
      expect(shown).toContain('chat-v2 via chat-v2');
      expect(shown).toContain('90 % current · 10 % candidate');
      expect(shown).toContain('suite smoke on each entity');
      expect(shown).toContain('30 min of split traffic');
      expect(shown).toContain('posts its card with Promote / Roll back; nothing is applied');
      await confirm(h, plan);
      expect(deployments()).toEqual(['chat', 'chat-v2']);
      expect(routes()).toEqual([
        ['gpt-4o-mini', 90],
        ['chat-v2-canary', 10],
      ]);

      const status = await say(h, 'canary status');
      expect(cardText(status.card)).toContain('90 % current · 10 % candidate');
      expect(cardText(status.card)).toContain('DEPLOYMENT_READY');
      const fr = cardText((await say(h, 'canary status', { locale: 'fr-FR' })).card);
      expect(fr).toContain('Canari sur llm-chat');
      expect(fr).toContain('90 % actuel · 10 % candidat');
      expect((await say(h, 'deploy --canary --deployment chat-v2')).text).toContain(
        'already runs a canary (chat-v2 at 10 %)',
      );

      // A plain deploy (or rollback) would replace both entities: refused, naming the canary.
      for (const line of ['deploy', 'rollback']) {
        const refused = (await say(h, line)).text;
        expect(refused).toContain(
          'Endpoint llm-chat runs a canary: gpt-4o-mini via chat (gpt-4o-mini, 90 %) and the candidate chat-v2 via chat-v2 (chat-v2-canary, 10 %).',
        );
        expect(refused).toContain('`canary promote` keeps the candidate');
        expect(refused).toContain('`canary rollback` keeps the current model');
        expect(refused).toContain('`deploy --canary 10 --deployment NAME` starts a new canary');
      }
      expect((await say(h, 'deploy', { locale: 'fr-FR' })).text).toContain(
        'Le point de terminaison llm-chat exécute un canari',
      );
      expect(routes()).toEqual([
        ['gpt-4o-mini', 90],
        ['chat-v2-canary', 10],
      ]);

      // Promote keeps what the canary's deploy set for the candidate, not the defaults.
      const promote = await say(h, 'canary promote');
      expect(cardText(promote.card)).toContain('Sends 100 % of requests to chat-v2 via chat-v2');
      expect(cardText(promote.card)).toContain('temperature 0.7, max tokens 900');
      await confirm(h, promote);
      expect(deployments()).toEqual(['chat-v2']);
      expect(routes()).toEqual([['chat-v2', 100]]);

      // A bare --canary takes 10 %; rollback keeps the current model only.
      await confirm(h, await say(h, 'deploy --canary --deployment chat'));
      expect(routes()).toEqual([
        ['chat-v2', 90],
        ['gpt-4o-mini-canary', 10],
      ]);
      // Rollback keeps the current entity as the promote served it.
      const rollback = await say(h, 'canary rollback');
      expect(cardText(rollback.card)).toContain('temperature 0.7, max tokens 900');
      await confirm(h, rollback);
      expect(deployments()).toEqual(['chat-v2']);

      // Each canary step is a deployment run in MLflow, tagged with its action.
      const mlflow = new HttpMlflowService({ baseUrl: mlflowServer.url });
      const exp = await mlflow.getExperimentByName(EXPERIMENT);
      const runs = (await mlflow.searchRuns({ experimentIds: [exp.experimentId] })).items;
      const tagged = runs
        .map((r) => [r.info.runName, r.tags.find((t) => t.key === 'canary')?.value])
        .filter(([, canary]) => canary !== undefined);
      const param = (name: string, key: string) =>
        runs.find((r) => r.info.runName === name)?.params.find((p) => p.key === key)?.value;
      expect(param('canary promote llm-chat', 'temperature')).toBe('0.7');
      expect(param('canary rollback llm-chat', 'max_tokens')).toBe('900');
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

      const refused = await say(h, 'canary promote', { from: OUTSIDER });
      expect(refused.text).toContain('You may not');
      const denied = (await h.auditEntries(10)).find((e) => e.result === 'denied');
      expect([denied?.action, denied?.actorName]).toEqual(['canary', 'Guest User']);

      // Held IN_PROGRESS, the bot restarts; the rollback's steps resume on the new process.
      const plan = await say(h, 'canary rollback');
      serving.hold = true;
      await press(h, 'deploy.confirm', plan);
      await until(
        () => serving.endpoints.get(ENDPOINT)?.configUpdate === 'IN_PROGRESS',
        'the update to start',
      );
      await h.restart();
      const mark = h.connector.requests.length;
      serving.hold = false;
      await until(() => sentSince(h, /of llm-chat is READY/, mark), 'READY after the restart');
      expect(deployments()).toEqual([other === 'chat' ? 'chat-v2' : 'chat']);
    } finally {
      await h.stop();
    }
  });

  it('APPROVALS_REQUIRED=2: a canary promote waits for another permitted user', async () => {
    const h = await bot('2');
    try {
      const other = deployments()[0] === 'chat' ? 'chat-v2' : 'chat';
      const start = await say(h, `deploy --canary 30 --deployment ${other} --auto`);
      expect(cardText(start.card)).toContain('the verdict will be applied automatically');
      await press(h, 'deploy.approve', start, REVIEWER);
      await confirm(h, start);
      expect(routes().map((r) => r[1])).toEqual([70, 30]);

      const promote = await say(h, 'canary promote');
      expect(cardText(promote.card)).toContain('Needs a second pair of eyes');
      expect((await press(h, 'deploy.confirm', promote)).text).toContain(
        'This plan waits for approval',
      );
      expect(routes().map((r) => r[1])).toEqual([70, 30]);
      const approved = await press(h, 'deploy.approve', promote, REVIEWER);
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

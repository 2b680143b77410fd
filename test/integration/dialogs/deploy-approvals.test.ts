import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FakeDatabricks } from '../../fakes/fake-databricks/fake-databricks';
import type { FakeServingState } from '../../fakes/fake-databricks/serving';
import type { FakeOpenAI } from '../../fakes/fake-openai';
import { cardText, startHarness, type Harness } from '../../support/bot-harness';
import { checkCard } from '../../support/card-validator';
import {
  deployBotEnv,
  press,
  say,
  sentSince,
  startDeployRig,
  until,
  type DeployRig,
} from '../../support/deploy-rig';
import { MLFLOW_SETUP_TIMEOUT_MS, type MlflowTestServer } from '../../support/mlflow-server';
import { REVIEWER } from '../../support/teams-activities';

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
    env: deployBotEnv(
      { fakeAI, dbx },
      { key: KEY, endpoint: ENDPOINT, reviewer: REVIEWER },
      {
        APPROVALS_REQUIRED: approvals,
        AZURE_OPENAI_DEPLOYMENT: deployment,
        MLFLOW_TRACKING_URI: mlflowServer.url,
        MLFLOW_DEPLOY_EXPERIMENT: `approvals-${process.pid}`,
      },
    ),
  });

const finished = (h: Harness, what: RegExp) => until(() => sentSince(h, what), String(what));

describe('APPROVALS_REQUIRED=2 on deploy and rollback', { timeout: 60_000 }, () => {
  it('a deploy and a rollback each wait for another permitted user to approve', async () => {
    const first = await bot('chat', '1');
    const direct = await say(first, 'deploy');
    expect(cardText(direct.card)).not.toContain('second pair of eyes');
    await press(first, 'deploy.confirm', direct);
    await finished(first, /Deploy of llm-chat is READY/);
    await first.stop();

    const h = await bot('chat-v2', '2');
    try {
      const deploy = await say(h, 'deploy');
      expect(cardText(deploy.card)).toContain('Needs a second pair of eyes');
      const early = await press(h, 'deploy.confirm', deploy);
      expect(early.text).toContain('This plan waits for approval');
      expect((await press(h, 'deploy.approve', deploy)).text).toContain('you cannot approve it');
      const approved = await press(h, 'deploy.approve', deploy, REVIEWER);
      expect(checkCard(approved.card ?? {}).events).toEqual([]);
      expect(cardText(approved.card)).toContain('✔ Approved by **Dev Ops**');
      expect(cardText(approved.card)).toContain('chat-v2');
      const running = await press(h, 'deploy.confirm', deploy);
      expect(cardText(running.card)).toContain('approved by Dev Ops');
      await finished(h, /Deploy of llm-chat is READY/);
      const served = () =>
        JSON.stringify(serving.endpoints.get(ENDPOINT)?.config?.served_entities ?? []);
      expect(served()).toContain('"openai_deployment_name":"chat-v2"');

      // A rollback is a deploy operation: the same rule, in rollback's words.
      const rollback = await say(h, `rollback ${ENDPOINT}`);
      expect(cardText(rollback.card)).toContain('Needs a second pair of eyes');
      const notYet = await press(h, 'deploy.confirm', rollback);
      expect(notYet.text).toContain('This plan waits for approval');
      expect(served()).toContain('"openai_deployment_name":"chat-v2"');
      const ok = await press(h, 'deploy.approve', rollback, REVIEWER);
      expect(cardText(ok.card)).toMatch(/Rollback llm-chat[\s\S]*Approved by \*\*Dev Ops\*\*/);
      await press(h, 'deploy.confirm', rollback);
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

import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeDatabricks } from '../../fakes/fake-databricks/fake-databricks';
import { installSecrets } from '../../fakes/fake-databricks/secrets';
import { installServing, type FakeServingState } from '../../fakes/fake-databricks/serving';
import { seedCanaryEndpoint } from '../../fakes/fake-databricks/serving-seed';
import { fakeServedEntityId } from '../../fakes/fake-databricks/serving-data-plane';
import { installSql } from '../../fakes/fake-databricks/sql';
import { startFakeOpenAI, type FakeOpenAI } from '../../fakes/fake-openai';
import { cardOf, cardText, startHarness, type Harness } from '../../support/bot-harness';
import { checkCard } from '../../support/card-validator';
import { passCanaryWindow } from '../../support/canary-window';
import {
  confirmDeploy,
  deployBotEnv,
  press,
  say,
  sentSince,
  servedOn,
  until,
} from '../../support/deploy-rig';
import { OUTSIDER, type TeamsUser } from '../../support/teams-activities';

// The canary loop through the bot, against the fake Databricks serving (per-entity invocations)
// and the fake SQL warehouse: deploy --canary 10 → canary evaluate → Promote on the evaluation
// card; a regressing candidate with --auto is rolled back by itself; a non-permitted Promote
// pressed on the evaluation card is refused and audited.

const KEY = 'aoai-canary-eval-key';
const ENDPOINT = 'llm-chat';
const SUITES = path.resolve(__dirname, '..', '..', 'fixtures', 'deploy-suites');

let fakeAI: FakeOpenAI;
let dbx: FakeDatabricks;
let serving: FakeServingState;
beforeAll(async () => {
  fakeAI = await startFakeOpenAI({
    azureApiKey: KEY,
    deployments: ['chat', 'chat-v2'],
    bearerToken: 'dapi-test-token',
    servingEndpoints: [ENDPOINT],
  });
  dbx = new FakeDatabricks();
  serving = installServing(dbx, {
    secrets: installSecrets(dbx),
    dataPlaneUrl: fakeAI.url,
    pollsToSettle: 1,
  });
  // The warehouse counts both entities alike: live traffic does not tell them apart, the suite does.
  installSql(dbx, {
    answer: (statement) => {
      if (statement.includes('bin_width')) {
        const rows: string[][] = [];
        for (let v = 0; v < 20; v++) {
          rows.push(['latency_ms', `${300 + v}.0`, '10', '0.0']);
          rows.push(['completion_tokens', `${80 + v}.0`, '10', '0.0']);
        }
        return { columns: [], rows };
      }
      return {
        columns: [],
        rows: [
          ['status', 'ok', '200'],
          ['finish_reason', 'stop', '200'],
          ['content_filter', 'no', '200'],
        ],
      };
    },
  });
  await dbx.start();
});
afterAll(async () => {
  await dbx?.stop();
  await fakeAI?.close();
});

const REVIEWER: TeamsUser = {
  id: '29:1a2b3c-user-reviewer',
  name: 'Rae Viewer',
  aadObjectId: '44444444-4444-4444-4444-444444444444',
};

const SETUP = { key: KEY, endpoint: ENDPOINT, reviewer: REVIEWER };
const bot = (env: Record<string, string> = {}) =>
  startHarness({
    env: deployBotEnv({ fakeAI, dbx }, SETUP, {
      DATABRICKS_WAREHOUSE_ID: 'wh-1',
      DRIFT_INFERENCE_TABLE: 'ml.serving.{target}_payload',
      PROMPT_SUITES_DIR: SUITES,
      CANARY_SUITE: 'gate-pass',
      CANARY_WINDOW_MINUTES: '30',
      ...env,
    }),
  });

/** The newest state of the card sent as `cardId` (updates in place), as JSON text. */
const latestUpdate = (h: Harness, cardId: string): string =>
  JSON.stringify(
    h.connector.requests.filter((r) => r.method === 'PUT' && r.path.endsWith(cardId)).at(-1)
      ?.body ?? {},
  );

const { deployments, routes } = servedOn(() => serving, ENDPOINT);
/** The deploy operation's closing message came (the endpoint's lock is free again). */
const readyFrom = (h: Harness, mark: number) => sentSince(h, /of llm-chat is READY/, mark);
const settled = () => serving.endpoints.get(ENDPOINT)?.configUpdate !== 'IN_PROGRESS';

/** A canary as the endpoint shows it (seeded: the deploys themselves are tested first). */
const seedCanary = () =>
  seedCanaryEndpoint(serving, {
    name: ENDPOINT,
    current: ['chat-v2', 'chat-v2'],
    candidate: ['gpt-4o-mini-canary', 'chat'],
    percent: 10,
    apiBase: fakeAI.url,
    updatedAt: Date.now(),
  });

async function deployed(h: Harness, line: string, expected: unknown[]) {
  const mark = h.connector.requests.length;
  await press(h, 'deploy.confirm', await say(h, line));
  await until(() => readyFrom(h, mark), line);
  expect(deployments()).toEqual(expected);
}

describe('canary evaluation through the bot', { timeout: 60_000 }, () => {
  it('evaluate → Promote on the card (outsider refused); a regressing candidate with --auto rolls back', async () => {
    const h = await bot();
    try {
      await deployed(h, 'deploy', ['chat']);
      await deployed(h, 'deploy --canary 10 --deployment chat-v2', ['chat', 'chat-v2']);

      const plan = await say(h, 'canary evaluate');
      const shown = cardText(plan.card);
      expect(shown).toContain('Evaluate the canary on llm-chat');
      expect(shown).toContain('Current **gpt-4o-mini** · Candidate **chat-v2-canary**');
      expect(shown).toContain('gate-pass');
      await press(h, 'canary.evaluate.start', plan);
      await until(() => latestUpdate(h, plan.cardId).includes('Verdict: promote'), 'the verdict');
      const evaluation = latestUpdate(h, plan.cardId);
      expect(evaluation).toContain('Every case passed on both entities.');
      expect(evaluation).toContain('"args":"promote llm-chat"');
      // Both entities answered the suite through their own invocation path.
      const entities = new Set(serving.inferenceRows.map((r) => r.served_entity_id));
      expect(entities).toEqual(
        new Set(['gpt-4o-mini', 'chat-v2-canary'].map((e) => fakeServedEntityId(ENDPOINT, e))),
      );

      // Promote pressed by someone who may not change the endpoint: refused, audited.
      const promoteButton = { command: 'canary', args: `promote ${ENDPOINT}` };
      const outsider = h.a.invokeAction('run', promoteButton, {
        where: 'groupChat',
        from: OUTSIDER,
        replyToId: plan.cardId,
      });
      await h.send(outsider);
      const refusal = h.connector.requests.find(
        (q) => q.method === 'POST' && q.body?.replyToId === outsider.id,
      );
      expect(String(refusal?.body?.text)).toContain('You may not');
      const denied = (await h.auditEntries(10)).find((e) => e.result === 'denied');
      expect([denied?.action, denied?.actorName]).toEqual(['canary', 'Guest User']);

      // The permitted user presses Promote: the promote plan, confirmed → one entity at 100 %.
      const mine = h.a.invokeAction('run', promoteButton, {
        where: 'groupChat',
        replyToId: plan.cardId,
      });
      await h.send(mine);
      const promotePlan = h.connector.requests.find(
        (q) => q.method === 'POST' && q.body?.replyToId === mine.id,
      );
      const promoteId = /"operationId":"([^"]+)"/.exec(JSON.stringify(promotePlan?.body))?.[1];
      expect(promoteId).toBeTruthy();
      const beforePromote = h.connector.requests.length;
      await press(h, 'deploy.confirm', {
        cardId: promotePlan?.answeredId ?? 'plan',
        operationId: promoteId ?? '',
      });
      await until(() => readyFrom(h, beforePromote), 'the promote');
      expect(deployments()).toEqual(['chat-v2']);
      expect(routes()).toEqual([['chat-v2', 100]]);

      // A candidate that answers wrong on its own entity: --auto rolls it back.
      await deployed(h, 'deploy --canary 10 --deployment chat', ['chat-v2', 'chat']);
      serving.answerAs.set('gpt-4o-mini-canary', () => ({
        status: 200,
        body: {
          id: 'wrong',
          object: 'chat.completion',
          created: 0,
          model: 'chat',
          choices: [
            {
              index: 0,
              message: { role: 'assistant', content: 'I cannot say.' },
              finish_reason: 'stop',
            },
          ],
          usage: { prompt_tokens: 5, completion_tokens: 4, total_tokens: 9 },
        },
      }));
      const auto = await say(h, 'canary evaluate --auto');
      expect(cardText(auto.card)).toContain('and apply the verdict');
      await press(h, 'canary.evaluate.start', auto);
      await until(() => latestUpdate(h, auto.cardId).includes('Verdict: roll back'), 'rollback');
      expect(latestUpdate(h, auto.cardId)).toContain('**echoes** on candidate');
      await until(() => settled() && routes().length === 1, 'the automatic rollback');
      expect(deployments()).toEqual(['chat-v2']);
      await until(() => latestUpdate(h, auto.cardId).includes('roll back started'), 'the note');
      // The rollback it started has a progress card of its own, posted and then brought to its end.
      const postedCard = () =>
        h.connector.requests.find(
          (r) =>
            r.method === 'POST' &&
            JSON.stringify(r.body).includes(
              "Roll back canary on llm-chat (the evaluation's verdict)",
            ),
        );
      await until(() => postedCard() !== undefined, 'its own card');
      const posted = postedCard();
      expect(posted?.answeredId).toBeTruthy();
      expect(checkCard(cardOf(posted?.body) ?? {}).events).toEqual([]);
      await until(
        () => latestUpdate(h, posted?.answeredId ?? '?').includes('✔ Done'),
        'its card at its end',
      );
      const audit = await h.auditEntries(30);
      expect(
        audit.find((e) => e.action === 'canary-rollback' && e.result === 'approved')?.detail,
      ).toMatch(/^started automatically as operation /);
      // The rollback it started ends audited like a typed one.
      await until(
        async () =>
          (await h.auditEntries(30)).some(
            (e) => e.action === 'canary-rollback' && e.result === 'ok',
          ),
        'the rollback audited',
      );
    } finally {
      serving.answerAs.clear();
      await h.stop();
    }
  });

  it('--auto needs a second permitted user under APPROVALS_REQUIRED=2; without --auto it does not', async () => {
    seedCanary();
    const h = await bot({ APPROVALS_REQUIRED: '2' });
    try {
      expect(JSON.stringify((await say(h, 'canary evaluate')).card)).not.toContain('approve');
      const plan = await say(h, 'canary evaluate --auto');
      expect(JSON.stringify(plan.card)).toContain('canary.evaluate.approve');
      expect((await press(h, 'canary.evaluate.start', plan)).text).toContain(
        'This plan waits for approval',
      );
      await press(h, 'canary.evaluate.approve', plan, REVIEWER);
      const approved = (await h.auditEntries(10)).find((e) => e.result === 'approved');
      expect(approved?.actorName).toBe('Rae Viewer');
      await press(h, 'canary.evaluate.start', plan);
      await until(() => latestUpdate(h, plan.cardId).includes('Verdict:'), 'the verdict');
    } finally {
      await h.stop();
    }
  });

  it('a restart in the middle of the evaluation resumes it on the same card', async () => {
    seedCanary();
    const h = await bot();
    try {
      const plan = await say(h, 'canary evaluate');
      const rows = serving.inferenceRows.length;
      // Slow answers: the bot stops while the current entity's suite is in flight.
      fakeAI.setDelay(1_500);
      await press(h, 'canary.evaluate.start', plan);
      await new Promise((r) => setTimeout(r, 300));
      expect(serving.inferenceRows.length).toBe(rows);
      await h.restart();
      fakeAI.setDelay(0);
      await until(() => latestUpdate(h, plan.cardId).includes('Verdict: promote'), 'the verdict');
      const evaluationCards = h.connector.requests.filter(
        (r) => r.method === 'POST' && JSON.stringify(r.body).includes('Canary evaluation'),
      );
      expect(evaluationCards).toEqual([]);
      // One suite case per entity, each answered once: the resumed run did not start over.
      const answered = serving.inferenceRows.slice(rows).map((r) => r.served_entity_id);
      expect(answered).toEqual(
        ['chat-v2', 'gpt-4o-mini-canary'].map((e) => fakeServedEntityId(ENDPOINT, e)),
      );
    } finally {
      fakeAI.setDelay(0);
      await h.stop();
    }
  });
  it('after the window: Promote / Roll back on the card without --auto; applied when the approved plan had it', async () => {
    serving.endpoints.clear();
    const h = await bot({ APPROVALS_REQUIRED: '2' });
    const windowPasses = () =>
      passCanaryWindow(h, { databricksUrl: dbx.url, suite: 'gate-pass', windowMinutes: 30 });
    /** A plan approved by the reviewer, confirmed, READY. */
    const approved = async (line: string) => {
      const plan = await say(h, line);
      await press(h, 'deploy.approve', plan, REVIEWER);
      await confirmDeploy(h, plan, ENDPOINT);
      return plan;
    };
    try {
      await approved('deploy');
      await approved('deploy --canary 10 --deployment chat-v2');
      let mark = h.connector.requests.length;
      expect(await windowPasses()).toHaveLength(1);
      await until(() => sentSince(h, /nothing is applied by itself/, mark), 'the notice');
      await until(
        () =>
          h.connector.requests
            .slice(mark)
            .some(
              (r) => r.method === 'POST' && JSON.stringify(r.body).includes('Verdict: promote'),
            ),
        'the evaluation card',
      );
      const card = h.connector.requests
        .slice(mark)
        .find((r) => r.method === 'POST' && JSON.stringify(r.body).includes('Verdict: promote'));
      expect(JSON.stringify(card?.body)).toContain('"args":"promote llm-chat"');
      expect(routes()).toEqual([
        ['gpt-4o-mini', 90],
        ['chat-v2-canary', 10],
      ]);

      // Rolled back by hand; a canary whose approved plan had --auto is promoted by the window.
      await approved('canary rollback');
      const auto = await approved('deploy --canary 10 --deployment chat-v2 --auto');
      expect(cardText(auto.card)).toContain('the verdict will be applied automatically');
      mark = h.connector.requests.length;
      expect(await windowPasses()).toHaveLength(1);
      await until(() => sentSince(h, /applying the verdict/, mark), 'the notice');
      await until(() => settled() && routes().length === 1, 'the automatic promote');
      expect(deployments()).toEqual(['chat-v2']);
      await until(
        () =>
          h.connector.requests
            .slice(mark)
            .some((r) =>
              JSON.stringify(r.body).includes(
                "Promote canary on llm-chat (the evaluation's verdict)",
              ),
            ),
        "the promote's own card",
      );
    } finally {
      await h.stop();
    }
  });
});

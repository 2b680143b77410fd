import { beforeAll, describe, expect, it } from 'vitest';
import type { FakeServingState } from '../../fakes/fake-databricks/serving';
import { seedCanaryEndpoint } from '../../fakes/fake-databricks/serving-seed';
import { fakeServedEntityId } from '../../fakes/fake-databricks/serving-data-plane';
import type { FakeOpenAI } from '../../fakes/fake-openai';
import { cardOf, cardText, type Harness } from '../../support/bot-harness';
import { checkCard } from '../../support/card-validator';
import { latestUpdate, RAE as REVIEWER, useCanaryEvalPeers } from '../../support/canary-eval-rig';
import { press, say, sentSince, servedOn, until } from '../../support/deploy-rig';
import { OUTSIDER } from '../../support/teams-activities';

// The canary loop through the bot, against the fake Databricks serving (per-entity invocations)
// and the fake SQL warehouse: deploy --canary 10 → canary evaluate → Promote on the evaluation
// card; a regressing candidate with --auto is rolled back by itself; a non-permitted Promote
// pressed on the evaluation card is refused and audited.

const KEY = 'aoai-canary-eval-key';
const ENDPOINT = 'llm-chat';

const { peers, bot } = useCanaryEvalPeers(KEY, ENDPOINT);
let fakeAI: FakeOpenAI;
let serving: FakeServingState;
beforeAll(() => {
  ({ fakeAI, serving } = peers());
});

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
});

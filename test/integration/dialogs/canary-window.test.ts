import { beforeAll, describe, expect, it } from 'vitest';
import type { FakeDatabricks } from '../../fakes/fake-databricks/fake-databricks';
import type { FakeServingState } from '../../fakes/fake-databricks/serving';
import { cardText } from '../../support/bot-harness';
import { RAE as REVIEWER, useCanaryEvalPeers } from '../../support/canary-eval-rig';
import { passCanaryWindow } from '../../support/canary-window';
import { confirmDeploy, press, say, sentSince, servedOn, until } from '../../support/deploy-rig';

// The evaluation CANARY_WINDOW_MINUTES after a canary started, through the bot: it applies its
// verdict only when the canary's approved plan had --auto; else its card carries Promote /
// Roll back and nothing changes. The window job is run once on the bot's store instead of
// waiting for the scheduler's minute (test/support/canary-window.ts).

const KEY = 'aoai-canary-window-key';
const ENDPOINT = 'llm-chat';

const { peers, bot } = useCanaryEvalPeers(KEY, ENDPOINT);
let dbx: FakeDatabricks;
let serving: FakeServingState;
beforeAll(() => {
  ({ dbx, serving } = peers());
});

const { deployments, routes } = servedOn(() => serving, ENDPOINT);
const settled = () => serving.endpoints.get(ENDPOINT)?.configUpdate !== 'IN_PROGRESS';

describe('the canary window through the bot', { timeout: 60_000 }, () => {
  it('after the window: Promote / Roll back on the card without --auto; applied when the approved plan had it', async () => {
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

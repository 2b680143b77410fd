import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  cardOf,
  cardText,
  startHarness,
  type CapturedRequest,
  type Harness,
} from '../../support/bot-harness';
import { shownText } from '../../support/shown-text';

/**
 * Help and hints are where a newcomer learns the syntax: every `<placeholder>` must reach the
 * reader, in help cards and in text replies alike (issue 14, point 2).
 */
let h: Harness;

beforeAll(async () => {
  // MLflow is configured (never called: these replies come before any request).
  h = await startHarness({ env: { MLFLOW_TRACKING_URI: 'http://127.0.0.1:9' } });
});

afterAll(() => h.stop());

/** What the reader sees of the bot's one reply to `text` in the personal chat. */
async function shownReply(text: string): Promise<string> {
  h.connector.clear();
  await h.send(h.a.personal(text));
  const [reply]: (CapturedRequest | undefined)[] = await h.connector.waitFor(1, 15_000);
  const card = cardOf(reply?.body);
  const body = card ? cardText(card) : reply?.body?.text;
  return shownText(typeof body === 'string' ? body : '');
}

describe('placeholders in command syntax', () => {
  it.each([
    ['help run', 'run <run id>'],
    ['help ask', 'ask [--target T] [--temperature X] [--max-tokens N] <prompt>'],
    ['help test', 'test <suite> [--targets a,b]'],
    ['help runs', '"runs compare <run id> <run id>"'],
    ['help runs', '"runs churn-model metrics.rmse < 1 and params.model = \'xgb\'"'],
  ])('`%s` shows %s', async (command, expected) => {
    expect(await shownReply(command)).toContain(expected);
  });

  it.each([
    ['runs compare abc', 'Usage: runs compare <run id A> <run id B>.'],
    ['run', 'Which run? run <run id>; runs <experiment> lists the latest runs.'],
    ['subscriptions', 'subscribe runs <experiment>'],
  ])('the text reply to `%s` shows %s', async (command, expected) => {
    expect(await shownReply(command)).toContain(expected);
  });
});

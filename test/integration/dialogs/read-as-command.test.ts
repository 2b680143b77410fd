import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { cardText, startHarness, type Harness } from '../../support/bot-harness';
import { DEFAULT_USER } from '../../support/teams-activities';
import { cardReplyTo } from '../../support/card-reply';
import { startFakeOpenAI, type FakeOpenAI } from '../../fakes/fake-openai';

/**
 * Issue 14 point 5 c: with a model configured, a free sentence is read as a command line by the
 * model (the registry offered as tools) and shown with Run / Edit; nothing runs by itself.
 */
const AZURE_KEY = 'aoai-KEY-never-shown-5d1e';

let fake: FakeOpenAI;
let h: Harness;

beforeAll(async () => {
  fake = await startFakeOpenAI({ azureApiKey: AZURE_KEY });
  h = await startHarness({
    env: {
      AZURE_OPENAI_ENDPOINT: fake.url,
      AZURE_OPENAI_API_KEY: AZURE_KEY,
      AZURE_OPENAI_DEPLOYMENT: 'chat',
      ADMIN_AAD_OBJECT_IDS: '99999999-9999-9999-9999-999999999999',
    },
  });
});
afterAll(async () => {
  await h.stop();
  await fake.close();
});
beforeEach(() => {
  fake.clear();
  h.connector.clear();
});

const chatCalls = () => fake.requests.filter((r) => r.path.endsWith('/chat/completions'));

type Action = Record<string, unknown> & { type: string; title: string };

const cardFor = (activity: Record<string, unknown>) => cardReplyTo(h, activity);

const actionsOf = (card: Record<string, unknown>) => (card.actions ?? []) as Action[];

describe('a free sentence with a model configured', () => {
  it('offers the registry as tools and shows the chosen command line with Run and Edit', async () => {
    fake.callToolNext('cleanup', { args: '--dry-run' });
    const card = await cardFor(h.a.personal('could you get rid of everything in the lab'));
    expect(cardText(card)).toContain('I read this as `cleanup --dry-run`');
    const [run, edit] = actionsOf(card);
    expect(run?.title).toBe('Run');
    expect(run?.data).toEqual({ verb: 'run', line: 'cleanup --dry-run' });
    expect(edit).toMatchObject({ type: 'Action.ShowCard', title: 'Edit' });
    expect(JSON.stringify(edit)).toContain('"value":"cleanup --dry-run"');

    const [call] = chatCalls();
    const tools = (call?.body?.tools ?? []) as {
      function: { name: string; description: string };
    }[];
    expect(tools.map((t) => t.function.name)).toContain('deploy');
    expect(tools.find((t) => t.function.name === 'cleanup')?.function.description).toContain(
      'cleanup [--keep-resource-group] [--dry-run]',
    );
    // It only read the sentence: no operation, no audit entry.
    expect(await h.auditEntries()).toEqual([]);
  });

  it('runs the reading through the permission check of the typed command', async () => {
    const res = await h.send(h.a.invokeAction('run', { line: 'cleanup --dry-run' }));
    expect(res.status).toBe(200);
    const [sent] = await h.connector.waitFor(1);
    expect(JSON.stringify(sent?.body)).toContain('You may not run `cleanup`');
    expect((await h.auditEntries(1))[0]).toMatchObject({ action: 'cleanup', result: 'denied' });
  });

  it('runs an edited line, parsed like typed text', async () => {
    fake.respondWith(/what is drift/, 'Drift is change.');
    const res = await h.send(h.a.invokeAction('run', { line: 'ask what is drift' }));
    expect(res.status).toBe(200);
    const [sent] = await h.connector.waitFor(1);
    expect(JSON.stringify(sent?.body)).toContain('Drift is change.');
    h.connector.clear();
    await h.send(h.a.invokeAction('run', { line: 'frobnicate now' }));
    const [unknown] = await h.connector.waitFor(1);
    expect(JSON.stringify(unknown?.body)).toContain('Unknown command \\"frobnicate\\".');
  });

  it('falls back to suggestions when the model calls no command', async () => {
    const card = await cardFor(h.a.personal('can you deploy it'));
    expect(chatCalls()).toHaveLength(1);
    expect(cardText(card)).toContain('Did you mean `deploy`?');
  });

  it('asks no model for a single unknown word', async () => {
    const card = await cardFor(h.a.personal('hlep'));
    expect(chatCalls()).toHaveLength(0);
    expect(cardText(card)).toContain('Did you mean `help`?');
  });

  it('leaves an active chat session in charge of free text', async () => {
    await h.send(h.a.personal('chat'));
    h.connector.clear();
    fake.callToolNext('deploy', { args: '' });
    await h.send(h.a.personal('tell me about deploy'));
    const [sent] = await h.connector.waitFor(1);
    expect(JSON.stringify(sent?.body)).toContain('Echo from chat: tell me about deploy');
    expect(chatCalls()[0]?.body?.tools).toBeUndefined();
    await h.send(h.a.personal('chat end'));
  });
});

it('keeps the default user out of the admins (the denial above depends on it)', () => {
  expect(DEFAULT_USER.aadObjectId).not.toBe('99999999-9999-9999-9999-999999999999');
});

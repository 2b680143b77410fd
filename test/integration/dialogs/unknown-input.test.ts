import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { cardText, startHarness, type Harness } from '../../support/bot-harness';
import { cardReplyTo } from '../../support/card-reply';
import { shownText } from '../../support/shown-text';

/** Issue 14 point 5: a message that is no command gets the likely commands, not the help card. */
let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.stop();
});
beforeEach(() => {
  h.connector.clear();
});

interface Button {
  title: string;
  data: Record<string, unknown>;
}

/** The one card the bot sent for an activity, validated, with its text and buttons. */
async function reply(
  activity: Record<string, unknown>,
): Promise<{ text: string; buttons: Button[] }> {
  const card = await cardReplyTo(h, activity);
  const buttons = ((card.actions ?? []) as { title: string; data: Record<string, unknown> }[]).map(
    (a) => ({ title: a.title, data: a.data }),
  );
  return { text: cardText(card), buttons };
}

/** Clicks a suggestion's button the way Teams sends it (Action.Execute invoke). */
function click(button: Button | undefined): Record<string, unknown> {
  const { verb, ...data } = button?.data ?? {};
  return h.a.invokeAction(String(verb), data);
}

describe('a misspelt command', () => {
  it('is answered with the nearest command and a button that runs it', async () => {
    const { text, buttons } = await reply(h.a.personal('hlep'));
    expect(text).toContain('I don\'t know "hlep". Did you mean `help`?');
    expect(shownText(text)).toContain('help [command]');
    expect(text).toContain('Send `help` for all commands.');
    expect(text).not.toContain('LLMOps Bot commands');
    expect(buttons).toEqual([{ title: 'help', data: { verb: 'run', command: 'help' } }]);

    const help = await reply(click(buttons[0]));
    expect(help.text).toContain('LLMOps Bot commands');
  });

  it('offers several near commands in a channel, after the mention is stripped', async () => {
    const { text, buttons } = await reply(h.a.channel('subs'));
    expect(text).toContain('Did you mean `subscribe` or `subscriptions`?');
    // `subscribe` needs `drift` or `runs <experiment>`, so its button shows its syntax.
    expect(buttons.map((b) => b.title)).toEqual(['help subscribe', 'subscriptions']);
  });

  it('keeps the help card for `help` and for an empty message', async () => {
    expect((await reply(h.a.personal('help'))).text).toContain('LLMOps Bot commands');
    expect((await reply(h.a.personal(''))).text).toContain('LLMOps Bot commands');
  });
});

describe('a sentence naming a command', () => {
  it.each([
    [
      'can you deploy the new model',
      'deploy',
      'deploy [--endpoint NAME] [--deployment NAME] [--temperature T] [--max-tokens N] [--canary [PERCENT] [--auto]] [--dry-run]',
    ],
    ['please tear down the lab', 'cleanup', 'cleanup [--keep-resource-group] [--dry-run]'],
    ['il faut nettoyer le lab', 'cleanup', 'cleanup [--keep-resource-group] [--dry-run]'],
    [
      'peux-tu déployer le modèle',
      'deploy',
      'deploy [--endpoint NAME] [--deployment NAME] [--temperature T] [--max-tokens N] [--canary [PERCENT] [--auto]] [--dry-run]',
    ],
    ['quelle est la dérive', 'drift', 'drift [target]'],
    ['les dernières exécutions', 'runs', 'runs [experiment] [filter]'],
  ])('"%s" gets "Did you mean `%s`?" with its syntax', async (typed, id, usage) => {
    const { text, buttons } = await reply(h.a.personal(typed));
    expect(text.split('\n')[0]).toBe(`Did you mean \`${id}\`?`);
    expect(text).toContain(usage);
    expect(text).not.toContain("I don't know");
    expect(buttons[0]).toEqual({ title: id, data: { verb: 'run', command: id } });
  });

  it('runs a mutating suggestion through the permission check like the typed command', async () => {
    const { buttons } = await reply(h.a.personal('tear down the lab'));
    const denied = await h.send(click(buttons[0]));
    expect(denied.status).toBe(200);
    const [sent] = await h.connector.waitFor(1);
    expect(JSON.stringify(sent?.body)).toContain('You may not run `cleanup`');
  });

  it('offers `help <command>` for a command that needs a word, and that button shows its syntax', async () => {
    const { text, buttons } = await reply(h.a.personal('please evaluate the prompts'));
    expect(text).toContain('Did you mean `test`?');
    expect(buttons).toEqual([
      { title: 'help test', data: { verb: 'run', command: 'help', args: 'test' } },
    ]);
    const help = await reply(click(buttons[0]));
    expect(help.text).toContain('Help: test');
    expect(shownText(help.text)).toContain('test <suite> [--targets a,b]');
  });
});

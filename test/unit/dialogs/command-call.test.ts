import { describe, expect, it } from 'vitest';
import { textReply } from '../../../src/chat/reply';
import { defineCommand, type CommandContext } from '../../../src/dialogs/command';
import { commandArgs, flag } from '../../../src/dialogs/command-args';
import { prepareCall } from '../../../src/dialogs/command-call';
import { parseCommand } from '../../../src/dialogs/parse-command';

/** `--json` is a default switch; this command gives it a value, so the router's parse differs. */
const exportCommand = defineCommand({
  id: 'export',
  description: 'Test-only command with a valued flag named like a default switch.',
  usage: 'export <what> [--json FILE]',
  examples: ['export runs'],
  mutating: false,
  group: 'Bot',
  args: commandArgs({ flags: { json: flag.text('out.json') } }),
  handle: () => Promise.resolve(textReply('ok')),
});
const ctx = { services: {} } as CommandContext;

describe('prepareCall with the router parse', () => {
  it.each([
    'export runs',
    'export  "two words"  <b>x</b>',
    'export runs --json out.json',
    'export --json out.json runs',
  ])('gives the same arguments as parsing the line itself: %j', (text) => {
    const own = prepareCall(exportCommand, ctx, text);
    const routed = prepareCall(exportCommand, ctx, text, parseCommand(text));
    expect(routed).toEqual(own);
    expect(own.ok).toBe(true);
  });

  it("parses a line with flags again with the command's own switches", () => {
    const text = 'export runs --json out.json';
    expect(parseCommand(text).flags).toEqual({ json: true });
    const prepared = prepareCall(exportCommand, ctx, text, parseCommand(text));
    expect(prepared.ok && prepared.args).toMatchObject({
      flags: { json: 'out.json' },
      positional: ['runs'],
    });
  });
});

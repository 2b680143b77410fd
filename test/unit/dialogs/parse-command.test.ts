import { describe, expect, it } from 'vitest';
import {
  normalizeText,
  parseCommand,
  rewriteText,
  tokenize,
} from '../../../src/dialogs/parse-command';
import { xorshift } from '../../support/activity-fuzz';

describe('normalizeText', () => {
  it.each([
    ['<at>LLMOps Bot</at> help', 'help'],
    ['<at>LLMOps Bot</at>&nbsp;status', 'status'],
    ['help\u00a0me', 'help me'],
    ['<p>whoami</p>', 'whoami'],
    ['<at>Bot</at> <at>Other</at> deploy', 'deploy'],
    ['ask &quot;what is 2 &lt; 3 &amp; 4 &gt; 1&quot;', 'ask "what is 2 < 3 & 4 > 1"'],
    ['don&#39;t', "don't"],
    ['  lots   of\n\tspace  ', 'lots of space'],
    ['', ''],
    [' help', 'help'],
    ['help ', 'help'],
    ['help\ufeff', 'help'],
    ['a\u2028b', 'a b'],
  ])('%j → %j', (raw, expected) => {
    expect(normalizeText(raw)).toBe(expected);
  });

  it('returns text it would not change as is (the fast path agrees with the full rewrite)', () => {
    const alphabet = ['a', 'b', ' ', '  ', '\t', '\n', '\u00a0', '\u3000', '<', '>', '&', ';', '"'];
    const rand = xorshift(7);
    for (let i = 0; i < 5_000; i++) {
      const raw = Array.from(
        { length: Math.floor(rand() * 8) },
        () => alphabet[Math.floor(rand() * alphabet.length)],
      ).join('');
      expect(normalizeText(raw), JSON.stringify(raw)).toBe(rewriteText(raw));
    }
  });
});

describe('tokenize', () => {
  it.each([
    ['a b  c', ['a', 'b', 'c']],
    ['ask "two words" next', ['ask', 'two words', 'next']],
    ["ask 'single quoted' x", ['ask', 'single quoted', 'x']],
    ['ask “smart quotes here”', ['ask', 'smart quotes here']],
    ['ask ""', ['ask', '']],
  ])('%j', (text, expected) => {
    expect(tokenize(text)).toEqual(expected);
  });
});

describe('parseCommand', () => {
  it.each([
    // [raw, command, positional, flags]
    ['help', 'help', [], {}],
    ['HELP', 'help', [], {}],
    ['Status', 'status', [], {}],
    ['/help', 'help', [], {}],
    ['<at>LLMOps Bot</at> whoami', 'whoami', [], {}],
    ['<at>LLMOps Bot</at>&nbsp;&nbsp;Audit 50', 'audit', ['50'], {}],
    ["please don't delete", 'please', ["don't", 'delete'], {}],
    ['please&nbsp;delete everything', 'please', ['delete', 'everything'], {}],
    ['', '', [], {}],
    ['<at>LLMOps Bot</at>', '', [], {}],
    ['deploy gpt-4o --region eastus2', 'deploy', ['gpt-4o'], { region: 'eastus2' }],
    ['deploy --region=westeurope gpt', 'deploy', ['gpt'], { region: 'westeurope' }],
    ['deploy --name "a b" x', 'deploy', ['x'], { name: 'a b' }],
    ['provision --dry-run eastus2', 'provision', ['eastus2'], { 'dry-run': true }],
    ['provision eastus2 --dry-run', 'provision', ['eastus2'], { 'dry-run': true }],
    [
      'cleanup --yes --keep-resource-group rg1',
      'cleanup',
      ['rg1'],
      { yes: true, 'keep-resource-group': true },
    ],
    ['x --a --b', 'x', [], { a: true, b: true }],
    ['x --Region EastUS', 'x', [], { region: 'EastUS' }],
    ['x --empty=', 'x', [], { empty: '' }],
    ['x -- y', 'x', ['--', 'y'], {}],
    ['ask "what is drift?" --json', 'ask', ['what is drift?'], { json: true }],
  ] as const)('%j', (raw, command, positional, flags) => {
    const parsed = parseCommand(raw);
    expect(parsed.command).toBe(command);
    expect(parsed.positional).toEqual(positional);
    expect(parsed.flags).toEqual(flags);
  });

  it('keeps the rest of the line as typed (after normalisation)', () => {
    expect(parseCommand('<at>Bot</at> ask  "Why  is" it').rest).toBe('"Why is" it');
    expect(parseCommand('help').rest).toBe('');
  });

  it('never treats a later word as the command', () => {
    for (const raw of ["please don't delete", 'can you delete', 'why not help']) {
      expect(parseCommand(raw).command).not.toMatch(/^(delete|help)$/);
    }
  });

  it('accepts a custom switch list', () => {
    expect(parseCommand('x --force y', new Set(['force'])).flags).toEqual({ force: true });
    expect(parseCommand('x --force y', new Set()).flags).toEqual({ force: 'y' });
  });
});

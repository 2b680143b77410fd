import { describe, expect, it } from 'vitest';
import { buildSuggestionCard, suggestionLine } from '../../../src/cards/suggestion-card';
import { CARD_BYTE_LIMIT, checkCard } from '../../support/card-validator';

const deploy = {
  id: 'deploy',
  usage: 'deploy [--endpoint NAME] [--dry-run]',
  button: { title: 'deploy', command: 'deploy' },
};
const run = {
  id: 'run',
  usage: 'run <run id>',
  button: { title: 'help run', command: 'help', args: 'run' },
};

describe('buildSuggestionCard', () => {
  it('lists each suggestion with its syntax and a run button, in a valid card', () => {
    const card = buildSuggestionCard({ unknownWord: 'dpeloy', suggestions: [deploy, run] });
    const check = checkCard(card);
    expect(check.events).toEqual([]);
    expect(check.bytes).toBeLessThanOrEqual(CARD_BYTE_LIMIT);
    const json = JSON.stringify(card);
    expect(json).toContain('I don\'t know \\"dpeloy\\". Did you mean `deploy` or `run`?');
    // Entities, so a card shows the placeholder instead of dropping it as an HTML tag.
    expect(json).toContain('**run &lt;run id&gt;**');
    expect(card.actions?.map((a) => a.data)).toEqual([
      { verb: 'run', command: 'deploy' },
      { verb: 'run', command: 'help', args: 'run' },
    ]);
  });

  it('offers a Help button when nothing is near, and escapes and shortens the echoed word', () => {
    const card = buildSuggestionCard({
      unknownWord: `[x](https://e.example)${'a'.repeat(60)}`,
      suggestions: [],
    });
    expect(checkCard(card).events).toEqual([]);
    expect(card.actions?.map((a) => a.data)).toEqual([{ verb: 'run', command: 'help' }]);
    const line = String(card.body[0]?.text);
    expect(line).toContain('\\[x\\]');
    expect(line).toContain('…".');
    expect(line.length).toBeLessThan(80);
  });

  it('leaves out "I don\'t know" when the message named a command', () => {
    expect(suggestionLine({ suggestions: [deploy] })).toBe('Did you mean `deploy`?');
    expect(suggestionLine({ suggestions: [deploy, run, { ...deploy, id: 'drift' }] })).toBe(
      'Did you mean `deploy`, `run` or `drift`?',
    );
  });
});

import { describe, expect, it } from 'vitest';
import { commands, synonyms } from '../../../src/bot/commands';
import {
  editDistance,
  fold,
  mentionedCommands,
  nearestCommands,
  suggestCommands,
  typoBudget,
  words,
} from '../../../src/dialogs/suggest-command';

const ids = commands.map((c) => c.id);

describe('editDistance (Damerau-Levenshtein, optimal string alignment)', () => {
  it.each([
    ['help', 'help', 0],
    ['hlep', 'help', 1],
    ['stauts', 'status', 1],
    ['deplyo', 'deploy', 1],
    ['', 'ask', 3],
    ['ask', '', 3],
    ['kitten', 'sitting', 3],
    ['ca', 'abc', 3],
    ['drfit', 'drift', 1],
    ['runz', 'runs', 1],
  ])('%s -> %s is %i', (a, b, d) => {
    expect(editDistance(a, b)).toBe(d);
    expect(editDistance(b, a)).toBe(d);
  });

  it('grows the typo budget with the word: one edit per three letters, at least one', () => {
    expect([
      typoBudget('ab'),
      typoBudget('help'),
      typoBudget('stauts'),
      typoBudget('subscribez'),
    ]).toEqual([1, 1, 2, 3]);
  });
});

describe('nearestCommands', () => {
  it('offers the command a typo was meant to be, nearest first', () => {
    expect(nearestCommands('hlep', ids)).toEqual(['help']);
    expect(nearestCommands('Stauts', ids)[0]).toBe('status');
    expect(nearestCommands('deplyo', ids)[0]).toBe('deploy');
    expect(
      nearestCommands(
        '/drfit',
        ids.map((i) => `/${i}`),
      )[0],
    ).toBe('/drift');
  });

  it('counts a prefix of three letters or more as near, in registry order', () => {
    expect(nearestCommands('prov', ids)).toEqual(['provision']);
    expect(nearestCommands('subs', ids)).toEqual(['subscribe', 'subscriptions']);
  });

  it('offers nothing for words far from every command, and at most three', () => {
    expect(nearestCommands('please', ids)).toEqual([]);
    expect(nearestCommands('ab', ids)).toEqual([]);
    expect(nearestCommands('', ids)).toEqual([]);
    expect(nearestCommands('x', ['a', 'b', 'c', 'd', 'e'])).toEqual([]);
    expect(nearestCommands('aaaaaa', ['aaaaab', 'aaaabb', 'aaaaac', 'aaaaad'])).toHaveLength(3);
  });
});

describe('mentionedCommands', () => {
  it.each([
    ['could you deploy the new model', 'deploy'],
    ['please clean up the lab', 'cleanup'],
    ['Tear Down everything', 'cleanup'],
    ['is there any drift today', 'drift'],
    ['show me the latest runs', 'runs'],
    ['peux-tu déployer le modèle', 'deploy'],
    ['il faut NETTOYER le lab', 'cleanup'],
    ['quelle est la dérive', 'drift'],
    ['les dernières exécutions', 'runs'],
    ['les dernieres executions sans accents', 'runs'],
  ])('"%s" names %s', (text, id) => {
    expect(mentionedCommands(text, ids, synonyms)[0]).toBe(id);
  });

  it('matches whole words only, in the order the sentence names them', () => {
    expect(mentionedCommands('redeployed yesterday', ids, synonyms)).toEqual([]);
    expect(mentionedCommands('check drift then deploy', ids, synonyms)).toEqual([
      'drift',
      'deploy',
    ]);
    expect(mentionedCommands("please don't delete", ids, synonyms)).toEqual([]);
  });
});

describe('suggestCommands', () => {
  it('puts named commands before near spellings of the first word, without repeats', () => {
    expect(suggestCommands('hlep', ids, synonyms)).toEqual({
      word: 'hlep',
      named: false,
      ids: ['help'],
    });
    expect(suggestCommands('deplyo the model', ids, synonyms)).toEqual({
      word: 'deplyo',
      named: false,
      ids: ['deploy'],
    });
    expect(suggestCommands('stauts of the drift', ids, synonyms)).toEqual({
      word: 'stauts',
      named: true,
      ids: ['drift', 'status'],
    });
    expect(suggestCommands('please', ids, synonyms)).toEqual({
      word: 'please',
      named: false,
      ids: [],
    });
  });
});

describe('the synonym table', () => {
  it('names only registered commands, and no phrase twice or as another command', () => {
    for (const id of Object.keys(synonyms)) expect(ids).toContain(id);
    const phrases = Object.values(synonyms)
      .flat()
      .map((p) => words(p).join(' '));
    expect(new Set(phrases).size).toBe(phrases.length);
    for (const p of phrases) expect(ids).not.toContain(p);
  });

  it('folds case and accents the same way for the table and the message', () => {
    expect(fold('DÉPLOYER')).toBe('deployer');
    expect(words("qui suis-je, l'exécution")).toEqual(['qui', 'suis', 'je', 'l', 'execution']);
  });
});

import { describe, expect, it } from 'vitest';
import { commands, synonyms } from '../../../src/bot/commands';
import { en } from '../../../src/chat/messages/catalogues';
import { fold } from '../../../src/dialogs/suggest-command';

const byWord = new Map(commands.flatMap((c) => (c.aliases ?? []).map((w) => [w, c.id])));

describe('the registry', () => {
  it('runs each French command word, with or without accents, as its command', () => {
    expect(Object.fromEntries(byWord)).toEqual({
      aide: 'help',
      statut: 'status',
      nettoyer: 'cleanup',
      déployer: 'deploy',
      deployer: 'deploy',
      dérive: 'drift',
      derive: 'drift',
      exécutions: 'runs',
      executions: 'runs',
    });
  });

  it('takes every command word from the one synonym table and never shadows a command', () => {
    const ids = new Set(commands.map((c) => c.id));
    for (const [word, id] of byWord) {
      expect(ids.has(word), word).toBe(false);
      expect((synonyms[id] ?? []).map(fold), word).toContain(fold(word));
    }
  });

  it('describes each command in English exactly as the English catalogue does', () => {
    for (const c of commands) {
      expect(en.commands[c.id as keyof typeof en.commands], c.id).toBe(c.description);
    }
  });
});

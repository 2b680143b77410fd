import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { messageText } from '../../../../src/services/describe-error';
import { PromptSuiteLibrary } from '../../../../src/workflows/prompting/prompt-suite';

const dir = mkdtempSync(path.join(tmpdir(), 'suite-issues-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const CASE = 'cases:\n  - id: a\n    input: hi\n    assert:\n';

/** What `test <name>` says about a suite file with this YAML, in English and in French. */
function said(name: string, yaml: string): { en: string; fr: string } {
  writeFileSync(path.join(dir, `${name}.yaml`), yaml);
  const loaded = new PromptSuiteLibrary(dir).load(name);
  if (loaded.ok) throw new Error(`${name} loaded`);
  return { en: messageText(loaded.said, 'en'), fr: messageText(loaded.said, 'fr') };
}

describe('suite load errors name the field and what to write, in the reader language', () => {
  it.each([
    [
      'unknown-assertion',
      `${CASE}      - startswith: hi\n`,
      'cases.0.assert.0: unknown key startswith; write one of contains, not-contains, regex, equals, is-json, max-latency, max-tokens, similarity, llm-rubric, factuality, similar, answer-relevance',
      'cases.0.assert.0 : clé inconnue startswith ; écrivez l’une de ces clés : contains,',
    ],
    [
      'wrong-type',
      `${CASE}      - contains: 3\n`,
      'cases.0.assert.0.contains: expected text, received a whole number',
      'cases.0.assert.0.contains : du texte attendu, un nombre entier reçu',
    ],
    [
      'fail-on',
      `${CASE}      - factuality: { value: x, fail-on: [F] }\n`,
      'cases.0.assert.0.factuality.fail-on.0: write one of A, B, C, D, E',
      'cases.0.assert.0.factuality.fail-on.0 : écrivez l’une de ces valeurs : A, B, C, D, E',
    ],
    [
      'threshold',
      `${CASE}      - similar: { value: x, threshold: 1.5 }\n`,
      'cases.0.assert.0.similar.threshold: write a number ≤ 1',
      'cases.0.assert.0.similar.threshold : écrivez un nombre ≤ 1',
    ],
    [
      'short-or-long',
      `${CASE}      - similar: 5\n`,
      'cases.0.assert.0.similar: write text or a mapping (key: value)',
      'cases.0.assert.0.similar : écrivez du texte ou un mappage (clé: valeur)',
    ],
    [
      'two-keys',
      `${CASE}      - { contains: a, regex: b }\n`,
      'cases.0.assert.0: write exactly one of contains,',
      'cases.0.assert.0 : écrivez exactement une de ces clés : contains,',
    ],
    [
      'fields',
      'name: 3\ncases:\n  - id: a b\n    input: ""\n    assert: []\n    extra: 1\n',
      'name: expected text, received a whole number; cases.0.id: use letters, digits, . _ -; cases.0.input: write at least 1 character',
      'name : du texte attendu, un nombre entier reçu ; cases.0.id : utilisez des lettres, des chiffres, . _ - ; cases.0.input : écrivez au moins 1 caractère',
    ],
    [
      'missing',
      'cases:\n  - id: a\n    assert:\n      - contains: x\n',
      'cases.0.input is missing: write text',
      'cases.0.input est manquant : écrivez du texte',
    ],
    [
      'empty-file',
      '',
      'the file: expected a mapping (key: value), received nothing',
      'le fichier : un mappage (clé: valeur) attendu, rien reçu',
    ],
  ])('%s', (name, yaml, en, fr) => {
    const text = said(name, yaml);
    expect(text.en).toContain(`${name}: ${en}`);
    expect(text.fr).toContain(`${name} : ${fr}`);
  });

  it('lists at most three problems, and names several unknown keys at once', () => {
    const text = said(
      'many',
      'cases:\n  - id: a\n    input: hi\n    assert: [{ contains: x }]\n    x: 1\n    y: 2\n',
    );
    expect(text.en).toBe('many: cases.0: unknown keys x, y; remove them or check their spelling');
    expect(text.fr).toBe(
      'many : cases.0 : clés inconnues x, y ; supprimez-les ou vérifiez leur orthographe',
    );
    const three = said('three', 'name: 1\ndescription: 2\nsystem: 3\ntargets: 4\ncases: 5\n');
    expect(three.en.split('; ')).toHaveLength(3);
  });
});

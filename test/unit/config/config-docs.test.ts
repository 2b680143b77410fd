import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONFIG_VARIABLES } from '../../../src/config';

const root = path.resolve(__dirname, '..', '..', '..');
const read = (file: string) => readFileSync(path.join(root, file), 'utf8');

describe('configuration documentation', () => {
  it('.env.sample lists every variable the bot reads, and no others', () => {
    const sample = read('.env.sample');
    // Production-only lines are commented out (`# MicrosoftAppId=`) so a copied sample runs locally.
    const listed = [...sample.matchAll(/^(?:# )?([A-Za-z_][A-Za-z0-9_]*)=/gm)].map((m) => m[1]);
    expect([...listed].sort()).toEqual([...CONFIG_VARIABLES].sort());
  });

  it('docs/configuration.md has a row for every variable', () => {
    const doc = read('docs/configuration.md');
    const missing = CONFIG_VARIABLES.filter((v) => !doc.includes(`| \`${v}\` |`));
    expect(missing).toEqual([]);
  });
});

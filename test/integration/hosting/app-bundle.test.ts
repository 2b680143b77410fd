import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeAppBundle } from '../../../src/workflows/hosting/app-bundle';
import { readZip } from '../../support/read-zip';

const rootDir = path.resolve(__dirname, '..', '..', '..');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'app-bundle-real-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const KEY_ENTRIES = ['dist/src/index.js', 'node_modules/botbuilder/package.json', 'package.json'];

describe('the app bundle of this repository', () => {
  it('carries the build and the production packages, not the dev ones', async () => {
    if (!existsSync(path.join(rootDir, 'dist', 'src', 'index.js'))) {
      throw new Error('dist/ is missing: run `npm run build` first (npm test does).');
    }
    const outFile = path.join(tmp, 'app.zip');
    const result = await writeAppBundle({ rootDir, outFile });
    const entries = await readZip(outFile, (name) => KEY_ENTRIES.includes(name));
    const names = new Set(entries.map((e) => e.name));
    expect(result.files).toBe(entries.length);
    for (const name of KEY_ENTRIES) expect(names.has(name), name).toBe(true);
    expect(entries.find((e) => e.name === 'package.json')?.data).toEqual(
      readFileSync(path.join(rootDir, 'package.json')),
    );
    const prefixed = (prefix: string) => [...names].filter((n) => n.startsWith(prefix));
    expect(prefixed('node_modules/vitest/')).toEqual([]);
    expect(prefixed('node_modules/eslint/')).toEqual([]);
    expect(prefixed('node_modules/.bin/')).toEqual([]);
    expect(prefixed('src/')).toEqual([]);
    expect(prefixed('test/')).toEqual([]);
    expect([...names].filter((n) => n.startsWith('node_modules/') && n.endsWith('.map'))).toEqual(
      [],
    );
    expect([...names]).toEqual([...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
  }, 180_000);
});

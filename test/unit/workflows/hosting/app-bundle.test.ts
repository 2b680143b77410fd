import {
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AppBundleError, writeAppBundle } from '../../../../src/workflows/hosting/app-bundle';
import { readZip } from '../../../support/read-zip';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'app-bundle-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const LOCK_PACKAGES = {
  '': { name: 'fixture', dependencies: { 'left-pad': '1.0.0' } },
  'node_modules/left-pad': { version: '1.0.0' },
  'node_modules/left-pad/node_modules/inner': { version: '2.0.0' },
  'node_modules/@scope/util': { version: '1.0.0' },
  'node_modules/opt-installed': { version: '1.0.0', optional: true },
  'node_modules/fsevents': { version: '2.3.3', optional: true },
  'node_modules/devtool': { version: '1.0.0', dev: true },
  'node_modules/devtool/node_modules/inner-dev': { version: '1.0.0', dev: true },
};

const BUILT = new Date('2026-01-02T00:00:00Z');
const EDITED = new Date('2026-01-01T00:00:00Z');

function write(root: string, rel: string, text: string, when = EDITED): void {
  const file = path.join(root, rel);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
  utimesSync(file, when, when);
}

/** A small built project: prod, nested, scoped, optional and dev packages, links and maps. */
function fixture(name: string): string {
  const root = path.join(tmp, name);
  write(root, 'package.json', '{"name":"fixture"}\n');
  write(root, 'package-lock.json', JSON.stringify({ lockfileVersion: 3, packages: LOCK_PACKAGES }));
  write(root, 'src/index.ts', 'export {};\n');
  write(root, 'dist/src/index.js', '"use strict";\n', BUILT);
  write(root, 'dist/src/index.js.map', '{}', BUILT);
  for (const pkg of ['left-pad', 'left-pad/node_modules/inner', '@scope/util', 'opt-installed']) {
    write(root, `node_modules/${pkg}/package.json`, `{"name":"${path.basename(pkg)}"}`);
    write(root, `node_modules/${pkg}/lib/index.js`, `module.exports = '${pkg}';\n`);
  }
  write(root, 'node_modules/left-pad/lib/index.d.ts', 'export {};');
  write(root, 'node_modules/left-pad/lib/index.js.map', '{}');
  write(root, 'node_modules/devtool/package.json', '{"name":"devtool"}');
  write(root, 'node_modules/devtool/node_modules/inner-dev/package.json', '{}');
  symlinkSync('lib/index.js', path.join(root, 'node_modules/left-pad/alias.js'));
  mkdirSync(path.join(root, 'node_modules/.bin'));
  symlinkSync('../devtool/cli.js', path.join(root, 'node_modules/.bin/devtool'));
  return root;
}

describe('writeAppBundle', () => {
  it('holds dist/, package files and the installed production packages only, sorted', async () => {
    const rootDir = fixture('prod-only');
    const outFile = path.join(tmp, 'prod-only.zip');
    const result = await writeAppBundle({ rootDir, outFile });
    const entries = await readZip(outFile);
    expect(entries.map((e) => e.name)).toEqual([
      'dist/src/index.js',
      'dist/src/index.js.map',
      'node_modules/@scope/util/lib/index.js',
      'node_modules/@scope/util/package.json',
      'node_modules/left-pad/lib/index.js',
      'node_modules/left-pad/node_modules/inner/lib/index.js',
      'node_modules/left-pad/node_modules/inner/package.json',
      'node_modules/left-pad/package.json',
      'node_modules/opt-installed/lib/index.js',
      'node_modules/opt-installed/package.json',
      'package-lock.json',
      'package.json',
    ]);
    expect(result).toEqual({
      outFile,
      bytes: readFileSync(outFile).length,
      files: 12,
      skippedLinks: ['node_modules/left-pad/alias.js'],
    });
    const inner = entries.find((e) => e.name.endsWith('inner/lib/index.js'));
    expect(inner?.data?.toString()).toBe("module.exports = 'left-pad/node_modules/inner';\n");
  });

  it('gives the same bytes for an unchanged build, whatever the files’ times', async () => {
    const rootDir = fixture('same');
    const first = path.join(tmp, 'same-1.zip');
    const second = path.join(tmp, 'same-2.zip');
    await writeAppBundle({ rootDir, outFile: first });
    const later = new Date('2026-02-03T04:05:06Z');
    utimesSync(path.join(rootDir, 'node_modules/left-pad/lib/index.js'), later, later);
    utimesSync(path.join(rootDir, 'dist/src/index.js'), later, later);
    await writeAppBundle({ rootDir, outFile: second });
    expect(readFileSync(first).equals(readFileSync(second))).toBe(true);
  });

  it('asks for `npm run build` when dist/src/index.js is missing', async () => {
    const rootDir = fixture('no-dist');
    rmSync(path.join(rootDir, 'dist'), { recursive: true });
    const outFile = path.join(tmp, 'no-dist.zip');
    const run = writeAppBundle({ rootDir, outFile });
    await expect(run).rejects.toThrow(AppBundleError);
    await expect(run).rejects.toThrow(/dist\/src\/index\.js is missing: run `npm run build`/);
  });

  it('asks for `npm run build` when a source file changed after the build, naming it', async () => {
    const rootDir = fixture('stale');
    write(rootDir, 'src/bot/handler.ts', 'export {};\n', new Date('2026-01-03T00:00:00Z'));
    await expect(writeAppBundle({ rootDir, outFile: path.join(tmp, 'stale.zip') })).rejects.toThrow(
      /dist\/ is older than src\/ \(src\/bot\/handler\.ts .*run `npm run build`/,
    );
  });

  it('asks for `npm ci` when a production package of the lockfile is not installed', async () => {
    const rootDir = fixture('not-installed');
    rmSync(path.join(rootDir, 'node_modules/@scope/util'), { recursive: true });
    await expect(
      writeAppBundle({ rootDir, outFile: path.join(tmp, 'not-installed.zip') }),
    ).rejects.toThrow(
      /node_modules\/@scope\/util is in package-lock\.json but not installed: run `npm ci`/,
    );
  });
});

import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  AppBundleError,
  productionPackages,
} from '../../../../src/workflows/hosting/production-packages';

const root = mkdtempSync(path.join(os.tmpdir(), 'prod-packages-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
for (const dir of ['a', 'both', 'dev-only', 'opt']) {
  mkdirSync(path.join(root, 'node_modules', dir), { recursive: true });
}

const lock = (packages: Record<string, object>, lockfileVersion = 3) =>
  JSON.stringify({ lockfileVersion, packages });

describe('productionPackages', () => {
  it('keeps installed non-dev packages, optional and devOptional ones only when installed', () => {
    const text = lock({
      '': { name: 'root' },
      'node_modules/a': {},
      'node_modules/both': { devOptional: true },
      'node_modules/dev-only': { dev: true },
      'node_modules/opt': { optional: true },
      'node_modules/missing-opt': { optional: true },
      'node_modules/missing-dev-opt': { devOptional: true },
      'packages/workspace': {},
    });
    expect(productionPackages(root, text)).toEqual([
      'node_modules/a',
      'node_modules/both',
      'node_modules/opt',
    ]);
  });

  it('refuses a linked package: the bundle would name a folder it does not carry', () => {
    const text = lock({ 'node_modules/a': { link: true, resolved: 'packages/a' } });
    expect(() => productionPackages(root, text)).toThrow(/node_modules\/a is a link/);
  });

  it('refuses a v1 lockfile and invalid JSON with what to run', () => {
    expect(() => productionPackages(root, JSON.stringify({ lockfileVersion: 1 }))).toThrow(
      AppBundleError,
    );
    expect(() => productionPackages(root, '{')).toThrow(/npm install/);
  });
});

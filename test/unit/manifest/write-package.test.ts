import { chmodSync, cpSync, mkdtempSync, readFileSync, rmSync, utimesSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { commands } from '../../../src/bot/commands';
import { ICON_FILES, writeAppPackage } from '../../../src/manifest/write-package';
import { readZip } from '../../support/read-zip';

const manifestDir = path.resolve(__dirname, '../../../manifest');
const botId = '11111111-2222-4333-8444-555555555555';
const tmp = mkdtempSync(path.join(os.tmpdir(), 'app-package-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** A copy of manifest/ as another checkout would leave it: other file times and modes. */
function checkout(name: string, when: Date, mode: number): string {
  const dir = path.join(tmp, name);
  cpSync(manifestDir, dir, { recursive: true });
  for (const file of ['manifest.json', ...ICON_FILES]) {
    utimesSync(path.join(dir, file), when, when);
    chmodSync(path.join(dir, file), mode);
  }
  return dir;
}

describe('writeAppPackage', () => {
  it('writes a flat package: manifest.json, the French language file, the two icons, at the root', async () => {
    const outFile = path.join(tmp, 'app.zip');
    const result = await writeAppPackage({ manifestDir, outFile, commands, botId });
    expect(result.bytes).toBe(readFileSync(outFile).length);
    const entries = await readZip(outFile);
    expect(entries.map((e) => e.name)).toEqual([
      'manifest.json',
      'fr.json',
      'color.png',
      'outline.png',
    ]);
    const manifest = JSON.parse(entries[0]?.data?.toString('utf8') ?? '{}') as {
      bots: { botId: string }[];
    };
    expect(manifest.bots[0]?.botId).toBe(botId);
    expect(result.manifest.bots?.[0]?.botId).toBe(botId);
    // the file the manifest's localizationInfo names is the one in the zip
    expect(JSON.parse(entries[1]?.data?.toString('utf8') ?? '{}')).toEqual(result.french);
    expect(result.french['name.full']).toMatch(/^LLMOps Bot pour /);
    for (const icon of ICON_FILES) {
      const data = entries.find((e) => e.name === icon)?.data;
      expect(data?.equals(readFileSync(path.join(manifestDir, icon)))).toBe(true);
    }
  });

  it('is byte-for-byte reproducible across rebuilds and checkouts with other times and modes', async () => {
    const first = checkout('a', new Date('2021-03-04T05:06:07Z'), 0o644);
    const second = checkout('b', new Date('2025-11-30T23:59:59Z'), 0o755);
    const build = async (dir: string, name: string) => {
      const outFile = path.join(tmp, name);
      await writeAppPackage({ manifestDir: dir, outFile, commands, botId });
      return readFileSync(outFile);
    };
    const one = await build(first, 'one.zip');
    expect(one.equals(await build(first, 'again.zip'))).toBe(true);
    expect(one.equals(await build(second, 'two.zip'))).toBe(true);
    // and the comparison can fail: another bot id is another package
    const other = path.join(tmp, 'other.zip');
    await writeAppPackage({
      manifestDir: first,
      outFile: other,
      commands,
      botId: botId.replace('1', '9'),
    });
    expect(one.equals(readFileSync(other))).toBe(false);
  });
});

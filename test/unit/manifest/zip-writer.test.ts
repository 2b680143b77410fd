import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { crc32, inflateRawSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { commands } from '../../../src/bot/commands';
import { createZip } from '../../../src/manifest/zip-writer';
import { writeAppPackage } from '../../../src/manifest/write-package';

interface Entry {
  name: string;
  data: Buffer;
  crc: number;
}

/** An independent reader: end-of-central-directory → central directory → local headers. */
function readZip(zip: Buffer): Entry[] {
  const eocd = zip.length - 22;
  expect(zip.readUInt32LE(eocd)).toBe(0x06054b50);
  const count = zip.readUInt16LE(eocd + 10);
  let at = zip.readUInt32LE(eocd + 16);
  const entries: Entry[] = [];
  for (let i = 0; i < count; i++) {
    expect(zip.readUInt32LE(at)).toBe(0x02014b50);
    const method = zip.readUInt16LE(at + 10);
    const crc = zip.readUInt32LE(at + 16);
    const packedSize = zip.readUInt32LE(at + 20);
    const size = zip.readUInt32LE(at + 24);
    const nameLength = zip.readUInt16LE(at + 28);
    const extra = zip.readUInt16LE(at + 30);
    const comment = zip.readUInt16LE(at + 32);
    const local = zip.readUInt32LE(at + 42);
    const name = zip.toString('utf8', at + 46, at + 46 + nameLength);
    expect(zip.readUInt32LE(local)).toBe(0x04034b50);
    const dataStart = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const packed = zip.subarray(dataStart, dataStart + packedSize);
    const data = method === 8 ? inflateRawSync(packed) : Buffer.from(packed);
    expect(data.length).toBe(size);
    entries.push({ name, data, crc });
    at += 46 + nameLength + extra + comment;
  }
  return entries;
}

const tmp = mkdtempSync(path.join(os.tmpdir(), 'zip-test-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('createZip', () => {
  it('round-trips entries with correct CRCs', () => {
    const files = [
      { name: 'a.txt', data: Buffer.from('hello '.repeat(100)) },
      { name: 'empty.bin', data: Buffer.alloc(0) },
    ];
    const entries = readZip(createZip(files));
    expect(entries.map((e) => e.name)).toEqual(['a.txt', 'empty.bin']);
    for (const [i, e] of entries.entries()) {
      expect(e.data.equals(files[i]?.data ?? Buffer.alloc(1))).toBe(true);
      expect(e.crc).toBe(crc32(e.data) >>> 0);
    }
  });

  it('is reproducible: the same input gives the same bytes', () => {
    const files = [{ name: 'x', data: Buffer.from('same') }];
    expect(createZip(files).equals(createZip(files))).toBe(true);
  });
});

describe('writeAppPackage', () => {
  it('writes a flat package: manifest.json and the two icons at the root', () => {
    const manifestDir = path.resolve(__dirname, '../../../manifest');
    const outFile = path.join(tmp, 'app.zip');
    const botId = '11111111-2222-4333-8444-555555555555';
    writeAppPackage({ manifestDir, outFile, commands, botId });
    const entries = readZip(readFileSync(outFile));
    expect(entries.map((e) => e.name).sort()).toEqual([
      'color.png',
      'manifest.json',
      'outline.png',
    ]);
    const manifest = JSON.parse(
      entries.find((e) => e.name === 'manifest.json')?.data.toString('utf8') ?? '{}',
    ) as { bots: { botId: string }[] };
    expect(manifest.bots[0]?.botId).toBe(botId);
    const color = entries.find((e) => e.name === 'color.png')?.data;
    expect(color?.equals(readFileSync(path.join(manifestDir, 'color.png')))).toBe(true);
  });
});

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const manifestDir = path.resolve(__dirname, '../../../manifest');
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

interface PngHeader {
  width: number;
  height: number;
  bitDepth: number;
  colorType: number;
  chunks: string[];
}

/** Reads the IHDR chunk (bytes 16-25) and the chunk list; the schema does not check icons. */
function readPng(file: string): PngHeader {
  const bytes = readFileSync(path.join(manifestDir, file));
  expect(bytes.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
  expect(bytes.toString('ascii', 12, 16)).toBe('IHDR');
  const chunks: string[] = [];
  for (let at = 8; at + 8 <= bytes.length;) {
    const length = bytes.readUInt32BE(at);
    chunks.push(bytes.toString('ascii', at + 4, at + 8));
    at += 12 + length;
  }
  return {
    width: bytes.readUInt32BE(16),
    height: bytes.readUInt32BE(20),
    bitDepth: bytes[24] ?? 0,
    colorType: bytes[25] ?? 0,
    chunks,
  };
}

const hasAlpha = (h: PngHeader) =>
  h.colorType === 4 || h.colorType === 6 || h.chunks.includes('tRNS');

describe('app icons', () => {
  it('color.png is a 192×192 PNG', () => {
    const h = readPng('color.png');
    expect([h.width, h.height]).toEqual([192, 192]);
    expect(h.chunks.at(-1)).toBe('IEND');
  });

  it('outline.png is a 32×32 PNG with an alpha channel (white on transparent)', () => {
    const h = readPng('outline.png');
    expect([h.width, h.height]).toEqual([32, 32]);
    expect(hasAlpha(h)).toBe(true);
    expect(h.chunks.at(-1)).toBe('IEND');
  });

  it('the template names these two files', () => {
    const manifest = JSON.parse(readFileSync(path.join(manifestDir, 'manifest.json'), 'utf8')) as {
      icons: Record<string, string>;
    };
    expect(manifest.icons).toEqual({ color: 'color.png', outline: 'outline.png' });
  });
});

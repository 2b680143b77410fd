#!/usr/bin/env node
// Writes the Teams app icons (manifest/color.png 192×192, manifest/outline.png 32×32) with no image
// library: a rising line chart with dots, anti-aliased by distance to each segment, encoded as RGBA PNG.
// Re-run after changing the drawing: `node scripts/make-icons.js`. The PNGs are committed.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const zlib = require('node:zlib');

const ACCENT = [0x2b, 0x57, 0x9a]; // manifest accentColor #2B579A
const ACCENT_LIGHT = [0x4a, 0x7b, 0xc8];

/** PNG chunk: length, type, data, CRC over type+data. */
function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(zlib.crc32(body) >>> 0);
  return Buffer.concat([len, body, crc]);
}

/** Encodes width×height RGBA pixels (Uint8Array, row-major) as an 8-bit RGBA PNG (filter 0). */
function encodePng(width, height, rgba) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // colour type: RGBA
  const raw = Buffer.alloc((width * 4 + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (width * 4 + 1)] = 0;
    Buffer.from(rgba.buffer, y * width * 4, width * 4).copy(raw, y * (width * 4 + 1) + 1);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function distToSegment(px, py, [ax, ay], [bx, by]) {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}

/** Coverage (0..1) of the glyph at a pixel centre: a polyline of given width plus dots at the joints. */
function glyphCoverage(x, y, size) {
  const s = size / 32; // the glyph is designed on a 32-unit grid
  const pts = [
    [5, 24],
    [12, 15],
    [18, 19],
    [27, 8],
  ].map(([a, b]) => [a * s, b * s]);
  let d = Infinity;
  for (let i = 0; i + 1 < pts.length; i++)
    d = Math.min(d, distToSegment(x, y, pts[i], pts[i + 1]) - 1.25 * s);
  for (const p of pts) d = Math.min(d, Math.hypot(x - p[0], y - p[1]) - 2.6 * s);
  // baseline axis
  d = Math.min(d, distToSegment(x, y, [4 * s, 28 * s], [28 * s, 28 * s]) - 0.9 * s);
  return Math.max(0, Math.min(1, 0.5 - d));
}

function colorIcon(size) {
  const px = new Uint8Array(size * size * 4);
  const pad = size * 0.19; // glyph inset so it sits in Teams' safe area
  const inner = size - 2 * pad;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const t = (x + y) / (2 * size); // subtle diagonal gradient
      const bg = ACCENT.map((c, i) => Math.round(c + (ACCENT_LIGHT[i] - c) * t));
      const cov = glyphCoverage(x + 0.5 - pad, y + 0.5 - pad, inner);
      const o = (y * size + x) * 4;
      for (let i = 0; i < 3; i++) px[o + i] = Math.round(bg[i] * (1 - cov) + 255 * cov);
      px[o + 3] = 255;
    }
  }
  return encodePng(size, size, px);
}

function outlineIcon(size) {
  const px = new Uint8Array(size * size * 4);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const o = (y * size + x) * 4;
      px[o] = px[o + 1] = px[o + 2] = 255;
      px[o + 3] = Math.round(255 * glyphCoverage(x + 0.5, y + 0.5, size));
    }
  }
  return encodePng(size, size, px);
}

const dir = path.join(__dirname, '..', 'manifest');
fs.writeFileSync(path.join(dir, 'color.png'), colorIcon(192));
fs.writeFileSync(path.join(dir, 'outline.png'), outlineIcon(32));
console.log('wrote manifest/color.png (192×192) and manifest/outline.png (32×32)');

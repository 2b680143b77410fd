import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileCacheWanted } from '../../../src/platform/compile-cache';

describe('compileCacheWanted', () => {
  it('is on only when the entry of the program is the bot itself', () => {
    const index = path.join('/app', 'dist', 'src', 'index.js');
    expect(compileCacheWanted({ filename: index }, index)).toBe(true);
    // The CLI, a test runner, or no main module at all (a REPL) leave it off.
    expect(compileCacheWanted({ filename: '/app/bin/llmops-bot.js' }, index)).toBe(false);
    expect(compileCacheWanted(undefined, index)).toBe(false);
  });

  it('looks for the compiled index next to its own folder', () => {
    expect(compileCacheWanted({ filename: path.join(__dirname, 'x.js') })).toBe(false);
    const here = path.resolve(__dirname, '../../../src/index.js');
    expect(compileCacheWanted({ filename: here })).toBe(true);
  });
});

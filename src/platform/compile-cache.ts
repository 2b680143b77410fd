import { enableCompileCache } from 'node:module';
import path from 'node:path';

/**
 * Turns on Node's on-disk cache of compiled code (`os.tmpdir()/node-compile-cache`, or
 * NODE_COMPILE_CACHE when set) when the bot is the program being run. Compiling the ~1,700
 * modules start-up loads (botbuilder, restify, Kysely, zod, ours) was the largest part of
 * start → ready; a restart on the same machine (crash, redeploy of the same build, scale-in
 * and out) now reads them back instead. A first start still compiles, then writes the cache
 * when the process exits. The cache is keyed by Node version and file content, so a new build
 * never runs stale code; if it cannot be written, Node carries on without it.
 *
 * src/index.ts imports this module first, so the cache is on before any other module loads.
 * Tests that import the bot in-process leave it off: their entry is not src/index.
 */
export function compileCacheWanted(
  main: { filename: string } | undefined,
  indexFile = path.join(__dirname, '..', 'index.js'),
): boolean {
  return main?.filename === indexFile;
}

if (compileCacheWanted(require.main)) enableCompileCache();

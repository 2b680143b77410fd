import { readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The bot's version from its package.json, found by walking up from this file so it works from
 * src/ (tests) and dist/src/ (the built bot) alike; for status and traces.
 */
export function packageVersion(start: string = __dirname): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    try {
      const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as {
        name?: string;
        version?: string;
      };
      if (pkg.name === 'llmops-teams-bot') return pkg.version ?? '0.0.0';
    } catch {
      // no package.json here: keep walking
    }
    if (path.dirname(dir) === dir) return '0.0.0';
  }
}

import { mkdirSync, mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** A tiny built project: what the bundle takes from a real checkout, in a few files. */
export function fixtureProject(): string {
  const root = mkdtempSync(path.join(tmpdir(), 'llmops-up-'));
  const write = (rel: string, text: string) => {
    mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    writeFileSync(path.join(root, rel), text);
  };
  write('src/index.ts', 'export {};\n');
  write('dist/src/index.js', 'console.log("bot");\n');
  // dist must be newer than src, as after `npm run build`.
  utimesSync(path.join(root, 'src/index.ts'), new Date(1e12), new Date(1e12));
  write(
    'package.json',
    JSON.stringify({ name: 'bot', version: '1.0.0', dependencies: { a: '1' } }),
  );
  write(
    'package-lock.json',
    JSON.stringify({
      name: 'bot',
      lockfileVersion: 3,
      packages: {
        '': { name: 'bot', dependencies: { a: '1' } },
        'node_modules/a': { version: '1.0.0' },
        'node_modules/dev-only': { version: '1.0.0', dev: true },
      },
    }),
  );
  write('node_modules/a/package.json', '{"name":"a","version":"1.0.0"}');
  write('node_modules/a/index.js', 'module.exports = 1;\n');
  write('node_modules/dev-only/package.json', '{"name":"dev-only","version":"1.0.0"}');
  return root;
}

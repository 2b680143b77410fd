import path from 'node:path';
import { ESLint, type Linter } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';
import { cycles, importGraph } from '../../support/import-graph';

const root = path.resolve(__dirname, '..', '..', '..');

/** Lints one snippet as if it were a file at `file`, against the project's floor rules only. */
async function violations(file: string, code: string): Promise<string[]> {
  const { boundaries } = (await import(path.join(root, 'eslint.boundaries.mjs'))) as {
    boundaries: Linter.Config[];
  };
  const eslint = new ESLint({
    cwd: root,
    overrideConfigFile: true,
    overrideConfig: [
      {
        files: ['**/*.ts'],
        languageOptions: { parser: tseslint.parser },
        plugins: { '@typescript-eslint': tseslint.plugin },
      },
      ...boundaries,
    ],
  });
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return (result?.messages ?? []).map((m) => `${m.ruleId ?? ''}: ${m.message}`);
}

describe('the floors of src/ are enforced by lint', () => {
  it('fails a service that imports a dialog, a card, the platform or the configuration', async () => {
    for (const spec of [
      '../../dialogs/help',
      '../../cards/card',
      '../../platform/logging/logger',
    ]) {
      const found = await violations('src/services/mlflow/x.ts', `import { a } from '${spec}';\n`);
      expect(found.join('\n')).toMatch(/no-restricted-imports: .*clients of outside systems/);
    }
    expect(
      await violations('src/services/llm/x.ts', "import type { C } from '../../config';\n"),
    ).toHaveLength(1);
    expect(await violations('src/services/llm/x.ts', "import { e } from '../errors';\n")).toEqual(
      [],
    );
  });

  it('lets cards import view types from below, but no values and nothing from dialogs', async () => {
    const view = "import type { DriftSummary } from '../workflows/drift-monitor/drift-monitor';\n";
    expect(await violations('src/cards/x.ts', view)).toEqual([]);
    expect(
      await violations(
        'src/cards/x.ts',
        "import { run } from '../workflows/deploy/deploy-steps';\n",
      ),
    ).toHaveLength(1);
    expect(
      await violations('src/cards/x.ts', "import type { C } from '../dialogs/command';\n"),
    ).toHaveLength(1);
    expect(
      await violations(
        'src/cards/x.ts',
        "import { describeError } from '../services/describe-error';\n",
      ),
    ).toEqual([]);
  });

  it('keeps botbuilder in src/bot and the leaves free of our imports', async () => {
    const sdk = "import { TurnContext } from 'botbuilder';\n";
    expect(await violations('src/dialogs/x.ts', sdk)).toHaveLength(1);
    expect(await violations('src/workflows/x/y.ts', sdk)).toHaveLength(1);
    expect(await violations('src/bot/x.ts', sdk)).toEqual([]);
    expect(await violations('src/chat/x.ts', "import { a } from '../drift/b';\n")).toHaveLength(1);
    expect(await violations('src/drift/x.ts', "import { a } from '../chat/reply';\n")).toHaveLength(
      1,
    );
    expect(
      await violations('src/workflows/x/y.ts', "import { h } from '../../dialogs/help';\n"),
    ).toHaveLength(1);
  });
});

describe('the import graph of src/', () => {
  it('has no circle, type-only imports included', () => {
    const found = cycles(importGraph(path.join(root, 'src'))).map((c) =>
      c.map((f) => path.relative(root, f)),
    );
    expect(found).toEqual([]);
  });

  it('the circle finder finds a circle when there is one', () => {
    const graph = new Map([
      ['a', ['b']],
      ['b', ['c']],
      ['c', ['a']],
      ['d', ['d']],
      ['e', ['a']],
    ]);
    expect(cycles(graph).map((c) => [...c].sort())).toEqual([['a', 'b', 'c'], ['d']]);
  });
});

import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isSentence, scanSource, type LiteralSentence } from '../../support/literal-sentences';

/** Where user-facing text is built: every sentence there must come from a catalogue. */
const SCANNED = ['src/cards', 'src/dialogs'];
/** Operation steps whose notes and errors are stored as messages (step-text.ts), and the runner. */
const SCANNED_FILES = [
  'src/platform/operations/operation-runner.ts',
  'src/platform/operations/step-text.ts',
  'src/workflows/canary-eval/evaluate-operation.ts',
  'src/workflows/canary-eval/evaluate-step-titles.ts',
  'src/workflows/deploy/canary-step.ts',
  'src/workflows/deploy/deploy-steps.ts',
  'src/workflows/provisioning/step-helpers.ts',
];

/** Sentences that are rightly literal, each with the reason a reader is not shown it. */
const ALLOWED: readonly { file: string; text: string; why: string }[] = [
  {
    file: 'src/dialogs/canary.ts',
    text: 'canary status|evaluate|promote|rollback',
    why: 'the command syntax (machine words): its `usage`, also shown as code in the usage reply',
  },
  {
    file: 'src/dialogs/operation-flow.ts',
    text: 'dry run',
    why: 'DRY_RUN_DETAIL, an audit detail: the audit record is kept in one language (English)',
  },
  {
    file: 'src/dialogs/command.ts',
    text: 'Models and prompts',
    why: 'a help group id; the help card shows help.group.* in the reader’s language',
  },
  {
    file: 'src/dialogs/command-tools.ts',
    text: '${…} Syntax: ${…}. Examples: ${…}',
    why: 'a tool description for the model, never shown to a user',
  },
  {
    file: 'src/dialogs/command-tools.ts',
    text: 'Everything after the word "${…}", following the syntax; empty for none.',
    why: 'a tool parameter description for the model, never shown to a user',
  },
  {
    file: 'src/workflows/deploy/deploy-steps.ts',
    text: 'READY · config v${…}',
    why: 'the endpoint state Databricks names (READY) and a config version: the same in every language',
  },
  {
    file: 'src/dialogs/unknown-input.ts',
    text: 'You turn a chat message into one command of an MLOps bot.',
    why: 'the system prompt of the model that reads a message as a command (prefix match)',
  },
];

const allowed = (s: LiteralSentence) =>
  ALLOWED.some((a) => a.file === s.file && s.text.startsWith(a.text));

function scanAll(): LiteralSentence[] {
  return [
    ...SCANNED.flatMap((dir) =>
      readdirSync(dir, { recursive: true, encoding: 'utf8' })
        .filter((f) => f.endsWith('.ts'))
        .map((f) => join(dir, f)),
    ),
    ...SCANNED_FILES,
  ].flatMap((file) => scanSource(file, readFileSync(file, 'utf8')));
}

const scanTree = (): LiteralSentence[] => scanAll().filter((s) => !allowed(s));

const report = (found: readonly LiteralSentence[]) =>
  found.map((s) => `${s.file}:${s.line}  ${JSON.stringify(s.text)}`);

describe('literal sentences in src/cards, src/dialogs and the converted operation steps', () => {
  const found = scanTree();

  it('are none (move them into a catalogue)', () => {
    if (found.length > 0) console.log(report(found).join('\n'));
    expect(report(found)).toEqual([]);
  });

  it('allow-list entries each still match a literal (no stale reasons)', () => {
    const all = scanAll();
    const stale = ALLOWED.filter(
      (a) => !all.some((s) => s.file === a.file && s.text.startsWith(a.text)),
    );
    expect(stale).toEqual([]);
  });
});

describe('the scanner', () => {
  const sample = [
    "import { x } from './some module';",
    "const a = t('chat.started', { target });",
    "const b = 'Chat ended. Plain messages get help again.';",
    'const c = `Unknown target "${name}". Targets: ${list}.`;',
    "log.info('endpoint ready after retry', { id });",
    "const d = { usage: 'chat [system prompt]', examples: ['chat end', 'chat reset'] };",
    "const e = text(value, { weight: 'Bolder', color: 'Attention' });",
    "const f = 'https://learn.microsoft.com/en-us/azure/databricks';",
    "type G = 'two words' | 'x';",
    "if (mode === 'chat settings') {}",
    "const h = ['AZURE_OPENAI_API_KEY', 'attributes.start_time DESC', 'fr-FR', '{{DATE(x)}}'];",
    "const i = cond ? 'Done.' : `${n}`;",
    'const j = `**${title}** · ${value}`;',
    "const k = [facts([['Started', when]]), heading('Answer'), { title: 'Open', type: 'Open' }];",
  ].join('\n');

  it('reports the sentences of a sample by line, and nothing else', () => {
    expect(scanSource('sample.ts', sample).map((s) => [s.line, s.text])).toEqual([
      [3, 'Chat ended. Plain messages get help again.'],
      [4, 'Unknown target "${…}". Targets: ${…}.'],
      [12, 'Done.'],
      [14, 'Started'],
      [14, 'Answer'],
      [14, 'Open'],
    ]);
  });

  it('fails the tree check when a sentence is added to a converted file', () => {
    const converted = "export const x = t('chat.ended');";
    expect(scanSource('src/dialogs/chat.ts', converted)).toEqual([]);
    const regressed = `${converted}\nexport const y = 'Saved, go ahead.';`;
    expect(scanSource('src/dialogs/chat.ts', regressed)).toEqual([
      { file: 'src/dialogs/chat.ts', line: 2, text: 'Saved, go ahead.' },
    ]);
  });

  it('leaves audit details (kept in English) out, and only them', () => {
    const code = [
      'const refuse = async (detail: string, text: string) => {};',
      "await ctx.audit({ action: 'x', result: 'denied', detail: `operation ${id} expired` });",
      "await refuse(plan.detail ?? 'no such plan', 'No such plan here.');",
      "await note('the plan expired');",
      'function note(reason: string) {}',
    ].join('\n');
    expect(scanSource('sample.ts', code).map((s) => [s.line, s.text])).toEqual([
      [3, 'No such plan here.'],
      [4, 'the plan expired'],
    ]);
  });

  it('reads two words of letters, or one capitalised word with a full stop, as a sentence', () => {
    expect(
      ['Latest runs', 'not recorded', 'Saved.', 'Déploiement terminé !'].map(isSentence),
    ).toEqual([true, true, true, true]);
    expect(
      ['Bolder', 'fr-FR', 'a b', '{{name}} {{id}}', '`chat end`', 'x_y z'].map(isSentence),
    ).toEqual([false, false, false, false, false, false]);
  });
});

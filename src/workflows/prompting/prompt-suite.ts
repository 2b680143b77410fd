import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { MessageKey, MessageVars } from '../../chat/i18n';
import { messageText } from '../../services/describe-error';
import type { UserMessage } from '../../services/errors';
import { suiteIssuesMessage } from './suite-issues';

const similarity = z.strictObject({
  expected: z.string(),
  threshold: z.number().min(0).max(1),
});

const score = z.number().min(0).max(1);
const FACTUALITY_CHOICES = ['A', 'B', 'C', 'D', 'E'] as const;

/**
 * Model-graded checks, promptfoo's names and meanings (a grader model, or an embeddings
 * deployment, decides). The short forms take the rubric / reference / expected text alone.
 */
const graded = [
  z.strictObject({
    'llm-rubric': z.union([
      z.string().min(1),
      z.strictObject({ value: z.string().min(1), threshold: score.optional() }),
    ]),
  }),
  z.strictObject({
    factuality: z.union([
      z.string().min(1),
      z.strictObject({
        value: z.string().min(1),
        // promptfoo fails only (D) "disagrees" by default; a suite may fail more choices.
        'fail-on': z.array(z.enum(FACTUALITY_CHOICES)).min(1).optional(),
      }),
    ]),
  }),
  z.strictObject({
    similar: z.union([
      z.string().min(1),
      z.strictObject({ value: z.string().min(1), threshold: score.optional() }),
    ]),
  }),
  z.strictObject({
    'answer-relevance': z.union([z.literal(true), z.strictObject({ threshold: score.optional() })]),
  }),
] as const;

/** One check on an answer; each YAML list item has exactly one of these keys. */
const assertion = z.union([
  z.strictObject({ contains: z.string() }),
  z.strictObject({ 'not-contains': z.string() }),
  z.strictObject({ regex: z.string() }),
  z.strictObject({ equals: z.string() }),
  z.strictObject({ 'is-json': z.literal(true) }),
  z.strictObject({ 'max-latency': z.number().int().positive() }),
  z.strictObject({ 'max-tokens': z.number().int().positive() }),
  z.strictObject({ similarity }),
  ...graded,
]);

const settings = z
  .strictObject({
    temperature: z.number().min(0).max(2).optional(),
    max_tokens: z.number().int().positive().optional(),
  })
  .optional();

const suiteSchema = z.strictObject({
  name: z.string().optional(),
  description: z.string().optional(),
  targets: z.array(z.string()).optional(),
  system: z.string().optional(),
  settings,
  cases: z
    .array(
      z.strictObject({
        id: z.string().regex(/^[\w.-]+$/, 'use letters, digits, . _ -'),
        input: z.string().min(1),
        system: z.string().optional(),
        settings,
        assert: z.array(assertion).min(1),
      }),
    )
    .min(1),
});

export type SuiteAssertion = z.infer<typeof assertion>;
export type FactualityChoice = (typeof FACTUALITY_CHOICES)[number];

/** The model-graded assertion kinds and what each needs configured. */
export const GRADED_KINDS = {
  'llm-rubric': { grader: true, embeddings: false },
  factuality: { grader: true, embeddings: false },
  similar: { grader: false, embeddings: true },
  'answer-relevance': { grader: true, embeddings: true },
} as const;
export type GradedKind = keyof typeof GRADED_KINDS;

/** The graded kind of an assertion, or undefined for a deterministic one. */
export function gradedKind(a: SuiteAssertion): GradedKind | undefined {
  return (Object.keys(GRADED_KINDS) as GradedKind[]).find((k) => k in a);
}

/** Which graded kinds a suite uses, in the order GRADED_KINDS lists them. */
export function gradedKindsOf(suite: PromptSuite): GradedKind[] {
  const used = new Set(suite.cases.flatMap((c) => c.assert.map(gradedKind)));
  return (Object.keys(GRADED_KINDS) as GradedKind[]).filter((k) => used.has(k));
}
export type PromptSuite = z.infer<typeof suiteSchema> & { name: string };

/** A load failure: `problem` in English (deploy gate, logs), `said` for the reader's language. */
export type SuiteLoad =
  { ok: true; suite: PromptSuite } | { ok: false; problem: string; said: UserMessage };

const failed = (key: MessageKey, vars: MessageVars, parts?: UserMessage['parts']): SuiteLoad => {
  const said: UserMessage = { key, vars, ...(parts ? { parts } : {}) };
  return { ok: false, problem: messageText(said, 'en'), said };
};

const SUITE_NAME = /^[\w-]+$/;

/**
 * The prompt suites in the configured folder (`<name>.yaml` / `.yml`). Loading returns a value:
 * a broken suite is a user's typo to explain, not a crash.
 */
export class PromptSuiteLibrary {
  constructor(private readonly dir: string) {}

  list(): string[] {
    try {
      return readdirSync(this.dir)
        .filter((f) => /\.ya?ml$/.test(f))
        .map((f) => f.replace(/\.ya?ml$/, ''))
        .sort();
    } catch {
      return [];
    }
  }

  load(name: string): SuiteLoad {
    if (!SUITE_NAME.test(name)) {
      return failed('suiteChecks.badName', { name });
    }
    const file = ['yaml', 'yml']
      .map((ext) => path.join(this.dir, `${name}.${ext}`))
      .find((f) => this.exists(f));
    if (!file) {
      const known = this.list();
      return known.length
        ? failed('suiteChecks.noSuite', { name, known: known.join(', ') })
        : failed('suiteChecks.noSuiteEmpty', { name });
    }
    let raw: unknown;
    try {
      // Loaded on first use to keep start-up fast; require() caches it.
      const yaml = require('yaml') as typeof import('yaml');
      raw = yaml.parse(readFileSync(file, 'utf8'));
    } catch (err) {
      return failed('suiteChecks.notYaml', {
        name,
        error: (err as Error).message.split('\n')[0] ?? '',
      });
    }
    // The input is kept on each issue only to say what was written instead ("received a list").
    const parsed = suiteSchema.safeParse(raw, { reportInput: true });
    if (!parsed.success) {
      return failed(
        'suiteChecks.invalid',
        { name },
        { issues: suiteIssuesMessage(parsed.error.issues) },
      );
    }
    for (const c of parsed.data.cases) {
      for (const a of c.assert) {
        if ('regex' in a) {
          try {
            new RegExp(a.regex);
          } catch {
            return failed('suiteChecks.badRegex', { name, caseId: c.id });
          }
        }
      }
    }
    return { ok: true, suite: { ...parsed.data, name: parsed.data.name ?? name } };
  }

  private exists(file: string): boolean {
    try {
      readFileSync(file);
      return true;
    } catch {
      return false;
    }
  }
}

/**
 * What the fake OpenAI server answers to the bot's suite grader and embeddings calls, so tests
 * can predict verdicts without a model. Recognised by the grader's system prompt:
 *
 * - **llm-rubric** ("You are grading output according to a user-specified rubric"): the rubric's
 *   keywords are its words of 5+ letters; score = share of them the output contains; pass when
 *   score ≥ 0.5; the reason names the missing keywords. Answers `{"pass","score","reason"}`.
 * - **factuality** ("You are comparing a submitted answer to an expert answer"): on the sets of
 *   words of 3+ letters — same set (C), submission ⊂ expert (A), ⊃ (B), Jaccard ≥ 0.5 (E), else
 *   disagreement (D). Answers `{"choice","reason"}`.
 * - **answer-relevance** questions ("Given an answer, write 3 different questions"): three
 *   questions made of the answer's own words, so their relevance to the input is the word overlap.
 * - **embeddings**: a hashed bag of words (lower-cased letters/digits, 64 buckets, unit length),
 *   so texts sharing words are close and the cosine is predictable (`fakeEmbedding`).
 */

export type GraderKind = 'rubric' | 'factuality' | 'questions';

const words = (s: string) => s.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];

export function graderKindOf(system: string | undefined): GraderKind | undefined {
  if (!system) return undefined;
  if (system.startsWith('You are grading output according to a user-specified rubric'))
    return 'rubric';
  if (system.startsWith('You are comparing a submitted answer to an expert answer'))
    return 'factuality';
  if (/^Given an answer, write \d+ different questions/.test(system)) return 'questions';
  return undefined;
}

const between = (text: string, open: string, close: string) =>
  text.split(open)[1]?.split(close)[0]?.trim() ?? '';

/** The fake grader's verdict for one grader prompt, as the JSON text a good grader sends. */
export function fakeGraderAnswer(kind: GraderKind, user: string): string {
  if (kind === 'rubric') {
    const output = new Set(words(between(user, '<Output>', '</Output>')));
    const keys = [
      ...new Set(words(between(user, '<Rubric>', '</Rubric>')).filter((w) => w.length >= 5)),
    ];
    const missing = keys.filter((k) => !output.has(k));
    const score = keys.length ? (keys.length - missing.length) / keys.length : 1;
    const reason = missing.length
      ? `The output does not mention ${missing.join(', ')}.`
      : 'The output covers every point of the rubric.';
    return JSON.stringify({ pass: score >= 0.5, score: Number(score.toFixed(2)), reason });
  }
  if (kind === 'factuality') {
    const m = /\[Expert\]: ([\s\S]*)\n\[Submission\]: ([\s\S]*)$/.exec(user);
    const set = (s: string) => new Set(words(s).filter((w) => w.length >= 3));
    const ref = set(m?.[1] ?? '');
    const sub = set(m?.[2] ?? '');
    const shared = [...sub].filter((w) => ref.has(w)).length;
    const union = new Set([...ref, ...sub]).size;
    const choice =
      shared === ref.size && shared === sub.size
        ? 'C'
        : shared === sub.size
          ? 'A'
          : shared === ref.size
            ? 'B'
            : union && shared / union >= 0.5
              ? 'E'
              : 'D';
    return JSON.stringify({
      choice,
      reason: `The submission shares ${shared} of the expert answer's ${ref.size} facts.`,
    });
  }
  const answer = words(between(user, '<Answer>', '</Answer>')).join(' ');
  return JSON.stringify({ questions: [`What ${answer}?`, `Which ${answer}?`, `How ${answer}?`] });
}

export const FAKE_EMBEDDING_DIMS = 64;

/** FNV-1a of a word, into one of the vector's buckets. */
function bucket(word: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < word.length; i++) {
    h ^= word.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h % FAKE_EMBEDDING_DIMS;
}

/** The fake's embedding of a text: hashed word counts scaled to unit length. */
export function fakeEmbedding(text: string): number[] {
  const v = new Array<number>(FAKE_EMBEDDING_DIMS).fill(0);
  for (const w of words(text)) v[bucket(w)] = (v[bucket(w)] ?? 0) + 1;
  const norm = Math.sqrt(v.reduce((s, x) => s + x * x, 0));
  return norm === 0 ? v : v.map((x) => x / norm);
}

/** Cosine of the fake's embeddings of two texts (what `similar` will compute through the bot). */
export function fakeSimilarity(a: string, b: string): number {
  const [x, y] = [fakeEmbedding(a), fakeEmbedding(b)];
  return x.reduce((s, xi, i) => s + xi * (y[i] ?? 0), 0);
}

/** A vector as Azure sends it for `encoding_format: base64`: little-endian float32 bytes. */
export function base64Embedding(v: readonly number[]): string {
  return Buffer.from(new Float32Array(v).buffer).toString('base64');
}

/** Azure embeddings: `input` a string or strings; floats, or base64 float32 when asked. */
export function fakeEmbeddingsAnswer(
  model: string,
  body: Record<string, unknown>,
  tokenCount: (text: string) => number,
): { status: number; body: unknown } {
  const input = typeof body.input === 'string' ? [body.input] : body.input;
  if (!Array.isArray(input) || input.length === 0 || !input.every((x) => typeof x === 'string'))
    return {
      status: 400,
      body: { error: { code: 'invalid_request_error', message: "'input' is a required property" } },
    };
  const base64 = body.encoding_format === 'base64';
  const tokens = input.reduce((n, t) => n + tokenCount(t), 0);
  return {
    status: 200,
    body: {
      object: 'list',
      model,
      data: input.map((t, index) => {
        const v = fakeEmbedding(t);
        return { object: 'embedding', index, embedding: base64 ? base64Embedding(v) : v };
      }),
      usage: { prompt_tokens: tokens, total_tokens: tokens },
    },
  };
}

import type { UserMessage } from '../errors';

/** Vectors for texts, in input order, or why there are none; never throws for a service fault. */
export type EmbeddingsResult =
  | { status: 'ok'; vectors: number[][]; usage: { prompt: number; total: number } }
  | { status: 'error'; detail: string; said?: UserMessage };

/** An embeddings deployment; `similar` and `answer-relevance` compare texts through it. */
export interface EmbeddingsService {
  /** The deployment's name, safe to show. */
  readonly deployment: string;
  embed(texts: readonly string[]): Promise<EmbeddingsResult>;
}

/** Cosine of two vectors; 0 when either is all zeros or the lengths differ. */
export function cosine(a: readonly number[], b: readonly number[]): number {
  if (a.length !== b.length) return 0;
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] ?? 0;
    const y = b[i] ?? 0;
    dot += x * y;
    na += x * x;
    nb += y * y;
  }
  return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb);
}

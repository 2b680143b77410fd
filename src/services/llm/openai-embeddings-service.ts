import type OpenAI from 'openai';
import type { Logger } from 'pino';
import type { MessageVars } from '../../chat/i18n';
import type { en } from '../../chat/messages/catalogues';
import { saidAndDetail } from './llm-error-result';
import { observedFetch, type HttpObserver } from '../http/http-observer';
import type { EmbeddingsResult, EmbeddingsService } from './embeddings-service';
import type { AccessTokenGetter } from './llm-target';
import { retryWaitMs } from './openai-llm-service';

export interface OpenAiEmbeddingsOptions {
  /** Azure OpenAI account endpoint (the same account as the `azure` chat target). */
  endpoint: string;
  deployment: string;
  apiVersion: string;
  auth: { apiKey: string } | { azureADTokenProvider: AccessTokenGetter };
  log: Logger;
  timeoutMs: number;
  maxRetryWaitMs: number;
  maxRateLimitRetries?: number;
  observer?: HttpObserver;
  sleep?: (ms: number) => Promise<void>;
}

/**
 * `POST /openai/deployments/{d}/embeddings` through the `AzureOpenAI` client, with the chat
 * client's rules: our own deadline over the whole answer, bounded 429 retries, errors as values.
 */
export class OpenAiEmbeddingsService implements EmbeddingsService {
  readonly deployment: string;
  private client: OpenAI | undefined;

  constructor(private readonly o: OpenAiEmbeddingsOptions) {
    this.deployment = o.deployment;
  }

  async embed(texts: readonly string[]): Promise<EmbeddingsResult> {
    // Loaded at the first graded suite, like the chat client: start-up does not pay for it.
    const sdk = require('openai') as typeof import('openai');
    const client = this.clientOf(sdk);
    const sleep = this.o.sleep ?? ((ms: number) => new Promise((r) => setTimeout(r, ms)));
    const deployment = this.deployment;
    const failed = (
      key: keyof typeof en.graderNotes.embeddings,
      vars: MessageVars = {},
    ): EmbeddingsResult => ({
      status: 'error',
      ...saidAndDetail({
        key: `graderNotes.embeddings.${key}`,
        vars: { deployment, ...vars },
      }),
    });
    for (let attempt = 0; ; attempt++) {
      const deadline = AbortSignal.timeout(this.o.timeoutMs);
      try {
        const r = await client.embeddings.create(
          { model: this.deployment, input: [...texts] },
          { signal: deadline },
        );
        const vectors = [...r.data].sort((a, b) => a.index - b.index).map((d) => d.embedding);
        if (vectors.length !== texts.length)
          return failed('vectorCount', { vectors: vectors.length, texts: texts.length });
        return {
          status: 'ok',
          vectors,
          usage: { prompt: r.usage.prompt_tokens, total: r.usage.total_tokens },
        };
      } catch (err) {
        if (deadline.aborted || err instanceof sdk.APIConnectionTimeoutError)
          return failed('timedOut', { duration: this.o.timeoutMs });
        if (err instanceof sdk.RateLimitError) {
          const waitMs = retryWaitMs(err.headers, attempt);
          if (attempt < (this.o.maxRateLimitRetries ?? 2) && waitMs <= this.o.maxRetryWaitMs) {
            this.o.log.warn(
              { deployment: this.deployment, delayMs: waitMs },
              'embeddings rate-limited; retrying',
            );
            await sleep(waitMs);
            continue;
          }
          return failed('rateLimited', { duration: waitMs });
        }
        if (err instanceof sdk.APIError && err.status !== undefined) {
          this.o.log.warn(
            { deployment: this.deployment, status: err.status, code: err.code },
            'embeddings call failed',
          );
          return err.status === 404
            ? failed('notFound')
            : failed('refused', { code: `${err.status}${err.code ? `, ${err.code}` : ''}` });
        }
        return failed('unreachable');
      }
    }
  }

  private clientOf(sdk: typeof import('openai')): OpenAI {
    this.client ??= new sdk.AzureOpenAI({
      ...this.o.auth,
      baseURL: `${this.o.endpoint.replace(/\/+$/, '')}/openai`,
      apiVersion: this.o.apiVersion,
      deployment: this.deployment,
      // Ours are bounded above; the SDK's would sleep for any Retry-After.
      maxRetries: 0,
      timeout: this.o.timeoutMs,
      organization: null,
      project: null,
      ...(this.o.observer ? { fetch: observedFetch(this.o.observer, 'llm') } : {}),
    });
    return this.client;
  }
}

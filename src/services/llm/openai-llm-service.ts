import type OpenAI from 'openai';
import type {
  ChatCompletion,
  ChatCompletionCreateParamsNonStreaming,
} from 'openai/resources/chat/completions';
import { saidAndDetail } from './llm-error-result';
import { parseRetryAfter } from '../http/http-client';
import { observedFetch, type HttpObserver } from '../http/http-observer';
import type { Logger } from 'pino';
import {
  NO_USAGE,
  type ChatMessage,
  type ChatSettings,
  type LlmResult,
  type LlmService,
} from './llm-service';
import type { ConfiguredTarget, LlmTarget } from './llm-target';
import { errorResult } from './llm-error-result';
import { resultFromCompletion } from './llm-result-mapping';

export interface OpenAiLlmServiceOptions {
  targets: readonly ConfiguredTarget[];
  /** Name of the target used when a command names none; else the first configured. */
  defaultTarget?: string | undefined;
  log: Logger;
  /** Prompts (all message text) longer than this are refused before any call. */
  maxPromptChars: number;
  timeoutMs: number;
  /** Longest Retry-After we wait out ourselves; longer ones go back to the user. */
  maxRetryWaitMs: number;
  /** 429 retries after the first attempt. */
  maxRateLimitRetries?: number;
  /** Retries for 404 DeploymentNotFound (a deployment made minutes ago). */
  deploymentNotFoundRetries?: number;
  deploymentNotFoundDelayMs?: number;
  /** Telemetry: each model call a child span of the turn (no prompt text), 429s counted. */
  observer?: HttpObserver;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

type Send = (
  client: OpenAI,
  body: ChatCompletionCreateParamsNonStreaming,
  signal: AbortSignal,
) => Promise<ChatCompletion>;

/** Azure sends `retry-after-ms` next to `retry-after`; without either, back off 1 s, 2 s, … */
export function retryWaitMs(headers: Headers | undefined, attempt: number): number {
  const ms = Number(headers?.get('retry-after-ms') ?? Number.NaN);
  if (Number.isFinite(ms) && ms >= 0) return ms;
  return parseRetryAfter(headers?.get('retry-after') ?? null) ?? 1000 * 2 ** attempt;
}

/**
 * Chat completions through the official `openai` client: `AzureOpenAI` for Azure, `OpenAI` with
 * a base URL for Databricks serving endpoints and other compatible servers. The SDK's own retries
 * are off (it sleeps for any Retry-After, even a day); ours are bounded and then hand the wait back.
 */
export class OpenAiLlmService implements LlmService {
  readonly targets: readonly LlmTarget[];
  readonly defaultTarget: LlmTarget | undefined;
  private readonly clients = new Map<string, OpenAI>();

  /**
   * The SDK is loaded on first use: it costs about 75 ms of start-up, and a bot that never
   * calls a model should not pay it. require() caches, so later calls are free.
   */
  private get sdk(): typeof import('openai') {
    return require('openai') as typeof import('openai');
  }
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly now: () => number;

  constructor(private readonly options: OpenAiLlmServiceOptions) {
    this.targets = options.targets.map((t) => t.target);
    this.defaultTarget =
      (options.defaultTarget !== undefined ? this.findTarget(options.defaultTarget) : undefined) ??
      this.targets[0];
    this.sleep = options.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
    this.now = options.now ?? Date.now;
  }

  findTarget(name: string): LlmTarget | undefined {
    const n = name.toLowerCase();
    return this.targets.find((t) => t.name.toLowerCase() === n || t.model.toLowerCase() === n);
  }

  complete(
    target: LlmTarget,
    messages: readonly ChatMessage[],
    settings: ChatSettings = {},
  ): Promise<LlmResult> {
    return this.call(target, messages, settings, (client, body, signal) =>
      client.chat.completions.create(body, { signal }),
    );
  }

  /**
   * One served entity of a Databricks endpoint, bypassing its traffic split: the data-plane
   * path `/serving-endpoints/{name}/served-models/{entity}/invocations` with the chat payload.
   */
  invokeEntity(
    target: LlmTarget,
    entityName: string,
    messages: readonly ChatMessage[],
    settings: ChatSettings = {},
  ): Promise<LlmResult> {
    if (target.kind !== 'databricks-serving') {
      return Promise.resolve({
        status: 'error',
        usage: NO_USAGE,
        latencyMs: 0,
        errorReason: 'bad-request',
        ...saidAndDetail({ key: 'graderNotes.model.notServing', vars: { name: target.name } }),
      });
    }
    const path = `/${encodeURIComponent(target.model)}/served-models/${encodeURIComponent(entityName)}/invocations`;
    return this.call(target, messages, settings, (client, body, signal) => {
      // The per-entity path takes the chat payload without `model` (the path names it).
      const payload: Partial<ChatCompletionCreateParamsNonStreaming> = { ...body };
      delete payload.model;
      return client.post<ChatCompletion>(path, { body: payload, signal });
    });
  }

  private async call(
    target: LlmTarget,
    messages: readonly ChatMessage[],
    settings: ChatSettings,
    send: Send,
  ): Promise<LlmResult> {
    const started = this.now();
    const elapsed = () => Math.max(0, this.now() - started);
    const chars = messages.reduce((n, m) => n + m.content.length, 0);
    if (chars > this.options.maxPromptChars) {
      return {
        status: 'too_long',
        usage: NO_USAGE,
        latencyMs: 0,
        errorReason: 'bad-request',
        ...saidAndDetail({
          key: 'graderNotes.model.promptTooLong',
          vars: { chars, max: this.options.maxPromptChars },
        }),
      };
    }
    const client = this.clientFor(target);
    if (!client) {
      return {
        status: 'error',
        usage: NO_USAGE,
        latencyMs: 0,
        errorReason: 'not-configured',
        ...saidAndDetail({ key: 'graderNotes.model.notConfigured', vars: { name: target.name } }),
      };
    }
    const maxRateRetries = this.options.maxRateLimitRetries ?? 2;
    const maxNotFoundRetries = this.options.deploymentNotFoundRetries ?? 3;
    let rateRetries = 0;
    let notFoundRetries = 0;
    for (;;) {
      // Our own deadline over the whole response, body included: whether the SDK's `timeout`
      // also covers the body is its internals (older releases stopped at the headers; 7.60
      // races the body too), and a model that sends headers and then stalls must end the call.
      const deadline = AbortSignal.timeout(this.options.timeoutMs);
      try {
        const r = await send(
          client,
          {
            model: target.model,
            messages: messages.map((m) => ({ role: m.role, content: m.content })),
            ...(settings.temperature !== undefined ? { temperature: settings.temperature } : {}),
            ...(settings.maxTokens !== undefined ? { max_tokens: settings.maxTokens } : {}),
            ...(settings.tools?.length
              ? {
                  tools: settings.tools.map((t) => ({
                    type: 'function' as const,
                    function: {
                      name: t.name,
                      description: t.description,
                      parameters: t.parameters,
                    },
                  })),
                }
              : {}),
          },
          deadline,
        );
        return resultFromCompletion(r, elapsed());
      } catch (err) {
        if (deadline.aborted) return this.timedOut(target, elapsed());
        if (err instanceof this.sdk.RateLimitError) {
          const waitMs = retryWaitMs(err.headers, rateRetries);
          if (rateRetries < maxRateRetries && waitMs <= this.options.maxRetryWaitMs) {
            rateRetries++;
            this.options.log.warn(
              { target: target.name, attempt: rateRetries, delayMs: waitMs },
              'LLM rate-limited; retrying',
            );
            await this.sleep(waitMs);
            continue;
          }
          return {
            status: 'rate_limited',
            usage: NO_USAGE,
            latencyMs: elapsed(),
            retryAfterMs: waitMs,
            errorReason: 'rate-limited',
          };
        }
        if (
          err instanceof this.sdk.NotFoundError &&
          err.code === 'DeploymentNotFound' &&
          notFoundRetries < maxNotFoundRetries
        ) {
          notFoundRetries++;
          const delayMs = this.options.deploymentNotFoundDelayMs ?? 5_000;
          this.options.log.warn(
            { target: target.name, attempt: notFoundRetries, delayMs },
            'LLM deployment not found yet; retrying',
          );
          await this.sleep(delayMs);
          continue;
        }
        return errorResult(err, target, elapsed(), {
          sdk: this.sdk,
          log: this.options.log,
          timedOut: (ms) => this.timedOut(target, ms),
        });
      }
    }
  }

  private timedOut(target: LlmTarget, latencyMs: number): LlmResult {
    this.options.log.warn({ target: target.name, latencyMs }, 'LLM call timed out');
    return {
      usage: NO_USAGE,
      latencyMs,
      status: 'error',
      errorReason: 'timeout',
      ...saidAndDetail({
        key: 'graderNotes.model.timedOut',
        vars: { name: target.name, duration: this.options.timeoutMs },
      }),
    };
  }

  private clientFor(target: LlmTarget): OpenAI | undefined {
    const cached = this.clients.get(target.name);
    if (cached) return cached;
    const configured = this.options.targets.find((t) => t.target.name === target.name);
    if (!configured) return undefined;
    const base = target.baseUrl.replace(/\/+$/, '');
    // Explicit values everywhere: the SDK would otherwise fall back to OPENAI_* variables.
    const common = {
      maxRetries: 0,
      timeout: this.options.timeoutMs,
      organization: null,
      project: null,
      ...(this.options.observer ? { fetch: observedFetch(this.options.observer, 'llm') } : {}),
    };
    // A key, or (Azure only) an Entra token getter the SDK calls before each request.
    const auth =
      'apiKey' in configured
        ? { apiKey: configured.apiKey }
        : { azureADTokenProvider: configured.azureADTokenProvider };
    const client =
      target.kind === 'azure-openai'
        ? new this.sdk.AzureOpenAI({
            ...common,
            ...auth,
            baseURL: `${base}/openai`,
            apiVersion: target.apiVersion ?? '2024-10-21',
            deployment: target.model,
          })
        : new this.sdk.OpenAI({
            ...common,
            apiKey: 'apiKey' in configured ? configured.apiKey : configured.azureADTokenProvider,
            baseURL: target.kind === 'databricks-serving' ? `${base}/serving-endpoints` : base,
          });
    this.clients.set(target.name, client);
    return client;
  }
}

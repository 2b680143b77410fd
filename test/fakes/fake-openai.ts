import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fakeEmbeddingsAnswer, fakeGraderAnswer, graderKindOf } from './fake-grader';
import {
  AZURE_401,
  AZURE_MODELS,
  DEPLOYMENT_NOT_FOUND,
  DETECTED_NONE,
  promptFilterBody,
  rateLimitBody,
  severityResults,
} from './fake-openai-bodies';

/**
 * A faithful stand-in for the chat-completions data plane (reference azure-arm-openai.md §6 and
 * databricks-mlflow-api.md §3): the Azure route with api-version and api-key, the Databricks
 * `/serving-endpoints` OpenAI-compatible route, and plain OpenAI `/v1`. Answers are derived from
 * the prompt, so tests can predict text and token counts; faults are queued per call. The suite
 * grader's prompts get deterministic verdicts and `/embeddings` hashed bag-of-words vectors
 * (fake-grader.ts says how), with faults of their own (`graderFaultNext`).
 */

export type FakeRoute = 'azure' | 'databricks' | 'openai';

/** What the next grader call gets instead of a verdict. */
export type GraderFault =
  | { kind: 'malformed' }
  | { kind: 'refusal' }
  | { kind: 'stall-body' }
  | { kind: 'rate-limit'; retryAfterSeconds: number };

/** A grader answer that is prose, not the JSON asked for. */
export const MALFORMED_GRADER_ANSWER = 'Looks good to me: the output passes.';
export const REFUSING_GRADER_ANSWER = "I'm sorry, but I can't help with grading this.";

export interface FakeChatMessage {
  role: string;
  content: string;
}

export interface RecordedChatRequest {
  route: FakeRoute;
  method: string;
  path: string;
  apiVersion: string | undefined;
  /** Azure deployment from the path, or the body's `model` on the other routes. */
  model: string | undefined;
  auth: 'api-key' | 'bearer' | 'none';
  authValid: boolean;
  body: Record<string, unknown> | undefined;
  status: number;
}

export type FilterCategory = 'hate' | 'sexual' | 'violence' | 'self_harm' | 'jailbreak';

type Fault =
  | { kind: 'rate-limit'; retryAfterSeconds: number }
  | { kind: 'deployment-not-found' }
  | { kind: 'stall-body' }
  | { kind: 'prompt-filter'; category: FilterCategory }
  | { kind: 'output-filter'; category: Exclude<FilterCategory, 'jailbreak'> };

export interface FakeOpenAIOptions {
  /** The Azure key the `api-key` header must carry. */
  azureApiKey?: string;
  /**
   * When set, the Azure route also accepts `Authorization: Bearer <Entra token>`: this token,
   * or any token the check accepts (e.g. one a fake identity endpoint issued).
   */
  azureBearerToken?: string | ((token: string) => boolean);
  /** The bearer token for the Databricks and OpenAI routes. */
  bearerToken?: string;
  /** Azure deployments that exist. */
  deployments?: readonly string[];
  /** Databricks serving endpoints that exist. */
  servingEndpoints?: readonly string[];
}

export interface FakeOpenAI {
  /** `http://127.0.0.1:<port>` without a trailing slash. */
  readonly url: string;
  readonly requests: readonly RecordedChatRequest[];
  /** The next `times` calls get 429 with `retry-after` (and `retry-after-ms`), then calls succeed. */
  rateLimitNext(times: number, retryAfterSeconds: number): void;
  /** The next `times` calls get 404 DeploymentNotFound, as just after a deployment is created. */
  deploymentNotFoundNext(times: number): void;
  /** The next call's prompt is rejected by the content filter (400 content_filter). */
  promptFilterNext(category?: FilterCategory): void;
  /** The next call's answer is withheld by the output filter (200, finish_reason content_filter). */
  outputFilterNext(category?: Exclude<FilterCategory, 'jailbreak'>): void;
  /** The next `times` calls get 200 and the headers, then a body that never finishes. */
  stallBodyNext(times?: number): void;
  /** Every later answer is sent only after `ms` (0 turns it off). */
  setDelay(ms: number): void;
  /** Answers prompts whose last user message matches `pattern` with `answer` instead of the echo. */
  respondWith(pattern: RegExp, answer: string): void;
  /**
   * The next call that offers `tools` answers by calling the tool `name` with `args` (as the
   * JSON string OpenAI sends), finish_reason `tool_calls`, no content.
   */
  callToolNext(name: string, args: Record<string, unknown>): void;
  /** The next grader call (recognised by its prompt) gets this instead of a verdict. */
  graderFaultNext(fault: GraderFault): void;
  clear(): void;
  close(): Promise<void>;
}

/** The fake's tokenizer: words and single punctuation marks. Tests use it to predict usage. */
export function fakeTokenCount(text: string): number {
  return text.match(/\w+|[^\w\s]/g)?.length ?? 0;
}

/** prompt_tokens the fake reports: content tokens plus 3 per message and 3 for the reply primer. */
export function fakePromptTokens(messages: readonly FakeChatMessage[]): number {
  return messages.reduce((sum, m) => sum + fakeTokenCount(m.content) + 3, 3);
}

/** The default answer: the model name and the last user message, so compare shows a difference. */
export function fakeEcho(model: string, lastUser: string): string {
  return `Echo from ${model}: ${lastUser}`;
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown> | undefined> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks).toString('utf8');
  if (raw === '') return undefined;
  try {
    return JSON.parse(raw) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

function send(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  if (res.destroyed) return;
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

/** Starts the fake on 127.0.0.1 with an ephemeral port; the caller must `close()` it. */
export async function startFakeOpenAI(options: FakeOpenAIOptions = {}): Promise<FakeOpenAI> {
  const azureKey = options.azureApiKey ?? 'fake-azure-key';
  const bearer = options.bearerToken ?? 'fake-bearer-token';
  const entra = options.azureBearerToken;
  const entraOk = (authz: string | undefined): boolean => {
    const token = /^Bearer (.+)$/.exec(authz ?? '')?.[1];
    if (!token || entra === undefined) return false;
    return typeof entra === 'string' ? token === entra : entra(token);
  };
  const deployments = new Set(options.deployments ?? ['chat']);
  const endpoints = new Set(options.servingEndpoints ?? ['llm-endpoint']);
  const requests: RecordedChatRequest[] = [];
  const faults: { fault: Fault; remaining: number }[] = [];
  const canned: { pattern: RegExp; answer: string }[] = [];
  const toolCalls: { name: string; args: Record<string, unknown> }[] = [];
  const graderFaults: GraderFault[] = [];
  let delayMs = 0;
  let seq = 0;

  const takeFault = (): Fault | undefined => {
    const head = faults[0];
    if (!head) return undefined;
    head.remaining -= 1;
    if (head.remaining <= 0) faults.shift();
    return head.fault;
  };

  const complete = (
    res: ServerResponse,
    route: FakeRoute,
    model: string,
    apiVersion: string | undefined,
    body: Record<string, unknown>,
  ): number => {
    const messages = (Array.isArray(body.messages) ? body.messages : []) as FakeChatMessage[];
    if (messages.length === 0) {
      send(res, 400, {
        error: {
          message: "'messages' is a required property",
          type: 'invalid_request_error',
          param: 'messages',
          code: null,
        },
      });
      return 400;
    }
    const lastUser = [...messages].reverse().find((m) => m.role === 'user')?.content ?? '';
    const grader = graderKindOf(messages.find((m) => m.role === 'system')?.content);
    const graderFault = grader ? graderFaults.shift() : undefined;
    let fault: Fault | undefined =
      graderFault?.kind === 'stall-body' || graderFault?.kind === 'rate-limit'
        ? graderFault
        : takeFault();
    if (!fault && lastUser.includes('TRIGGER_PROMPT_FILTER'))
      fault = { kind: 'prompt-filter', category: 'jailbreak' };
    if (!fault && lastUser.includes('TRIGGER_OUTPUT_FILTER'))
      fault = { kind: 'output-filter', category: 'violence' };
    if (!fault && lastUser.includes('TRIGGER_429_LONG'))
      fault = { kind: 'rate-limit', retryAfterSeconds: 86400 };
    else if (!fault && lastUser.includes('TRIGGER_429'))
      fault = { kind: 'rate-limit', retryAfterSeconds: 1 };

    if (fault?.kind === 'rate-limit') {
      const s = fault.retryAfterSeconds;
      send(res, 429, rateLimitBody(apiVersion, s), {
        'retry-after': String(s),
        'retry-after-ms': String(s * 1000),
      });
      return 429;
    }
    if (fault?.kind === 'stall-body') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"id":"chatcmpl-stalled","object":"chat.completion","choices":['); // and no more
      return 200;
    }
    if (fault?.kind === 'deployment-not-found') {
      send(res, 404, DEPLOYMENT_NOT_FOUND);
      return 404;
    }
    if (fault?.kind === 'prompt-filter') {
      send(res, 400, promptFilterBody(fault.category));
      return 400;
    }
    // A grader prompt quotes the answer under test: canned answers must not match it.
    const answer = grader
      ? graderFault?.kind === 'malformed'
        ? MALFORMED_GRADER_ANSWER
        : graderFault?.kind === 'refusal'
          ? REFUSING_GRADER_ANSWER
          : fakeGraderAnswer(grader, lastUser)
      : (canned.find((c) => c.pattern.test(lastUser))?.answer ?? fakeEcho(model, lastUser));
    const maxTokens = typeof body.max_tokens === 'number' ? body.max_tokens : undefined;
    const words = answer.split(' ');
    let content: string | null = answer;
    let finish = 'stop';
    if (maxTokens !== undefined && fakeTokenCount(answer) > maxTokens) {
      let cut = '';
      for (const w of words) {
        const next = cut === '' ? w : `${cut} ${w}`;
        if (fakeTokenCount(next) > maxTokens) break;
        cut = next;
      }
      content = cut;
      finish = 'length';
    }
    const offersTools = Array.isArray(body.tools) && body.tools.length > 0;
    const toolCall = offersTools ? toolCalls.shift() : undefined;
    const message = toolCall
      ? {
          role: 'assistant',
          content: null,
          tool_calls: [
            {
              id: `call_fake_${seq + 1}`,
              type: 'function',
              function: { name: toolCall.name, arguments: JSON.stringify(toolCall.args) },
            },
          ],
        }
      : undefined;
    if (toolCall) {
      content = null;
      finish = 'tool_calls';
    }
    let filterResults: Record<string, unknown> = {
      ...severityResults(),
      protected_material_text: DETECTED_NONE,
      protected_material_code: DETECTED_NONE,
    };
    if (fault?.kind === 'output-filter') {
      content = null;
      finish = 'content_filter';
      filterResults = { ...filterResults, ...severityResults(fault.category) };
    }
    const promptTokens = fakePromptTokens(messages);
    const completionTokens = content === null ? 0 : fakeTokenCount(content);
    send(
      res,
      200,
      {
        id: `chatcmpl-fake-${++seq}`,
        object: 'chat.completion',
        created: Math.floor(Date.now() / 1000),
        model,
        ...(route === 'azure'
          ? {
              prompt_filter_results: [
                {
                  prompt_index: 0,
                  content_filter_results: { ...severityResults(), jailbreak: DETECTED_NONE },
                },
              ],
            }
          : {}),
        choices: [
          {
            index: 0,
            message: message ?? { role: 'assistant', content },
            finish_reason: finish,
            logprobs: null,
            ...(route === 'azure' ? { content_filter_results: filterResults } : {}),
          },
        ],
        usage: {
          prompt_tokens: promptTokens,
          completion_tokens: completionTokens,
          total_tokens: promptTokens + completionTokens,
        },
      },
      {
        'x-ratelimit-remaining-requests': '29',
        'x-ratelimit-remaining-tokens': '4983',
        'x-request-id': `req-${seq}`,
        ...(route === 'databricks' ? { 'served-model-name': model } : {}),
      },
    );
    return 200;
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const body = await readJson(req);
    if (delayMs > 0) await new Promise((r) => setTimeout(r, delayMs));
    const azure = /^\/openai\/deployments\/([^/]+)\/(chat\/completions|embeddings)$/.exec(
      url.pathname,
    );
    const route: FakeRoute | undefined = azure
      ? 'azure'
      : url.pathname === '/serving-endpoints/chat/completions'
        ? 'databricks'
        : url.pathname === '/v1/chat/completions'
          ? 'openai'
          : undefined;
    const apiKey = req.headers['api-key'];
    const authz = req.headers.authorization;
    const auth = typeof apiKey === 'string' ? 'api-key' : authz ? 'bearer' : 'none';
    const authValid =
      route === 'azure'
        ? apiKey === azureKey || authz === `Bearer ${azureKey}` || entraOk(authz)
        : authz === `Bearer ${bearer}`;
    const model = azure ? decodeURIComponent(azure[1] ?? '') : (body?.model as string | undefined);
    const apiVersion = url.searchParams.get('api-version') ?? undefined;
    const record = (status: number) =>
      requests.push({
        route: route ?? 'openai',
        method: req.method ?? '',
        path: url.pathname,
        apiVersion,
        model,
        auth,
        authValid,
        body,
        status,
      });

    // Models - List (data plane): what the bot's `status` probe asks an Azure OpenAI account.
    if (req.method === 'GET' && url.pathname === '/openai/models' && apiVersion) {
      const keyOk = apiKey === azureKey || authz === `Bearer ${azureKey}` || entraOk(authz);
      if (!keyOk) send(res, 401, AZURE_401);
      else send(res, 200, { object: 'list', data: AZURE_MODELS });
      return void record(keyOk ? 200 : 401);
    }
    if (!route || req.method !== 'POST') {
      send(res, 404, { error: { code: '404', message: 'Resource not found' } });
      return void record(404);
    }
    if (route === 'azure' && !apiVersion) {
      send(res, 404, { error: { code: '404', message: 'Resource not found' } });
      return void record(404);
    }
    if (!authValid) {
      if (route === 'azure') send(res, 401, AZURE_401);
      else if (route === 'databricks')
        send(res, 401, { error_code: 'UNAUTHENTICATED', message: 'Invalid access token.' });
      else
        send(res, 401, {
          error: {
            message: 'Incorrect API key provided.',
            type: 'invalid_request_error',
            param: null,
            code: 'invalid_api_key',
          },
        });
      return void record(401);
    }
    if (route === 'azure' && !deployments.has(model ?? '')) {
      send(res, 404, DEPLOYMENT_NOT_FOUND);
      return void record(404);
    }
    if (route === 'databricks' && !endpoints.has(model ?? '')) {
      send(res, 404, {
        error_code: 'RESOURCE_DOES_NOT_EXIST',
        message: `The given endpoint does not exist, please retry after checking the specified model and version deployment exists.`,
      });
      return void record(404);
    }
    if (azure?.[2] === 'embeddings') {
      // Queued 429s and stalls apply to embeddings calls too (other faults are chat-only).
      const fault = takeFault();
      if (fault?.kind === 'rate-limit') {
        const s = fault.retryAfterSeconds;
        send(res, 429, rateLimitBody(apiVersion, s), { 'retry-after': String(s) });
        return void record(429);
      }
      if (fault?.kind === 'stall-body') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.write('{"object":"list","data":[');
        return void record(200);
      }
      const r = fakeEmbeddingsAnswer(model ?? '', body ?? {}, fakeTokenCount);
      send(res, r.status, r.body);
      return void record(r.status);
    }
    record(complete(res, route, model ?? '', apiVersion, body ?? {}));
  };

  const server = createServer((req, res) => {
    handle(req, res).catch(() =>
      send(res, 500, { error: { code: '500', message: 'fake failed' } }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    rateLimitNext: (times, retryAfterSeconds) =>
      void faults.push({ fault: { kind: 'rate-limit', retryAfterSeconds }, remaining: times }),
    deploymentNotFoundNext: (times) =>
      void faults.push({ fault: { kind: 'deployment-not-found' }, remaining: times }),
    promptFilterNext: (category = 'hate') =>
      void faults.push({ fault: { kind: 'prompt-filter', category }, remaining: 1 }),
    outputFilterNext: (category = 'violence') =>
      void faults.push({ fault: { kind: 'output-filter', category }, remaining: 1 }),
    stallBodyNext: (times = 1) =>
      void faults.push({ fault: { kind: 'stall-body' }, remaining: times }),
    setDelay: (ms) => void (delayMs = ms),
    respondWith: (pattern, answer) => void canned.push({ pattern, answer }),
    callToolNext: (name, args) => void toolCalls.push({ name, args }),
    graderFaultNext: (fault) => void graderFaults.push(fault),
    clear: () => {
      graderFaults.length = 0;
      toolCalls.length = 0;
      requests.length = 0;
      faults.length = 0;
      canned.length = 0;
      delayMs = 0;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}

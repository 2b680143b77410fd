import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ConnectorRequest {
  method: string;
  path: string;
  conversationId: string | undefined;
  body: Record<string, unknown>;
  at: number;
}

export interface ConnectorOptions {
  /** Enforce Teams' per-thread and per-tenant limits; a request over them gets 429. */
  enforceLimits?: boolean;
  /** Probability of an extra 429 (with Retry-After) on any request, like real throttling. */
  random429Rate?: number;
  /** Conversations for which every send fails with this status (e.g. 403: bot removed). */
  failing?: Map<string, number>;
  rng?: () => number;
}

const THREAD_LIMITS = [
  { windowMs: 1_000, max: 7 },
  { windowMs: 2_000, max: 8 },
  { windowMs: 30_000, max: 60 },
  { windowMs: 3_600_000, max: 1_800 },
];
const TENANT_LIMIT = { windowMs: 1_000, max: 50 };

/**
 * A loopback Bot Connector (the Teams side of /v3/conversations) that records what the bot
 * sends and, optionally, throttles exactly as Teams documents it.
 */
export class FakeTeamsConnector {
  readonly requests: ConnectorRequest[] = [];
  /** Requests that broke a documented limit (the bot's pacing failed). */
  limitViolations = 0;
  injected429 = 0;
  private server: Server | undefined;
  private seq = 0;
  private readonly perThread = new Map<string, number[]>();
  private readonly tenant: number[] = [];

  constructor(private readonly options: ConnectorOptions = {}) {}

  get url(): string {
    const addr = this.server?.address() as AddressInfo | undefined;
    if (!addr) throw new Error('connector not started');
    return `http://127.0.0.1:${addr.port}/`;
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      void this.handle(req).then(({ status, body, headers }) => {
        res.writeHead(status, { 'content-type': 'application/json', ...headers });
        res.end(JSON.stringify(body));
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => {
      if (!this.server) resolve();
      else this.server.close(() => resolve());
      this.server?.closeAllConnections();
    });
  }

  /** Successful (2xx) requests, optionally for one method. */
  delivered(method?: string): ConnectorRequest[] {
    return this.requests.filter((r) => method === undefined || r.method === method);
  }

  private async handle(
    req: IncomingMessage,
  ): Promise<{ status: number; body: unknown; headers?: Record<string, string> }> {
    let raw = '';
    for await (const chunk of req) raw += String(chunk);
    const path = decodeURIComponent(req.url ?? '');
    const method = req.method ?? 'GET';
    const conv = /\/v3\/conversations\/([^/]+)/.exec(req.url ?? '')?.[1];
    const conversationId = conv ? decodeURIComponent(conv) : undefined;
    const body = (raw ? JSON.parse(raw) : {}) as Record<string, unknown>;
    const now = Date.now();
    const rng = this.options.rng ?? Math.random;

    // A new channel post (POST /v3/conversations) names its channel in channelData.
    const target =
      conversationId ??
      (body.channelData as { channel?: { id?: string } } | undefined)?.channel?.id;
    const failing = target
      ? this.options.failing?.get(target.replace(/;messageid=.*$/, ''))
      : undefined;
    if (failing)
      return {
        status: failing,
        body: {
          error: {
            code: 'BotNotInConversationRoster',
            message: 'The bot is not part of the conversation roster.',
          },
        },
      };

    // A throttled request does not consume quota, as with Teams.
    if ((this.options.random429Rate ?? 0) > 0 && rng() < (this.options.random429Rate ?? 0)) {
      this.injected429++;
      return {
        status: 429,
        body: { error: { code: 'TooManyRequests', message: 'Too many requests' } },
        headers: { 'retry-after': '0' },
      };
    }

    if (this.options.enforceLimits) {
      const channel =
        conversationId?.replace(/;messageid=.*$/, '') ??
        String((body.channelData as { channel?: { id?: string } } | undefined)?.channel?.id);
      const log = this.perThread.get(channel) ?? [];
      const over =
        THREAD_LIMITS.some((l) => log.filter((t) => t > now - l.windowMs).length >= l.max) ||
        this.tenant.filter((t) => t > now - TENANT_LIMIT.windowMs).length >= TENANT_LIMIT.max;
      if (over) {
        this.limitViolations++;
        return {
          status: 429,
          body: { error: { code: 'TooManyRequests', message: 'Too many requests' } },
          headers: { 'retry-after': '1' },
        };
      }
      log.push(now);
      this.perThread.set(channel, log);
      this.tenant.push(now);
    }
    this.requests.push({ method, path, conversationId, body, at: now });
    const id = String(++this.seq);
    if (method === 'POST' && path === '/v3/conversations') {
      const channelId =
        (body.channelData as { channel?: { id?: string } } | undefined)?.channel?.id ?? 'unknown';
      return { status: 201, body: { id: `${channelId};messageid=${id}`, activityId: id } };
    }
    if (method === 'PUT') return { status: 200, body: { id: path.split('/').pop() } };
    return { status: 201, body: { id } };
  }
}

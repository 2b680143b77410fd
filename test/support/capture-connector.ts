import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the bot made to the Bot Connector, decoded for assertions. */
export interface CapturedRequest {
  method: string;
  /** The raw path, as sent (percent-encoded). */
  path: string;
  /** Decoded `{conversationId}` from `/v3/conversations/{conversationId}/...`, if any. */
  conversationId: string | undefined;
  /** Decoded `{activityId}` from `.../activities/{activityId}` (reply-to or update target). */
  activityId: string | undefined;
  /** Parsed JSON body, or undefined for an empty body. */
  body: Record<string, unknown> | undefined;
  /** True when the request carried an Authorization header (its value is never stored). */
  authorized: boolean;
  /** The id the connector answered with, for POSTs that create an activity or conversation. */
  answeredId: string | undefined;
}

/** A canned failure for the next request(s), e.g. 403 to simulate an uninstalled bot. */
export interface ConnectorFailure {
  status: number;
  body?: Record<string, unknown>;
}

/**
 * A loopback stand-in for the Bot Connector (`serviceUrl`): records every `/v3/conversations`
 * call the bot makes and answers the way the real service does, so protocol tests can assert
 * on exactly what would have reached Teams.
 */
export interface CaptureConnector {
  /** Put this in `activity.serviceUrl` so the bot replies here. Ends with `/`. */
  readonly serviceUrl: string;
  /** Everything captured so far, in arrival order. */
  readonly requests: readonly CapturedRequest[];
  /** Resolves with the first `count` captured requests; rejects (listing what came) after `timeoutMs`. */
  waitFor(count: number, timeoutMs?: number): Promise<CapturedRequest[]>;
  /** Answers every later request only after `ms` (0 to turn off). */
  setDelay(ms: number): void;
  /** The next `times` requests get this failure instead of a success. */
  failNext(failure: ConnectorFailure, times?: number): void;
  /**
   * The roster `GET /v3/conversations/{id}/members/{userId}` (TeamsInfo.getMember) answers from,
   * by user id, in the Bot Framework TeamsChannelAccount shape; unknown ids get Teams' 404.
   * Lookups are listed in `memberLookups`, not in `requests` (they send nothing to a chat).
   */
  readonly members: Map<string, Record<string, unknown>>;
  /** User ids the bot looked up, in order. */
  readonly memberLookups: readonly string[];
  /** Forgets captured requests (the counter used for generated ids keeps going). */
  clear(): void;
  close(): Promise<void>;
}

const PREFIX = '/v3/conversations';

function parsePath(rawPath: string): {
  conversationId?: string;
  activityId?: string;
  memberId?: string;
} {
  const [pathname = ''] = rawPath.split('?');
  const rest = pathname.slice(PREFIX.length).split('/').filter(Boolean);
  const decode = (s: string | undefined) => (s === undefined ? undefined : decodeURIComponent(s));
  return {
    ...(rest[0] !== undefined ? { conversationId: decode(rest[0]) } : {}),
    ...(rest[1] === 'activities' && rest[2] !== undefined ? { activityId: decode(rest[2]) } : {}),
    ...(rest[1] === 'members' && rest[2] !== undefined ? { memberId: decode(rest[2]) } : {}),
  };
}

async function readBody(req: IncomingMessage): Promise<Record<string, unknown> | undefined> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  if (text === '') return undefined;
  return JSON.parse(text) as Record<string, unknown>;
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}

/** Starts a capture connector on 127.0.0.1 with a free port. The caller must `close()` it. */
export async function startCaptureConnector(): Promise<CaptureConnector> {
  const requests: CapturedRequest[] = [];
  const members = new Map<string, Record<string, unknown>>();
  const memberLookups: string[] = [];
  const waiters = new Set<() => void>();
  const failures: ConnectorFailure[] = [];
  let delayMs = 0;
  let counter = 0;

  const notify = () => {
    for (const w of [...waiters]) w();
  };

  const answer = (req: IncomingMessage, parsed: ReturnType<typeof parsePath>) => {
    const method = req.method ?? 'GET';
    const n = ++counter;
    if (method === 'POST' && parsed.conversationId === undefined) {
      // POST /v3/conversations: a new conversation (channel thread). Teams answers with the
      // thread's conversation id and the root message id.
      return {
        status: 200,
        id: `${n}`,
        body: (channel: string) => ({ id: `${channel};messageid=${n}`, activityId: `${n}` }),
      };
    }
    if (method === 'POST')
      return { status: 200, id: `reply-${n}`, body: () => ({ id: `reply-${n}` }) };
    if (method === 'PUT') {
      return { status: 200, id: parsed.activityId, body: () => ({ id: parsed.activityId ?? '' }) };
    }
    if (method === 'DELETE') return { status: 200, id: undefined, body: () => ({}) };
    return {
      status: 404,
      id: undefined,
      body: () => ({ error: { code: 'NotFound', message: `no fake for ${method}` } }),
    };
  };

  const server: Server = createServer((req, res) => {
    void (async () => {
      const rawPath = req.url ?? '/';
      let body: Record<string, unknown> | undefined;
      try {
        body = await readBody(req);
      } catch {
        json(res, 400, { error: { code: 'BadSyntax', message: 'Body is not JSON.' } });
        return;
      }
      if (!rawPath.startsWith(PREFIX)) {
        json(res, 404, { error: { code: 'NotFound', message: `No route ${rawPath}` } });
        return;
      }
      const parsed = parsePath(rawPath);
      if (req.method === 'GET' && parsed.memberId !== undefined) {
        memberLookups.push(parsed.memberId);
        const member = members.get(parsed.memberId);
        if (member) json(res, 200, member);
        else
          json(res, 404, {
            error: {
              code: 'MemberNotFoundInConversation',
              message: 'The member is not part of the conversation.',
            },
          });
        return;
      }
      const failure = failures.shift();
      const result = failure ? undefined : answer(req, parsed);
      const channelId =
        ((body?.channelData as { channel?: { id?: string } } | undefined)?.channel?.id as string) ??
        'unknown-channel';
      const payload = result?.body(channelId);
      requests.push({
        method: req.method ?? 'GET',
        path: rawPath,
        conversationId: parsed.conversationId,
        activityId: parsed.activityId,
        body,
        authorized: req.headers.authorization !== undefined,
        answeredId:
          payload && typeof (payload as { id?: unknown }).id === 'string'
            ? (payload as { id: string }).id
            : undefined,
      });
      notify();
      if (delayMs > 0) await new Promise((r) => setTimeout(r, delayMs));
      if (failure)
        json(
          res,
          failure.status,
          failure.body ?? { error: { code: 'Failed', message: 'injected' } },
        );
      else if (result) json(res, result.status, payload);
    })();
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    serviceUrl: `http://127.0.0.1:${port}/`,
    requests,
    members,
    memberLookups,
    waitFor(count, timeoutMs = 5_000) {
      return new Promise<CapturedRequest[]>((resolve, reject) => {
        const check = () => {
          if (requests.length < count) return false;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(requests.slice(0, count));
          return true;
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          const seen = requests.map((r) => `${r.method} ${r.path}`).join('\n  ');
          reject(
            new Error(
              `capture connector: expected ${count} request(s), got ${requests.length}:\n  ${seen}`,
            ),
          );
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    setDelay(ms) {
      delayMs = ms;
    },
    failNext(failure, times = 1) {
      for (let i = 0; i < times; i++) failures.push(failure);
    },
    clear() {
      requests.length = 0;
    },
    close() {
      return new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

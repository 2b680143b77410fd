import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A loopback stand-in for the one Microsoft Graph call the bot makes,
 * `POST /v1.0/users/{id}/checkMemberGroups` (learn.microsoft.com/graph/api/user-checkmembergroups):
 * transitive membership, at most 20 group ids per call, `{value: [...]}` on success, and Graph's
 * error body `{error: {code, message, innerError}}` for 401, 403 Authorization_RequestDenied,
 * 404 Request_ResourceNotFound and 429 with Retry-After.
 */

export interface FakeGraphOptions {
  /** Whether a bearer token is one the (fake) identity issued for Graph. */
  acceptToken: (token: string) => boolean;
}

export interface GraphCall {
  userId: string;
  groupIds: unknown;
  status: number;
}

export class FakeGraph {
  /** Group id → member ids (users or groups); membership is resolved transitively. */
  readonly members = new Map<string, string[]>();
  /** Users the directory knows; anyone else is 404. */
  readonly users = new Set<string>();
  readonly calls: GraphCall[] = [];
  /** Answer 403 Authorization_RequestDenied: the app has no GroupMember.Read.All. */
  denied = false;
  /** The next calls answer 429 with this Retry-After (seconds). */
  private throttles: number[] = [];
  private server = createServer((req, res) => void this.handle(req, res));
  url = '';

  constructor(private readonly o: FakeGraphOptions) {}

  throttle(retryAfterSeconds: number, times = 1): void {
    for (let i = 0; i < times; i++) this.throttles.push(retryAfterSeconds);
  }

  reset(): void {
    this.members.clear();
    this.users.clear();
    this.calls.length = 0;
    this.denied = false;
    this.throttles = [];
  }

  async start(): Promise<void> {
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  stop(): Promise<void> {
    return new Promise((r) => this.server.close(() => r()));
  }

  /** Groups among `candidates` that `id` is in, directly or through nested groups. */
  private memberOf(id: string, candidates: readonly string[]): string[] {
    const within = (group: string, seen: Set<string>): boolean => {
      if (seen.has(group)) return false;
      seen.add(group);
      const direct = this.members.get(group) ?? [];
      return direct.includes(id) || direct.some((m) => within(m, seen));
    };
    return candidates.filter((g) => within(g, new Set()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const m = /^\/v1\.0\/users\/([^/]+)\/checkMemberGroups$/.exec(req.url ?? '');
    let body: { groupIds?: unknown } = {};
    try {
      body = JSON.parse(Buffer.concat(chunks).toString() || '{}') as { groupIds?: unknown };
    } catch {
      // stays empty: answered as a bad request below
    }
    const userId = decodeURIComponent(m?.[1] ?? '');
    const send = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
      this.calls.push({ userId, groupIds: body.groupIds, status });
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(payload));
    };
    const error = (status: number, code: string, message: string, headers = {}) =>
      send(
        status,
        {
          error: {
            code,
            message,
            innerError: {
              date: new Date().toISOString().slice(0, 19),
              'request-id': randomUUID(),
              'client-request-id': randomUUID(),
            },
          },
        },
        headers,
      );
    if (req.method !== 'POST' || !m) {
      error(400, 'BadRequest', `Resource not found for the segment '${req.url ?? ''}'.`);
      return;
    }
    const auth = req.headers.authorization ?? '';
    const token = auth.startsWith('Bearer ') ? auth.slice(7) : '';
    if (!token) {
      error(401, 'InvalidAuthenticationToken', 'Access token is empty.');
      return;
    }
    if (!this.o.acceptToken(token)) {
      error(
        401,
        'InvalidAuthenticationToken',
        'Access token validation failure. Invalid audience.',
      );
      return;
    }
    const retryAfter = this.throttles.shift();
    if (retryAfter !== undefined) {
      error(429, 'TooManyRequests', 'Too many requests.', { 'retry-after': String(retryAfter) });
      return;
    }
    if (this.denied) {
      error(
        403,
        'Authorization_RequestDenied',
        'Insufficient privileges to complete the operation.',
      );
      return;
    }
    const ids = body.groupIds;
    if (!Array.isArray(ids) || ids.length > 20 || !ids.every((g) => typeof g === 'string')) {
      error(400, 'Request_BadRequest', "Invalid value specified for property 'groupIds'.");
      return;
    }
    if (!this.users.has(userId)) {
      error(
        404,
        'Request_ResourceNotFound',
        `Resource '${userId}' does not exist or one of its queried reference-property objects are not present.`,
      );
      return;
    }
    send(200, {
      '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#Collection(Edm.String)',
      value: this.memberOf(userId, ids),
    });
  }
}

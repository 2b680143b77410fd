import type { TokenCredential } from '@azure/core-auth';
import { ServiceError } from '../errors';
import { HttpClient } from '../http/http-client';
import type { HttpObserver } from '../http/http-observer';

/** Application permissions are granted to this resource; `.default` asks for all of them. */
export const GRAPH_SCOPE = 'https://graph.microsoft.com/.default';

/**
 * A sovereign cloud's Graph (https://graph.microsoft.us) is its own resource; a plain-http
 * address is a loopback stand-in, which is given tokens for the public Graph.
 */
const scopeOf = (baseUrl: string) => {
  const u = new URL(baseUrl);
  return u.protocol === 'https:' ? `${u.origin}/.default` : GRAPH_SCOPE;
};

/** Graph checks at most this many groups per checkMemberGroups call (documented limit). */
const GROUPS_PER_CALL = 20;

export interface GraphClientOptions {
  /** GRAPH_ENDPOINT, e.g. https://graph.microsoft.com (no version). */
  baseUrl: string;
  /** The bot's one Azure credential (services/azure/azure-credential.ts), built on first use. */
  credential: () => TokenCredential;
  timeoutMs?: number;
  observer?: HttpObserver;
  /** A 429's Retry-After above this fails the call at once instead of holding the turn. */
  maxRetryDelayMs?: number;
}

/**
 * The part of Microsoft Graph the bot uses: transitive group membership of a user, with the
 * bot's own (application) identity. Nothing here caches; see group-membership.ts.
 */
export class GraphClient {
  private readonly http: HttpClient;

  constructor(private readonly o: GraphClientOptions) {
    this.http = new HttpClient({
      service: 'Microsoft Graph',
      baseUrl: new URL('/v1.0/', o.baseUrl).toString(),
      timeoutMs: o.timeoutMs ?? 10_000,
      maxRetries: 2,
      maxRetryDelayMs: o.maxRetryDelayMs ?? 5_000,
      auth: () => this.bearer(),
      ...(o.observer ? { observer: o.observer, observedAs: 'graph' } : {}),
    });
  }

  /**
   * Which of `groupIds` the user belongs to, directly or through nested groups
   * (`POST /users/{id}/checkMemberGroups`).
   */
  async checkMemberGroups(userId: string, groupIds: readonly string[]): Promise<string[]> {
    const member: string[] = [];
    for (let i = 0; i < groupIds.length; i += GROUPS_PER_CALL) {
      const body = await this.http.post<{ value?: unknown }>(
        `users/${encodeURIComponent(userId)}/checkMemberGroups`,
        { groupIds: groupIds.slice(i, i + GROUPS_PER_CALL) },
        // A read: Graph documents no side effect, so a 429 or 503 may be sent again.
        { idempotent: true },
      );
      if (!Array.isArray(body?.value)) {
        throw new ServiceError(
          'Microsoft Graph',
          'invalid-response',
          'checkMemberGroups answered without a value list.',
        );
      }
      member.push(...body.value.filter((v): v is string => typeof v === 'string'));
    }
    return member;
  }

  private async bearer(): Promise<Record<string, string>> {
    const token = await this.o.credential().getToken(scopeOf(this.o.baseUrl));
    if (!token) {
      throw new ServiceError('Microsoft Graph', 'unauthorized', 'No Entra token for Graph.');
    }
    return { authorization: `Bearer ${token.token}` };
  }
}

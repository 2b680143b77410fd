import { HostingState, type HostingSettings, type TakenNames } from './hosting-state';

export interface FakeArmOptions {
  subscriptionId?: string;
  /** Polls an LRO answers "in progress" before it completes (reference default 2). */
  pollsBeforeDone?: number;
  /** Retry-After (seconds) on LRO responses; "0" makes the SDK use its own interval. */
  lroRetryAfter?: string;
  now?: () => Date;
  /**
   * Resources whose managed-identity token is fixed rather than random: a test can then set a
   * real peer's password to it (PostgreSQL with Entra auth) and prove the bot sent the token.
   */
  fixedTokens?: Record<string, string>;
  /** The directory the identities, PostgreSQL Entra auth and bots belong to. */
  tenantId?: string;
  /** fullyQualifiedDomainName of every PostgreSQL flexible server (a host the test runs). */
  postgresHost?: string;
  /** Names other customers own in the global namespaces: PUTs of them conflict as ARM does. */
  takenNames?: TakenNames;
  /** Role-assignment creates each new identity's principal fails with PrincipalNotFound. */
  principalReplicationCalls?: number;
  /** Principals that already exist in the directory (e.g. the signed-in operator's object id). */
  knownPrincipals?: string[];
  /** Host names of every web app (app, SCM); startHostingTestEnv sets the fake Kudu's. */
  siteHosts?: HostingSettings['siteHosts'];
  /** IngestionEndpoint in Application Insights connection strings (default the public one). */
  appInsightsIngestionEndpoint?: string;
}

/** One recorded ARM request, for assertions on what the SDK really sent. */
export interface ArmRequest {
  method: string;
  path: string;
  query: string;
  status: number;
  at: number;
  token: string | undefined;
  body: unknown;
}

/** A fault the fake answers instead of the real route, `times` times. */
export interface Injection {
  method?: string;
  path: RegExp;
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
  times: number;
  /**
   * A peer that hangs: `no-answer` accepts the request and never answers; `body` sends the
   * status and headers, then part of the body, and never finishes it.
   */
  stall?: 'no-answer' | 'body';
}

/** The hosting state the options describe. */
export function hostingFromOptions(options: FakeArmOptions): HostingState {
  return new HostingState({
    ...(options.tenantId ? { tenantId: options.tenantId } : {}),
    ...(options.postgresHost ? { postgresHost: options.postgresHost } : {}),
    ...(options.siteHosts ? { siteHosts: options.siteHosts } : {}),
    ...(options.appInsightsIngestionEndpoint
      ? { ingestionEndpoint: options.appInsightsIngestionEndpoint }
      : {}),
    principalReplicationCalls: options.principalReplicationCalls ?? 0,
    taken: options.takenNames ?? {},
    principals: options.knownPrincipals ?? [],
  });
}

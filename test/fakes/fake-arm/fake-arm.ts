import { randomUUID } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { FakeArmError, FakeArmState, type Reply } from './fake-arm-state';
import {
  hostingFromOptions,
  type ArmRequest,
  type FakeArmOptions,
  type Injection,
} from './fake-arm-options';
import { hostingInventory } from './hosting-inventory';
import type { Route, RouteContext } from './route';
import { authorizationRoutes } from './routes-authorization';
import { botRoutes } from './routes-bot';
import { cognitiveRoutes } from './routes-cognitive';
import { databricksRoutes } from './routes-databricks';
import { identityRoutes } from './routes-identity';
import { insightsRoutes } from './routes-insights';
import { postgresRoutes } from './routes-postgres';
import { resourceRoutes } from './routes-resources';
import { webRoutes } from './routes-web';
import { nameRoutes } from './routes-names';
import { ensureSelfSignedCert } from './self-signed-cert';

export type { ArmRequest, FakeArmOptions, Injection } from './fake-arm-options';

/**
 * Tokens any fake in this process issued. @azure/identity caches managed-identity tokens per
 * process (not per credential object), so a second fake started in the same test file is
 * handed the token the first one minted; both accept it, as one Entra tenant would.
 */
const ISSUED = new Set<string>();

const ROUTES: Route[] = [
  ...nameRoutes,
  ...authorizationRoutes,
  ...resourceRoutes,
  ...cognitiveRoutes,
  ...databricksRoutes,
  ...identityRoutes,
  ...insightsRoutes,
  ...postgresRoutes,
  ...webRoutes,
  ...botRoutes,
];

/**
 * A faithful local Azure Resource Manager (reference azure-arm-openai.md §5) over HTTPS with a
 * self-signed certificate, plus the App Service managed-identity token route (§9) on loopback
 * http, so the real SDK clients and DefaultAzureCredential run unchanged against it.
 */
export class FakeArm {
  readonly state: FakeArmState;
  readonly requests: ArmRequest[] = [];
  readonly tokenRequests: { resource: string; headerOk: boolean }[] = [];
  readonly identityHeader = randomUUID();
  private readonly issued = ISSUED;
  private readonly injections: Injection[] = [];
  private readonly arm: https.Server;
  private readonly identity: http.Server;

  private readonly fixedTokens: Record<string, string>;

  constructor(options: FakeArmOptions = {}) {
    this.fixedTokens = options.fixedTokens ?? {};
    this.state = new FakeArmState(
      options.subscriptionId ?? '00000000-0000-0000-0000-000000000001',
      options.pollsBeforeDone ?? 2,
      options.lroRetryAfter ?? '0',
      options.now ?? (() => new Date()),
      hostingFromOptions(options),
    );
    const { cert, key } = ensureSelfSignedCert();
    this.arm = https.createServer({ cert, key }, (req, res) => this.serve(req, res));
    this.identity = http.createServer((req, res) => this.token(req, res));
  }

  async start(): Promise<void> {
    await listen(this.arm);
    await listen(this.identity);
  }

  async stop(): Promise<void> {
    this.arm.closeAllConnections();
    this.identity.closeAllConnections();
    await Promise.all([close(this.arm), close(this.identity)]);
  }

  /** Base URL for AZURE_ARM_ENDPOINT. */
  get url(): string {
    return `https://127.0.0.1:${(this.arm.address() as AddressInfo).port}`;
  }

  /** Value for IDENTITY_ENDPOINT (App Service's managed-identity endpoint). */
  get identityEndpoint(): string {
    return `http://127.0.0.1:${(this.identity.address() as AddressInfo).port}/msi/token`;
  }

  /**
   * Whether the identity endpoint issued this token for `resource`: lets another fake (e.g.
   * the Azure OpenAI data plane) accept exactly the managed-identity tokens minted here.
   */
  issuedFor(token: string, resource: string): boolean {
    return (
      this.issued.has(token) &&
      token.startsWith(`fake-mi.${Buffer.from(resource).toString('base64url')}.`)
    );
  }

  inject(injection: Omit<Injection, 'times'> & { times?: number }): void {
    this.injections.push({ ...injection, times: injection.times ?? 1 });
  }

  /** What exists now, by kind, sorted; tests compare it before and after. */
  inventory() {
    const s = this.state;
    const names = <T>(m: Map<string, T>, f: (v: T) => string) => [...m.values()].map(f).sort();
    return {
      resourceGroups: names(s.resourceGroups, (g) => g.name),
      accounts: names(s.accounts, (a) => `${a.rg}/${a.name}@${a.location}:${a.state}`),
      deletedAccounts: names(s.deletedAccounts, (a) => `${a.rg}/${a.name}@${a.location}`),
      deployments: names(
        s.deployments,
        (d) => `${d.account}/${d.name}:${d.model.name}@${d.sku.name}x${d.sku.capacity}`,
      ),
      workspaces: names(s.workspaces, (w) => `${w.rg}/${w.name}:${w.state}`),
      ...hostingInventory(s.hosting),
    };
  }

  isEmpty(): boolean {
    return Object.values(this.inventory()).every((v) => v.length === 0);
  }

  private token(req: http.IncomingMessage, res: http.ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const resource = url.searchParams.get('resource') ?? '';
    const headerOk = req.headers['x-identity-header'] === this.identityHeader;
    this.tokenRequests.push({ resource, headerOk });
    if (!headerOk || url.searchParams.get('api-version') !== '2019-08-01' || !resource) {
      res.writeHead(400, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({ error: 'invalid_request', error_description: 'bad identity request' }),
      );
      return;
    }
    const token =
      this.fixedTokens[resource] ??
      `fake-mi.${Buffer.from(resource).toString('base64url')}.${randomUUID()}`;
    this.issued.add(token);
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({
        access_token: token,
        expires_on: String(Math.floor(Date.now() / 1000) + 3600),
        resource,
        token_type: 'Bearer',
      }),
    );
  }

  private serve(req: http.IncomingMessage, res: http.ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      // By-id and scope calls (`/{resourceId}`, `/{scope}/...`) can start with `//`: still a path.
      const url = new URL((req.url ?? '/').replace(/^\/+/, '/'), this.url);
      const raw = Buffer.concat(chunks).toString('utf8');
      let body: unknown = {};
      try {
        body = raw ? JSON.parse(raw) : {};
      } catch {
        body = raw;
      }
      const auth = req.headers.authorization;
      const entry: ArmRequest = {
        method: req.method ?? 'GET',
        path: url.pathname,
        query: url.search,
        status: 0,
        at: Date.now(),
        token: auth?.startsWith('Bearer ') ? auth.slice(7) : undefined,
        body,
      };
      this.requests.push(entry);
      let reply: Reply & { stall?: Injection['stall'] };
      try {
        reply = this.dispatch(entry, url, body);
      } catch (err) {
        if (!(err instanceof FakeArmError)) throw err;
        reply = { status: err.status, headers: err.headers, body: { error: err.body } };
      }
      entry.status = reply.status;
      const headers = { 'x-ms-request-id': randomUUID(), ...(reply.headers ?? {}) };
      if (reply.stall === 'no-answer') return;
      if (reply.stall === 'body') {
        res.writeHead(reply.status, { ...headers, 'content-type': 'application/json' });
        res.write('{"value":['); // and never the rest
        return;
      }
      if (reply.body === undefined || req.method === 'HEAD') {
        // Not chained: restify (loaded by in-process bot tests) patches writeHead to return nothing.
        res.writeHead(reply.status, headers);
        res.end();
        return;
      }
      res.writeHead(reply.status, {
        ...headers,
        'content-type': 'application/json; charset=utf-8',
      });
      res.end(JSON.stringify(reply.body));
    });
  }

  private dispatch(
    entry: ArmRequest,
    url: URL,
    body: unknown,
  ): Reply & { stall?: Injection['stall'] } {
    if (!entry.token || !this.issued.has(entry.token)) {
      throw new FakeArmError(401, {
        code: 'AuthenticationFailed',
        message: "Authentication failed. The 'Authorization' header is missing or invalid.",
      });
    }
    if (!url.searchParams.get('api-version')) {
      throw new FakeArmError(400, {
        code: 'MissingApiVersionParameter',
        message: 'The api-version query parameter (?api-version=) is required for all requests.',
      });
    }
    const inj = this.injections.find(
      (i) => i.times > 0 && (!i.method || i.method === entry.method) && i.path.test(entry.path),
    );
    if (inj) {
      inj.times -= 1;
      return {
        status: inj.status,
        headers: inj.headers ?? {},
        body: inj.body,
        ...(inj.stall ? { stall: inj.stall } : {}),
      };
    }
    for (const route of ROUTES) {
      const m = route.pattern.exec(entry.path);
      if (!m) continue;
      if (!route.methods.includes(entry.method)) {
        throw new FakeArmError(405, {
          code: 'MethodNotAllowed',
          message: `${entry.method} not allowed.`,
        });
      }
      const version = url.searchParams.get('api-version') ?? '';
      if (route.apiVersions && !route.apiVersions.includes(version)) {
        throw new FakeArmError(400, {
          code: 'NoRegisteredProviderFound',
          message: `No registered resource provider found for location 'global' and API version '${version}' for type '${entry.path.split('/providers/').pop() ?? ''}'. The supported api-versions are '${route.apiVersions.join(', ')}'.`,
        });
      }
      const ctx: RouteContext = {
        method: entry.method,
        state: this.state,
        m: [...m],
        body: body && typeof body === 'object' ? (body as Record<string, unknown>) : {},
        query: url.searchParams,
        opUrl: (ns, loc, op) =>
          `${this.url}/subscriptions/${this.state.subscriptionId}/providers/${ns}/locations/${loc}/operationResults/${op.id}?api-version=2025-01-01`,
      };
      return route.handle(ctx);
    }
    throw new FakeArmError(404, {
      code: 'InvalidResourceType',
      message: `No route for '${entry.path}'.`,
    });
  }
}

function listen(server: http.Server | https.Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
}

function close(server: http.Server | https.Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}

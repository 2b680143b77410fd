import { randomUUID } from 'node:crypto';
import type http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import yauzl from 'yauzl';
import { ensureSelfSignedCert } from './self-signed-cert';

/** Kudu's deployment status codes. */
export const KUDU_STATUS = { pending: 0, building: 1, failed: 3, success: 4 } as const;

/** One zip deployment as Kudu tracks it, plus what the fake saw in the package. */
export interface KuduDeployment {
  id: string;
  status: number;
  complete: boolean;
  message: string;
  deployer: string;
  log: string[];
  receivedAt: string;
  endAt?: string;
  /** File paths in the zip (directories left out). */
  files: string[];
  /** Size of the uploaded zip. */
  bytes: number;
  /** Polls of the status URL before it completes. */
  pollsLeft: number;
  /** Whether the package can start (package.json and dist/src/index.js at the root). */
  valid: boolean;
}

export interface FakeKuduOptions {
  /** Whether a bearer token is one the fake identity endpoint issued for ARM. */
  acceptsToken: (token: string) => boolean;
  /** Polls of /api/deployments/latest answered in progress before the result (default 2). */
  pollsBeforeDone?: number;
}

const REQUIRED = ['package.json', 'dist/src/index.js'];

function listZip(buf: Buffer): Promise<string[]> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(buf, { lazyEntries: true }, (err, zip) => {
      if (err) return reject(err);
      const files: string[] = [];
      zip.on('entry', (e: yauzl.Entry) => {
        if (!e.fileName.endsWith('/')) files.push(e.fileName);
        zip.readEntry();
      });
      zip.on('end', () => resolve(files));
      zip.on('error', reject);
      zip.readEntry();
    });
  });
}

/**
 * A local App Service for one web app: the SCM host takes zip deployments as Kudu does
 * (`POST /api/zipdeploy?isAsync=true` with an ARM bearer token, 202 + Location, deployment
 * JSON with Kudu's status codes) and the app host serves /readyz once a deployment succeeded.
 */
export class FakeKudu {
  readonly deployments: KuduDeployment[] = [];
  readonly requests: { host: 'scm' | 'app'; method: string; path: string; status: number }[] = [];
  private readonly scm: https.Server;
  private readonly app: https.Server;
  private readonly polls: number;

  constructor(private readonly options: FakeKuduOptions) {
    const { cert, key } = ensureSelfSignedCert();
    this.polls = options.pollsBeforeDone ?? 2;
    this.scm = https.createServer({ cert, key }, (req, res) => this.serveScm(req, res));
    this.app = https.createServer({ cert, key }, (req, res) => this.serveApp(req, res));
  }

  async start(): Promise<void> {
    for (const server of [this.scm, this.app]) {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(0, '127.0.0.1', () => resolve());
      });
    }
  }

  async stop(): Promise<void> {
    for (const server of [this.scm, this.app]) {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  }

  /** `127.0.0.1:<port>` of the SCM (publish) host: what the site's Repository host name is. */
  get scmHost(): string {
    return `127.0.0.1:${(this.scm.address() as AddressInfo).port}`;
  }

  /** `127.0.0.1:<port>` of the running app: the site's defaultHostName. */
  get appHost(): string {
    return `127.0.0.1:${(this.app.address() as AddressInfo).port}`;
  }

  /** Whether a deployment has succeeded, so the app answers /readyz 200. */
  get running(): boolean {
    return this.deployments.some((d) => d.status === KUDU_STATUS.success);
  }

  private reply(
    res: http.ServerResponse,
    status: number,
    body?: unknown,
    headers: Record<string, string> = {},
  ) {
    if (body === undefined) {
      res.writeHead(status, headers);
      res.end();
      return;
    }
    res.writeHead(status, { ...headers, 'content-type': 'application/json; charset=utf-8' });
    res.end(JSON.stringify(body));
  }

  private serveApp(req: http.IncomingMessage, res: http.ServerResponse): void {
    const path = new URL(req.url ?? '/', 'https://127.0.0.1').pathname;
    const log = (status: number) =>
      this.requests.push({ host: 'app', method: req.method ?? '', path, status });
    req.resume();
    req.on('end', () => {
      if (req.method === 'GET' && path === '/readyz') {
        const status = this.running ? 200 : 503;
        log(status);
        return this.reply(
          res,
          status,
          this.running
            ? { status: 'ready' }
            : { status: 'not ready', reason: 'no deployment has succeeded yet' },
        );
      }
      if (req.method === 'GET' && path === '/healthz' && this.running) {
        log(200);
        return this.reply(res, 200, { status: 'ok' });
      }
      if (req.method === 'POST' && path === '/api/messages' && this.running) {
        log(401);
        return this.reply(res, 401, { message: 'Unauthorized' });
      }
      // Before the first deployment App Service answers from its placeholder: nothing is there.
      log(404);
      this.reply(res, 404);
    });
  }

  private serveScm(req: http.IncomingMessage, res: http.ServerResponse): void {
    const url = new URL(req.url ?? '/', `https://${this.scmHost}`);
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const done = (status: number, body?: unknown, headers?: Record<string, string>) => {
        this.requests.push({ host: 'scm', method: req.method ?? '', path: url.pathname, status });
        this.reply(res, status, body, headers);
      };
      const auth = req.headers.authorization ?? '';
      if (!auth.startsWith('Bearer ') || !this.options.acceptsToken(auth.slice(7))) {
        return done(401, undefined, { 'www-authenticate': 'Bearer realm="kudu"' });
      }
      if (req.method === 'POST' && url.pathname.toLowerCase() === '/api/zipdeploy') {
        void this.zipDeploy(Buffer.concat(chunks), url.searchParams).then(
          ({ status, body, headers }) => done(status, body, headers),
        );
        return;
      }
      const m = /^\/api\/deployments\/([^/]+)(\/log)?$/i.exec(url.pathname);
      if (req.method === 'GET' && m) {
        const d =
          m[1] === 'latest' ? this.deployments.at(-1) : this.deployments.find((x) => x.id === m[1]);
        if (!d) return done(404, { Message: 'No deployment found.' });
        if (m[2])
          return done(
            200,
            d.log.map((message, i) => ({
              id: `${d.id}-${i}`,
              log_time: d.receivedAt,
              message,
              type: 0,
            })),
          );
        this.advance(d);
        return done(d.complete ? 200 : 202, this.json(d));
      }
      done(404, { Message: `No route for ${url.pathname}.` });
    });
  }

  private async zipDeploy(
    zip: Buffer,
    query: URLSearchParams,
  ): Promise<{ status: number; body?: unknown; headers: Record<string, string> }> {
    const d: KuduDeployment = {
      id: randomUUID().replace(/-/g, ''),
      status: KUDU_STATUS.pending,
      complete: false,
      // Kudu's ZipPushDeploy takes `message`, `deployer` and `author` from the query string.
      message: query.get('message') ?? 'Created via a push deployment',
      deployer: query.get('deployer') ?? 'Push-Deployer',
      log: ['Fetching changes.'],
      receivedAt: new Date().toISOString(),
      files: [],
      bytes: zip.length,
      pollsLeft: this.polls,
      valid: false,
    };
    this.deployments.push(d);
    try {
      d.files = await listZip(zip);
      const missing = REQUIRED.filter((f) => !d.files.includes(f));
      d.valid = missing.length === 0;
      d.log.push(
        d.valid
          ? `Extracted ${d.files.length} files.`
          : `Deployment failed: the package has no ${missing.join(' and ')} at its root; the app cannot start.`,
      );
    } catch (err) {
      d.log.push(`Deployment failed: the body is not a zip archive (${String(err)}).`);
    }
    if (query.get('isAsync') !== 'true') {
      d.pollsLeft = 0;
      this.advance(d);
      return {
        status: d.status === KUDU_STATUS.success ? 200 : 400,
        body: this.json(d),
        headers: {},
      };
    }
    const location = `https://${this.scmHost}/api/deployments/latest?deployer=Push&time=${encodeURIComponent(d.receivedAt)}`;
    return { status: 202, body: undefined, headers: { location, 'retry-after': '1' } };
  }

  /** Each poll moves a deployment on: pending, building, then success or failed. */
  private advance(d: KuduDeployment): void {
    if (d.complete) return;
    d.pollsLeft -= 1;
    if (d.pollsLeft > 0) {
      d.status = KUDU_STATUS.building;
      return;
    }
    d.status = d.valid ? KUDU_STATUS.success : KUDU_STATUS.failed;
    d.complete = true;
    d.endAt = new Date().toISOString();
    d.log.push(d.valid ? 'Deployment successful.' : 'Deployment Failed.');
  }

  private json(d: KuduDeployment): Record<string, unknown> {
    const text = { 0: '', 1: 'Building and Deploying', 3: 'Deployment Failed.', 4: '' } as Record<
      number,
      string
    >;
    return {
      id: d.id,
      status: d.status,
      status_text: text[d.status] ?? '',
      author_email: 'N/A',
      author: 'N/A',
      deployer: d.deployer,
      message: d.message,
      progress: '',
      received_time: d.receivedAt,
      start_time: d.receivedAt,
      end_time: d.endAt ?? null,
      last_success_end_time:
        this.deployments.filter((x) => x.status === KUDU_STATUS.success).at(-1)?.endAt ?? null,
      complete: d.complete,
      active: d.status === KUDU_STATUS.success,
      is_temp: false,
      is_readonly: true,
      url: `https://${this.scmHost}/api/deployments/${d.id}`,
      log_url: `https://${this.scmHost}/api/deployments/${d.id}/log`,
      site_name: 'fake-kudu',
    };
  }
}

import { createHash, timingSafeEqual } from 'node:crypto';
import restify from 'restify';
import { activityProblem } from './bot/activity-shape';
import type { Readiness } from './platform/store/store';
import type { Logger } from './platform/logging/logger';
import type { MetricsText } from './platform/telemetry/telemetry';

export interface ServerDeps {
  host: string;
  port: number;
  maxBodyBytes: number;
  log: Logger;
  /** Handles POST /api/messages once the body is known to be an activity-shaped object. */
  onActivity: (req: restify.Request, res: restify.Response) => Promise<void>;
  /** Whether the store can take writes; /readyz answers 503 with the reason when not. */
  isReady: () => Promise<Readiness>;
  /** GET /metrics (Prometheus text) when set; the route does not exist (404) otherwise. */
  metrics?: MetricsText | undefined;
  /** When set, /metrics answers only `Authorization: Bearer <token>`. */
  metricsToken?: string | undefined;
}

/** Whether the request carries `Authorization: Bearer <token>`, compared in constant time. */
function bearerMatches(header: string | undefined, token: string): boolean {
  const digest = (v: string) => createHash('sha256').update(v).digest();
  return timingSafeEqual(digest(header ?? ''), digest(`Bearer ${token}`));
}

export interface RunningServer {
  url: string;
  port: number;
  /** Stops accepting, waits (bounded) for in-flight turns, then resolves. */
  close(graceMs?: number): Promise<void>;
}

function sendError(res: restify.Response, status: number, code: string, message: string): void {
  res.status(status);
  res.json({ error: { code, message } });
}

/** Why the body is not an activity the bot can run a turn for, or undefined. */
function badActivity(body: unknown): string | undefined {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    return 'The body must be a JSON activity object.';
  }
  const type = (body as { type?: unknown }).type;
  if (typeof type !== 'string' || type === '') return 'The activity has no "type".';
  // Every Bot Framework activity names its conversation; without one no turn can run, and
  // letting it through only produced an error-level "unhandled turn error" log per request.
  const conversation = (body as { conversation?: { id?: unknown } }).conversation;
  if (typeof conversation?.id !== 'string' || conversation.id === '') {
    return 'The activity has no "conversation.id".';
  }
  // Then the type of every field the bot reads (ids reach SQLite and the connector client).
  return activityProblem(body);
}

/**
 * restify host: bounded JSON bodies, 4xx with a reason for every bad request, and a count of
 * in-flight turns so shutdown can let them finish.
 */
export async function startServer(deps: ServerDeps): Promise<RunningServer> {
  const server = restify.createServer({ name: 'llmops-bot', handleUncaughtExceptions: false });
  let inFlight = 0;
  let closing = false;

  server.use(
    restify.plugins.bodyParser({
      maxBodySize: deps.maxBodyBytes,
      mapParams: false,
      rejectUnknown: true,
    }),
  );

  server.post('/api/messages', async (req, res) => {
    const body: unknown = req.body;
    if (closing) {
      sendError(res, 503, 'ShuttingDown', 'The bot is restarting; retry shortly.');
      return;
    }
    const problem = badActivity(body);
    if (problem !== undefined) {
      // The sender's mistake, not ours: one warn line with the reason, no stack.
      deps.log.warn({ reason: problem }, 'activity rejected');
      sendError(res, 400, 'BadRequest', problem);
      return;
    }
    inFlight++;
    try {
      await deps.onActivity(req, res);
    } catch (err) {
      deps.log.error({ err }, 'activity processing failed');
      // Our failure, not the caller's: 500, so the channel does not treat the activity as bad.
      if (!res.headersSent)
        sendError(res, 500, 'InternalError', 'The activity could not be processed.');
    } finally {
      inFlight--;
    }
  });

  server.get('/healthz', (_req, res, next) => {
    res.json({ status: 'ok' });
    next();
  });
  server.get('/readyz', async (_req, res) => {
    const ready: Readiness = closing
      ? { ok: false, reason: 'shutting down' }
      : await deps.isReady().catch((err: unknown) => ({ ok: false as const, reason: String(err) }));
    res.status(ready.ok ? 200 : 503);
    res.json(ready.ok ? { status: 'ready' } : { status: 'not ready', reason: ready.reason });
  });

  const { metrics, metricsToken } = deps;
  if (metrics) {
    server.get('/metrics', async (req, res) => {
      const header = req.headers.authorization;
      if (metricsToken !== undefined && !bearerMatches(header, metricsToken)) {
        res.header('WWW-Authenticate', 'Bearer');
        sendError(res, 401, 'Unauthorized', 'The request is not authorized.');
        return;
      }
      const text = await metrics.text();
      res.setHeader('content-type', metrics.contentType);
      res.writeHead(200);
      res.end(text);
    });
  }

  // restify's own errors (bad JSON, too large, unknown route) keep their 4xx status; make
  // sure they carry a reason and are logged at the right level.
  server.on(
    'restifyError',
    (
      req: restify.Request,
      _res: restify.Response,
      err: { statusCode?: number; message?: string },
      cb: () => void,
    ) => {
      const status = err.statusCode ?? 500;
      deps.log[status >= 500 ? 'error' : 'warn'](
        { status, path: req.path(), reason: err.message },
        'request rejected',
      );
      cb();
    },
  );

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(deps.port, deps.host, () => resolve());
  });
  const address = server.address();
  const url = `http://${deps.host}:${address.port}`;

  return {
    url,
    port: address.port,
    async close(graceMs = 10_000) {
      closing = true;
      const closed = new Promise<void>((resolve) => {
        server.close(() => resolve());
      });
      const deadline = Date.now() + graceMs;
      while (inFlight > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
      if (inFlight > 0) deps.log.warn({ inFlight }, 'shutdown grace period over; turns abandoned');
      server.server.closeAllConnections?.();
      await closed;
    },
  };
}

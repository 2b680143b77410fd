import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A loopback pass-through in front of a real server (the MLflow test server) that a test can
 * make fail: while `failing` > 0 each request is answered 500 INTERNAL_ERROR (what MLflow says
 * when its backend store is broken) and the count drops; Infinity keeps it failing.
 */
export interface HttpGate {
  /** `http://127.0.0.1:<port>` (no trailing slash, like the MLflow tracking URI). */
  readonly url: string;
  failing: number;
  /** Requests answered with the failure so far. */
  readonly refused: number;
  close(): Promise<void>;
}

export async function startHttpGate(target: string): Promise<HttpGate> {
  const to = new URL(target);
  let refused = 0;
  const forward = (req: IncomingMessage, res: ServerResponse) => {
    const up = request(
      {
        host: to.hostname,
        port: to.port,
        method: req.method,
        path: req.url,
        headers: { ...req.headers, host: to.host },
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    up.on('error', () => res.destroy());
    req.pipe(up);
  };
  const gate = {
    failing: 0,
    url: '',
    get refused() {
      return refused;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
  const server = createServer((req, res) => {
    if (gate.failing > 0) {
      gate.failing--;
      refused++;
      req.resume();
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error_code: 'INTERNAL_ERROR', message: 'database is locked' }));
      return;
    }
    forward(req, res);
  });
  server.keepAliveTimeout = 1;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  gate.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return gate;
}

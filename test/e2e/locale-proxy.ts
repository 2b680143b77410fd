import http from 'node:http';

/**
 * The Agents Playground stamps `locale: "en-US"` on every activity it sends (hard-coded in its
 * server bundle; neither its config, its CLI nor the browser's locale changes it). A Teams
 * client set to French sends `fr-FR`, so this loopback proxy stands between the Playground and
 * the bot and rewrites the locale of each activity (and of its clientInfo entity), as that
 * client would. Everything else — headers, body, the bot's response — passes unchanged.
 */
export interface LocaleProxy {
  url: string;
  close(): Promise<void>;
}

function relocalise(body: Buffer, locale: string): Buffer {
  let activity: unknown;
  try {
    activity = JSON.parse(body.toString('utf8'));
  } catch {
    return body;
  }
  if (!activity || typeof activity !== 'object') return body;
  const a = activity as { locale?: unknown; entities?: unknown };
  a.locale = locale;
  if (Array.isArray(a.entities)) {
    for (const e of a.entities as { type?: unknown; locale?: unknown }[]) {
      if (e && e.type === 'clientInfo') e.locale = locale;
    }
  }
  return Buffer.from(JSON.stringify(a));
}

/** Starts the proxy on a free loopback port in front of `target` (the bot's origin). */
export function startLocaleProxy(target: string, locale: string): Promise<LocaleProxy> {
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = relocalise(Buffer.concat(chunks), locale);
      const headers = { ...req.headers, 'content-length': String(body.length) };
      delete headers.host;
      const out = http.request(
        new URL(req.url ?? '/', target),
        { method: req.method, headers },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      out.on('error', () => {
        res.writeHead(502);
        res.end();
      });
      out.end(body);
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      resolve({
        url: `http://127.0.0.1:${port}`,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}

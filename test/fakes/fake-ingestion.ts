import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { ensureSelfSignedCert } from './fake-arm/self-signed-cert';

/** One Application Insights envelope as the exporter sends it (the fields the tests read). */
export interface Envelope {
  name: string;
  iKey?: string;
  tags?: Record<string, string>;
  data?: { baseType?: string; baseData?: Record<string, unknown> };
}

export interface FakeIngestion {
  /** `InstrumentationKey=…;IngestionEndpoint=https://127.0.0.1:<port>/` */
  readonly connectionString: string;
  /** Every envelope received, in order. */
  readonly envelopes: Envelope[];
  /** Every raw request body received (decompressed), for "never contains" checks. */
  readonly bodies: string[];
  /** Requests to any path other than /v2.1/track (there must be none). */
  readonly strayPaths: string[];
  close(): Promise<void>;
}

export const FAKE_IKEY = '00000000-0000-4000-8000-000000000001';

/**
 * A loopback stand-in of the Application Insights ingestion endpoint: `POST /v2.1/track` with a
 * (usually gzip'd) JSON array of envelopes, answered like Breeze does. HTTPS with the test
 * certificate, because the exporter rewrites an http:// endpoint to https://.
 */
export async function startFakeIngestion(): Promise<FakeIngestion> {
  const { cert, key } = ensureSelfSignedCert();
  const envelopes: Envelope[] = [];
  const bodies: string[] = [];
  const strayPaths: string[] = [];
  const server: Server = createServer({ cert, key }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.method !== 'POST' || !req.url?.startsWith('/v2.1/track')) {
        strayPaths.push(`${req.method} ${req.url}`);
        res.writeHead(404).end();
        return;
      }
      const raw = Buffer.concat(chunks);
      const text = (req.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw).toString(
        'utf8',
      );
      bodies.push(text);
      const trimmed = text.trim();
      // An array, or newline-delimited envelopes (both are accepted by the real endpoint).
      const batch = (
        trimmed.startsWith('[')
          ? JSON.parse(trimmed)
          : trimmed
              .split('\n')
              .filter(Boolean)
              .map((l) => JSON.parse(l) as unknown)
      ) as Envelope[];
      envelopes.push(...batch);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({ itemsReceived: batch.length, itemsAccepted: batch.length, errors: [] }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    connectionString: `InstrumentationKey=${FAKE_IKEY};IngestionEndpoint=https://127.0.0.1:${port}/`,
    envelopes,
    bodies,
    strayPaths,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

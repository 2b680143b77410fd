import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type CapturedRequest, type Harness } from '../../support/bot-harness';

/** A loopback "MLflow" that rejects every token, as a server with auth enabled would. */
let rejecting: Server;
let rejectingUrl: string;
let closedUrl: string;

beforeAll(async () => {
  rejecting = createServer((req, res) => {
    req.resume();
    res.writeHead(401, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error_code: 'UNAUTHENTICATED', message: 'Invalid token' }));
  });
  await new Promise<void>((r) => rejecting.listen(0, '127.0.0.1', r));
  const a = rejecting.address();
  rejectingUrl = `http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}`;
  const closed = createServer();
  await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
  const c = closed.address();
  closedUrl = `http://127.0.0.1:${typeof c === 'object' && c ? c.port : 0}`;
  await new Promise((r) => closed.close(r));
});

afterAll(async () => {
  await new Promise((r) => rejecting.close(r));
});

async function replyTo(h: Harness, text: string, locale?: string): Promise<string> {
  h.connector.clear();
  await h.send(h.a.personal(text, locale ? { locale } : {}));
  const [reply]: (CapturedRequest | undefined)[] = await h.connector.waitFor(1, 15_000);
  const body = reply?.body?.text;
  return typeof body === 'string' ? body : '';
}

async function withBot(env: Record<string, string>, fn: (h: Harness) => Promise<void>) {
  const h = await startHarness({ env });
  try {
    await fn(h);
  } finally {
    await h.stop();
  }
}

describe('runs and run when MLflow is not usable', () => {
  it('say MLflow is not configured when neither MLflow nor Databricks is set', async () => {
    await withBot({}, async (h) => {
      expect(await replyTo(h, 'runs churn')).toContain('MLflow is not configured');
      expect(await replyTo(h, 'run abc')).toContain('MLFLOW_TRACKING_URI');
    });
  });

  it('say MLflow could not be reached when the server is down', async () => {
    await withBot({ MLFLOW_TRACKING_URI: closedUrl }, async (h) => {
      expect(await replyTo(h, 'runs churn')).toContain('MLflow could not be reached');
      expect(await replyTo(h, 'runs churn', 'fr-FR')).toContain(
        'MLflow est injoignable. Vérifiez son adresse',
      );
    });
  });

  it('say the credentials were rejected on 401, without echoing the token', async () => {
    await withBot(
      { MLFLOW_TRACKING_URI: rejectingUrl, MLFLOW_TRACKING_TOKEN: 'tok-SECRET-42' },
      async (h) => {
        const text = await replyTo(h, 'run 0123456789abcdef0123456789abcdef');
        expect(text).toContain("MLflow rejected the bot's credentials");
        const fr = await replyTo(h, 'run 0123456789abcdef0123456789abcdef', 'fr-FR');
        expect(fr).toContain('MLflow a refusé les informations d’identification du bot');
        expect(fr).not.toContain('tok-SECRET-42');
        expect(text).not.toContain('tok-SECRET-42');
        expect(JSON.stringify(h.logs)).not.toContain('tok-SECRET-42');
      },
    );
  });
});

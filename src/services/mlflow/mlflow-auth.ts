import type { HttpClientOptions } from '../http/http-client';

/** How the bot proves itself to MLflow; `headers` covers short-lived tokens (Entra, OAuth). */
export type MlflowAuth =
  | { kind: 'none' }
  | { kind: 'bearer'; token: string }
  | { kind: 'basic'; username: string; password: string }
  | { kind: 'headers'; get: () => Promise<Record<string, string>> };

/** The headers each request carries for `auth` (none for an open tracking server). */
export function authHeaders(auth: MlflowAuth): HttpClientOptions['auth'] {
  switch (auth.kind) {
    case 'none':
      return undefined;
    case 'bearer':
      return () => ({ authorization: `Bearer ${auth.token}` });
    case 'basic': {
      const basic = Buffer.from(`${auth.username}:${auth.password}`).toString('base64');
      return () => ({ authorization: `Basic ${basic}` });
    }
    case 'headers':
      return auth.get;
  }
}

import type { Logger } from '../logging/logger';
import { openSqliteStore } from './sqlite-store';
import type { Store } from './store';

export type StoreOptions =
  | { kind: 'sqlite'; dataDir: string }
  | { kind: 'postgres'; url: string; poolMax: number; password?: () => Promise<string> };

/** Scope of an Entra token that Azure Database for PostgreSQL accepts as a password. */
export const POSTGRES_ENTRA_SCOPE = 'https://ossrdbms-aad.database.windows.net/.default';

/** What the store needs from an Azure credential (a TokenCredential has it). */
export interface TokenSource {
  getToken(scope: string): Promise<{ token: string } | null>;
}

/**
 * The PostgreSQL password as an Entra token, asked for at each new connection. The credential
 * caches a token and renews it before it expires, so this costs a call only when one is due.
 */
export function entraPassword(credential: () => TokenSource): () => Promise<string> {
  return async () => {
    const token = await credential().getToken(POSTGRES_ENTRA_SCOPE);
    if (!token)
      throw new Error('The Azure identity returned no token for Azure Database for PostgreSQL.');
    return token.token;
  };
}

/** The store the configuration names, migrated and ready for the repositories. */
export async function openStore(options: StoreOptions, log: Logger): Promise<Store> {
  if (options.kind === 'sqlite') {
    const store = openSqliteStore(options.dataDir);
    log.info({ store: 'sqlite', location: store.location }, 'store opened');
    return store;
  }
  // Loaded only for PostgreSQL: the driver costs an embedded bot ~7 MB of memory it never uses.
  const { openPostgresStore } = await import('./postgres-store.js');
  const store = await openPostgresStore({
    url: options.url,
    poolMax: options.poolMax,
    ...(options.password ? { password: options.password } : {}),
    onError: (err) => log.warn({ err: err.message }, 'PostgreSQL connection dropped'),
  });
  log.info({ store: 'postgres', location: store.location }, 'store opened');
  return store;
}

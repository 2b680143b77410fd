import { Kysely, PostgresDialect, sql } from 'kysely';
import { Pool, types, type PoolConfig } from 'pg';
import { parseIntoClientConfig } from 'pg-connection-string';
import { migratePostgres } from './postgres-migrate';
import type { Store } from './store';
import type { Tables } from './tables';

export interface PostgresStoreOptions {
  /** `postgres://user@host:5432/db?sslmode=require`; a password in it is used unless `password` is given. */
  url: string;
  /**
   * Called for every new connection (Entra: a fresh or cached access token). pg asks at connect
   * time only, so a pooled connection outlives its token, as PostgreSQL allows.
   */
  password?: () => Promise<string>;
  /** Connections per process. */
  poolMax?: number;
  /** Connect and per-statement limits, so a dead server fails turns instead of hanging them. */
  connectTimeoutMs?: number;
  statementTimeoutMs?: number;
  /** Called on pool errors (a server restart drops idle clients); they must not kill the process. */
  onError?: (err: Error) => void;
}

export interface PostgresStore extends Store {
  readonly kind: 'postgres';
  readonly pool: Pool;
}

/** BIGINT (int8) and NUMERIC arrive as strings by default; our values are epoch ms and counts. */
const INT8 = 20;
const NUMERIC = 1700;
const typeOverrides: PoolConfig['types'] = {
  getTypeParser: ((oid: number, format?: string) => {
    if (oid === INT8 || oid === NUMERIC) return (v: string) => Number(v);
    return types.getTypeParser(oid, format as 'text') as (v: string) => unknown;
  }) as NonNullable<PoolConfig['types']>['getTypeParser'],
};

/** Where a URL points, without its password: for logs and messages. */
export function describePostgresUrl(url: string): string {
  try {
    const u = new URL(url);
    return `postgres://${u.username ? `${decodeURIComponent(u.username)}@` : ''}${u.host}${u.pathname}`;
  } catch {
    return 'postgres (unparsable DATABASE_URL)';
  }
}

/** Connects the pool, runs pending migrations under an advisory lock, and returns the store. */
export async function openPostgresStore(options: PostgresStoreOptions): Promise<PostgresStore> {
  // Parsed here rather than passed as connectionString: pg would let the URL's (absent)
  // password override a password function.
  const pool = new Pool({
    ...parseIntoClientConfig(options.url),
    ...(options.password ? { password: options.password } : {}),
    max: options.poolMax ?? 10,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 10_000,
    statement_timeout: options.statementTimeoutMs ?? 30_000,
    idleTimeoutMillis: 30_000,
    application_name: 'llmops-bot',
    types: typeOverrides,
  });
  pool.on('error', (err) => options.onError?.(err));
  // pg-pool listens for a client's 'error' only while it is idle: a connection that drops while
  // checked out (mid-query or mid-transaction, e.g. a PostgreSQL restart) would emit 'error' with
  // no listener and kill the process. The query itself still fails and is handled by its caller.
  pool.on('connect', (client) => {
    client.on('error', (err) => options.onError?.(err));
  });
  try {
    await migratePostgres(pool);
  } catch (err) {
    await pool.end().catch(() => undefined);
    throw err;
  }
  const db = new Kysely<Tables>({ dialect: new PostgresDialect({ pool }) });
  const location = describePostgresUrl(options.url);
  return {
    kind: 'postgres',
    db,
    pool,
    location,
    status: async () => {
      const { rows } = await sql<{ server: string; version: number }>`
        SELECT current_setting('server_version') AS server, max(version) AS version FROM schema_version`.execute(
        db,
      );
      const row = rows[0];
      return {
        key: 'statusDetail.postgres' as const,
        vars: {
          server: row?.server ?? '?',
          version: row?.version ?? 0,
          open: pool.totalCount,
          max: options.poolMax ?? 10,
        },
      };
    },
    readiness: async () => {
      try {
        await sql`SELECT 1`.execute(db);
        return { ok: true };
      } catch (err) {
        return {
          ok: false,
          reason: `PostgreSQL at ${location} does not answer: ${(err as Error).message}`,
        };
      }
    },
    close: () => db.destroy(),
  };
}

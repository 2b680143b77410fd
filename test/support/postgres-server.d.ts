/**
 * A real PostgreSQL for the tests and benchmarks: Debian's `postgresql` binaries, a fresh cluster
 * in a temp directory on a free loopback port, stopped and deleted by `stop()`.
 */
export interface PostgresServer {
  readonly port: number;
  /** The cluster's folder (data, socket, log). */
  readonly dir: string;
  /** Superuser URL for `database` (default `postgres`). */
  url(database?: string): string;
  /** Runs SQL as the superuser through psql (for setup only). */
  psql(sql: string, database?: string): string;
  /** Stops the server (fast shutdown: sessions cut), keeping its data; `resume` starts it again. */
  halt(): void;
  resume(): void;
  stop(): void;
}

export const SUPERUSER_PASSWORD: string;
export function freePort(): Promise<number>;
export function startPostgres(): Promise<PostgresServer>;

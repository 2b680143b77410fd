import { z } from 'zod';
import { optionalString, positiveInt } from './env-fields';

/**
 * Where the bot keeps its state. Without DATABASE_URL: the embedded SQLite file in DATA_DIR.
 * With it: PostgreSQL, shared by every replica. src/config/index.ts spreads `storeEnvShape`
 * into its schema and stays the only reader of the environment.
 */

const AUTH_MODES = ['password', 'entra'] as const;

const postgresUrl = (v: string): boolean => {
  try {
    const u = new URL(v);
    return (u.protocol === 'postgres:' || u.protocol === 'postgresql:') && u.hostname !== '';
  } catch {
    return false;
  }
};

/** The zod shape src/config/index.ts spreads into its environment schema. */
export const storeEnvShape = {
  DATABASE_URL: optionalString.refine(
    (v) => v === undefined || postgresUrl(v),
    'must be a PostgreSQL URL such as postgres://user@host:5432/db?sslmode=require',
  ),
  DATABASE_AUTH: optionalString.refine(
    (v) => v === undefined || (AUTH_MODES as readonly string[]).includes(v),
    `must be one of ${AUTH_MODES.join(', ')}`,
  ),
  DATABASE_POOL_MAX: positiveInt(10, ' (connections per process)'),
};

type Parsed = { [K in keyof typeof storeEnvShape]: z.output<(typeof storeEnvShape)[K]> };

export type StoreConfig =
  | { readonly kind: 'sqlite' }
  | {
      readonly kind: 'postgres';
      /** May hold a password; only the store module reads it, and never logs it whole. */
      readonly url: string;
      /** `entra`: the password is an Entra access token from the bot's Azure credential. */
      readonly auth: (typeof AUTH_MODES)[number];
      readonly poolMax: number;
    };

export function storeConfigFrom(e: Parsed): StoreConfig {
  if (e.DATABASE_URL === undefined) return { kind: 'sqlite' };
  return {
    kind: 'postgres',
    url: e.DATABASE_URL,
    auth: (e.DATABASE_AUTH ?? 'password') as (typeof AUTH_MODES)[number],
    poolMax: e.DATABASE_POOL_MAX,
  };
}

/** Problems only visible across variables. */
export function storeConfigProblems(e: Parsed): string[] {
  if (e.DATABASE_AUTH !== undefined && e.DATABASE_URL === undefined)
    return [
      'DATABASE_AUTH: only applies with DATABASE_URL (PostgreSQL); unset it or set DATABASE_URL',
    ];
  return [];
}

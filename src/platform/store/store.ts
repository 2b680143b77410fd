import type { Kysely } from 'kysely';
import type { Tables } from './tables';
import type { UserMessage } from '../../services/errors';

export type StoreKind = 'sqlite' | 'postgres';

export type Readiness = { ok: true } | { ok: false; reason: string };

/**
 * The bot's state, whichever database holds it. Repositories query `db` (one Kysely builder,
 * either dialect); the few statements that differ by backend (row locks, advisory locks) look at
 * `kind`.
 */
export interface Store {
  readonly kind: StoreKind;
  readonly db: Kysely<Tables>;
  /** Where the data lives, for logs: a file path or host/database, never a password. */
  readonly location: string;
  /** One line for `status` (engine, schema version, connections), rendered in the reader's language. */
  status(): Promise<UserMessage>;
  /** Whether the store can take the bot's writes now (for /readyz). */
  readiness(): Promise<Readiness>;
  close(): Promise<void>;
}

export type Db = Kysely<Tables>;

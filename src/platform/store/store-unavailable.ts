import { en } from '../../chat/messages/catalogues';

/**
 * Whether an error means the store could not be reached or used at all (PostgreSQL down or
 * restarting, the pool out of connections, SQLite locked past its timeout or its disk full),
 * rather than a fault in what the bot asked of it. Such a turn gets a sentence saying so and to
 * retry, not a generic "something went wrong": the cause is known and passes by itself.
 */
export function isStoreUnavailable(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  const e = err as Error & { code?: unknown; errcode?: unknown };
  const code = typeof e.code === 'string' ? e.code : '';
  // PostgreSQL SQLSTATE: class 08 connection exception; 57P01-03 shutdown / starting up;
  // 53300 too many connections.
  if (/^08/.test(code) || ['57P01', '57P02', '57P03', '53300'].includes(code)) return true;
  // The socket to the server (node-postgres passes Node's codes through).
  if (
    ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENOTFOUND'].includes(code)
  )
    return true;
  if (
    /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error/.test(
      e.message,
    )
  )
    return true;
  // node:sqlite: SQLITE_BUSY (5), SQLITE_FULL (13), SQLITE_IOERR (10) — primary result codes.
  const sqlite = typeof e.errcode === 'number' ? e.errcode & 0xff : undefined;
  return sqlite === 5 || sqlite === 10 || sqlite === 13;
}

/** The English sentence (tests compare with it); users read it in their language (user-error-text). */
export const STORE_UNAVAILABLE_TEXT = en.errors.storeUnavailable;

import type * as NodeSqlite from 'node:sqlite';

/**
 * The synchronous SQLite surface the repositories use, over Node's built-in `node:sqlite`.
 * It keeps better-sqlite3's shape (typed `prepare`, `transaction(fn)`, `pragma`) so the move off
 * a native addon touched no repository, and it smooths the few places where `node:sqlite`
 * behaves differently (bigint counters, unknown named parameters, the Node 22 warning).
 */

/** What `run()` reports; node:sqlite may give bigints here, repositories compare with numbers. */
export interface RunResult {
  changes: number;
  lastInsertRowid: number;
}

export interface Statement<P extends unknown[] = unknown[], R = unknown> {
  run(...params: P): RunResult;
  /** The first row, or undefined when there is none. */
  get(...params: P): R | undefined;
  all(...params: P): R[];
}

export interface PragmaOptions {
  /** Return only the first column of the first row, as better-sqlite3 did. */
  simple?: boolean;
}

type SqliteModule = typeof NodeSqlite;
type Bindable = NodeSqlite.SQLInputValue;
type NamedBindings = Record<string, Bindable>;

const SQLITE_WARNING = /^SQLite is an experimental feature/;

/**
 * Loads `node:sqlite`. Node 22 prints "ExperimentalWarning: SQLite is an experimental feature"
 * once, on first load (Node 24 no longer does). We depend on it deliberately and cover it with our
 * own tests, so that one line would only be noise in every start-up log; a flag such as
 * `--no-warnings` would hide every other warning too. So only that warning, only during this
 * load, is dropped: anything else emitted meanwhile still goes through.
 */
function loadSqlite(): SqliteModule {
  const saved = Object.getOwnPropertyDescriptor(process, 'emitWarning');
  const forward = process.emitWarning.bind(process) as (...args: unknown[]) => void;
  Object.defineProperty(process, 'emitWarning', {
    configurable: true,
    writable: true,
    value: (...args: unknown[]) => {
      if (!isSqliteExperimentalWarning(args[0], args[1])) forward(...args);
    },
  });
  try {
    return process.getBuiltinModule('node:sqlite');
  } finally {
    if (saved) Object.defineProperty(process, 'emitWarning', saved);
  }
}

function isSqliteExperimentalWarning(warning: unknown, typeOrOptions: unknown): boolean {
  const type =
    warning instanceof Error
      ? warning.name
      : typeof typeOrOptions === 'string'
        ? typeOrOptions
        : (typeOrOptions as { type?: unknown } | undefined)?.type;
  const message = warning instanceof Error ? warning.message : String(warning);
  return type === 'ExperimentalWarning' && SQLITE_WARNING.test(message);
}

let sqlite: SqliteModule | undefined;

const toRunResult = (r: NodeSqlite.StatementResultingChanges): RunResult => ({
  changes: Number(r.changes),
  lastInsertRowid: Number(r.lastInsertRowid),
});

/**
 * better-sqlite3 took named parameters as one object argument; node:sqlite takes it the same way
 * but as a separate first parameter, so the call has to be split in two.
 */
function split(params: unknown[]): [NamedBindings | undefined, Bindable[]] {
  const [first, ...rest] = params;
  const named =
    first !== null &&
    typeof first === 'object' &&
    !ArrayBuffer.isView(first) &&
    Object.getPrototypeOf(first) !== null
      ? (first as NamedBindings)
      : undefined;
  return named ? [named, rest as Bindable[]] : [undefined, params as Bindable[]];
}

function wrap<P extends unknown[], R>(stmt: NodeSqlite.StatementSync): Statement<P, R> {
  // better-sqlite3 ignored object keys the SQL does not name; repositories rely on that when
  // they pass a whole record (e.g. the conversation capture).
  stmt.setAllowUnknownNamedParameters(true);
  return {
    run: (...params) => {
      const [named, anon] = split(params);
      return toRunResult(named ? stmt.run(named, ...anon) : stmt.run(...anon));
    },
    get: (...params) => {
      const [named, anon] = split(params);
      return (named ? stmt.get(named, ...anon) : stmt.get(...anon)) as R | undefined;
    },
    all: (...params) => {
      const [named, anon] = split(params);
      return (named ? stmt.all(named, ...anon) : stmt.all(...anon)) as R[];
    },
  };
}

export class SqliteDatabase {
  private readonly db: NodeSqlite.DatabaseSync;
  /** How many transaction functions are running; above one they nest as savepoints. */
  private depth = 0;
  private readonly cache = new Map<string, NodeSqlite.StatementSync>();
  /** Bounds the statement cache: generated SQL (IN lists) can vary without end. */
  private static readonly CACHE_MAX = 1000;

  /**
   * Opens (or creates) the file. The busy timeout is set before anything else, as
   * better-sqlite3's constructor did (5 s), so even the first pragma waits out another process
   * holding the write lock instead of failing with SQLITE_BUSY.
   */
  constructor(
    /** The database file's path, as opened; readiness checks it is still there. */
    readonly file: string,
    options: { timeoutMs?: number } = {},
  ) {
    sqlite ??= loadSqlite();
    this.db = new sqlite.DatabaseSync(file);
    this.db.exec(`PRAGMA busy_timeout = ${Math.trunc(options.timeoutMs ?? 5000)}`);
  }

  get open(): boolean {
    return this.db.isOpen;
  }

  prepare<P extends unknown[] = unknown[], R = unknown>(sql: string): Statement<P, R> {
    return wrap<P, R>(this.db.prepare(sql));
  }

  /**
   * Like `prepare`, but compiled once per SQL text and kept: for statements that run on every
   * turn, where compiling costs more than running.
   */
  prepareCached<P extends unknown[] = unknown[], R = unknown>(sql: string): Statement<P, R> {
    return wrap<P, R>(this.compiled(sql));
  }

  /** The raw node:sqlite statement for `sql`, compiled once and kept (for the Kysely driver). */
  compiled(sql: string): NodeSqlite.StatementSync {
    let stmt = this.cache.get(sql);
    if (!stmt) {
      if (this.cache.size >= SqliteDatabase.CACHE_MAX) this.cache.clear();
      stmt = this.db.prepare(sql);
      this.cache.set(sql, stmt);
    }
    return stmt;
  }

  exec(sql: string): void {
    this.db.exec(sql);
  }

  /** Runs `PRAGMA <text>`: all rows, or with `simple` the first value of the first row. */
  pragma(text: string, options: PragmaOptions = {}): unknown {
    const stmt = this.db.prepare(`PRAGMA ${text}`);
    if (!options.simple) return stmt.all();
    const row = stmt.get();
    return row ? Object.values(row)[0] : undefined;
  }

  /**
   * Wraps `fn` so that each call runs in one transaction: committed when it returns, rolled back
   * when it throws. A call inside another transaction function becomes a savepoint, so the inner
   * work can fail alone without ending the outer transaction.
   */
  transaction<A extends unknown[], T>(fn: (...args: A) => T): (...args: A) => T {
    return (...args: A): T => {
      const nested = this.depth > 0;
      const name = `tx_${this.depth}`;
      this.db.exec(nested ? `SAVEPOINT ${name}` : 'BEGIN');
      this.depth++;
      try {
        const result = fn(...args);
        // A promise would let the transaction end before its work: refuse it as better-sqlite3 did.
        if (typeof (result as { then?: unknown } | undefined)?.then === 'function')
          throw new TypeError('Transaction functions must be synchronous.');
        this.db.exec(nested ? `RELEASE ${name}` : 'COMMIT');
        return result;
      } catch (err) {
        // SQLite may already have rolled back on its own (e.g. SQLITE_FULL); then there is
        // nothing left to undo.
        if (this.db.isTransaction)
          this.db.exec(nested ? `ROLLBACK TO ${name}; RELEASE ${name}` : 'ROLLBACK');
        throw err;
      } finally {
        this.depth--;
      }
    };
  }

  close(): void {
    this.db.close();
  }
}

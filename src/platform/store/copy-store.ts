import { sql, type Kysely } from 'kysely';
import type { Store } from './store';

/** One table's outcome: rows in the source, rows this run added, rows in the target after. */
export interface TableCopy {
  table: string;
  source: number;
  copied: number;
  target: number;
}

/** Tables whose rows are opaque records for this purpose: any column, any value. */
type AnyTables = Record<string, Record<string, unknown>>;

/** PostgreSQL takes at most 65,535 bind parameters per statement; stay well under. */
const MAX_PARAMS = 30_000;

async function schemaVersion(store: Store): Promise<number> {
  if (store.kind === 'sqlite') {
    const { rows } = await sql<{ user_version: number }>`PRAGMA user_version`.execute(store.db);
    return Number(rows[0]?.user_version ?? 0);
  }
  const { rows } = await sql<{
    v: number | null;
  }>`SELECT max(version) AS v FROM schema_version`.execute(store.db);
  return Number(rows[0]?.v ?? 0);
}

const count = async (db: Kysely<AnyTables>, table: string): Promise<number> => {
  const row = await db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirst();
  return Number(row?.n ?? 0);
};

/**
 * Copies every table of `source` into `target` (the embedded store into PostgreSQL). Rows are
 * inserted with ON CONFLICT DO NOTHING, so running it again adds only what is new and never
 * overwrites what the target already changed; identity counters are moved past the copied ids.
 * Both stores must be at the same schema version (opening them with this build migrates both).
 */
export async function copyStore(
  source: Store,
  target: Store,
  onTable: (copy: TableCopy) => void = () => undefined,
): Promise<TableCopy[]> {
  const [from, to] = [await schemaVersion(source), await schemaVersion(target)];
  if (from !== to) {
    throw new Error(
      `The stores are at different schema versions (source ${from}, target ${to}); open both with the same build of the bot first.`,
    );
  }
  const src = source.db as unknown as Kysely<AnyTables>;
  const dst = target.db as unknown as Kysely<AnyTables>;
  const targetTables = new Map((await dst.introspection.getTables()).map((t) => [t.name, t]));
  const results: TableCopy[] = [];
  for (const meta of await src.introspection.getTables()) {
    const table = meta.name;
    if (!targetTables.has(table)) throw new Error(`The target has no table ${table}.`);
    const columns = meta.columns.map((c) => c.name);
    const order = (await primaryKey(source, table)) ?? columns;
    const batch = Math.max(1, Math.floor(MAX_PARAMS / Math.max(1, columns.length)));
    let copied = 0;
    for (let offset = 0; ; offset += batch) {
      const rows = await src
        .selectFrom(table)
        .selectAll()
        .orderBy(order.map((c) => sql.ref(c)))
        .limit(batch)
        .offset(offset)
        .execute();
      if (rows.length === 0) break;
      const res = await dst
        .insertInto(table)
        .values(rows.map((r) => ({ ...r })))
        .onConflict((oc) => oc.doNothing())
        .executeTakeFirst();
      copied += Number(res.numInsertedOrUpdatedRows ?? 0);
      if (rows.length < batch) break;
    }
    const generatedId = targetTables
      .get(table)
      ?.columns.some((c) => c.name === 'id' && c.isAutoIncrementing);
    if (target.kind === 'postgres' && generatedId) await advanceIdentity(dst, table);
    const copy = {
      table,
      source: await count(src, table),
      copied,
      target: await count(dst, table),
    };
    onTable(copy);
    results.push(copy);
  }
  return results;
}

/** The table's primary key columns in key order (pages are read in that order). */
async function primaryKey(store: Store, table: string): Promise<string[] | undefined> {
  const { rows } =
    store.kind === 'sqlite'
      ? await sql<{ name: string }>`
          SELECT name FROM pragma_table_info(${table}) WHERE pk > 0 ORDER BY pk`.execute(store.db)
      : await sql<{ name: string }>`
          SELECT a.attname AS name
          FROM pg_index i
          JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey)
          WHERE i.indrelid = ${table}::regclass AND i.indisprimary
          ORDER BY array_position(i.indkey, a.attnum)`.execute(store.db);
  return rows.length > 0 ? rows.map((r) => r.name) : undefined;
}

/** After explicit ids were inserted, the next generated id must come after the largest one. */
async function advanceIdentity(db: Kysely<AnyTables>, table: string): Promise<void> {
  await sql`
    SELECT setval(seq, GREATEST((SELECT coalesce(max(id), 0) FROM ${sql.table(table)}), 1))
    FROM (SELECT pg_get_serial_sequence(${table}, 'id') AS seq) s
    WHERE seq IS NOT NULL`.execute(db);
}

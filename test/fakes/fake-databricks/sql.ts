import { dbxError, ok, type FakeDatabricks, type FakeResponse } from './fake-databricks';

/** What a statement "returns": columns + rows (JSON_ARRAY cells), or a SQL error. */
export type SqlAnswer =
  | { columns: { name: string; type_name: string }[]; rows: (string | null)[][] }
  | { error: { error_code: string; message: string } };

export interface SqlFakeOptions {
  /** Answers a statement; the fake cannot run SQL, so the test decides from the text. */
  answer: (statement: string, parameters: Record<string, string | null>) => SqlAnswer;
  /** Polls a statement stays PENDING, then RUNNING, before its terminal state. */
  pendingPolls?: number;
  runningPolls?: number;
  /** Rows per chunk (the first chunk comes inline with the terminal response). */
  chunkSize?: number;
}

interface Statement {
  id: string;
  statement: string;
  parameters: Record<string, string | null>;
  answer: SqlAnswer;
  polls: number;
  rowLimit: number | undefined;
  cancelled: boolean;
}

export interface SqlFakeState {
  statements: Statement[];
}

/**
 * The SQL Statement Execution API (databricks-mlflow-api.md §6): hybrid wait, PENDING →
 * RUNNING → SUCCEEDED/FAILED/CANCELED, INLINE JSON_ARRAY results in chunks linked by
 * `next_chunk_internal_link`. A failed statement is HTTP 200 with state FAILED.
 */
export function installSql(fake: FakeDatabricks, options: SqlFakeOptions): SqlFakeState {
  const state: SqlFakeState = { statements: [] };
  const pending = options.pendingPolls ?? 0;
  const running = options.runningPolls ?? 0;
  const chunkSize = options.chunkSize ?? 1000;

  const rowsOf = (s: Statement) => {
    if ('error' in s.answer) return [];
    return s.rowLimit === undefined ? s.answer.rows : s.answer.rows.slice(0, s.rowLimit);
  };
  const chunk = (s: Statement, index: number) => {
    const rows = rowsOf(s);
    const start = index * chunkSize;
    const more = start + chunkSize < rows.length;
    return {
      chunk_index: index,
      row_offset: start,
      row_count: Math.min(chunkSize, rows.length - start),
      data_array: rows.slice(start, start + chunkSize),
      ...(more
        ? {
            next_chunk_index: index + 1,
            next_chunk_internal_link: `/api/2.0/sql/statements/${s.id}/result/chunks/${index + 1}?row_offset=${start + chunkSize}`,
          }
        : {}),
    };
  };
  const respond = (s: Statement): FakeResponse => {
    if (s.cancelled) return ok({ statement_id: s.id, status: { state: 'CANCELED' } });
    if (s.polls < pending) return ok({ statement_id: s.id, status: { state: 'PENDING' } });
    if (s.polls < pending + running)
      return ok({ statement_id: s.id, status: { state: 'RUNNING' } });
    if ('error' in s.answer) {
      return ok({
        statement_id: s.id,
        status: { state: 'FAILED', error: s.answer.error, sql_state: '42000' },
      });
    }
    const rows = rowsOf(s);
    return ok({
      statement_id: s.id,
      status: { state: 'SUCCEEDED' },
      manifest: {
        format: 'JSON_ARRAY',
        schema: {
          column_count: s.answer.columns.length,
          columns: s.answer.columns.map((c, position) => ({
            ...c,
            position,
            type_text: c.type_name,
          })),
        },
        total_chunk_count: Math.max(1, Math.ceil(rows.length / chunkSize)),
        total_row_count: rows.length,
        truncated: s.rowLimit !== undefined && s.answer.rows.length > s.rowLimit,
      },
      result: chunk(s, 0),
    });
  };
  const find = (id: string | undefined) => state.statements.find((s) => s.id === id);

  fake.route('POST', /^\/api\/2\.0\/sql\/statements\/?$/, (req) => {
    const b = req.body;
    if (typeof b.warehouse_id !== 'string' || typeof b.statement !== 'string') {
      return dbxError(400, 'INVALID_PARAMETER_VALUE', 'warehouse_id and statement are required');
    }
    if (
      b.on_wait_timeout !== undefined &&
      (typeof b.on_wait_timeout !== 'string' || !['CONTINUE', 'CANCEL'].includes(b.on_wait_timeout))
    ) {
      return dbxError(400, 'INVALID_PARAMETER_VALUE', 'on_wait_timeout must be CONTINUE or CANCEL');
    }
    const params: Record<string, string | null> = {};
    for (const p of (b.parameters ?? []) as { name: string; value?: string }[]) {
      params[p.name] = p.value ?? null;
    }
    const s: Statement = {
      id: `stmt-${state.statements.length + 1}`,
      statement: b.statement,
      parameters: params,
      answer: options.answer(b.statement, params),
      polls: 0,
      rowLimit: typeof b.row_limit === 'number' ? b.row_limit : undefined,
      cancelled: false,
    };
    state.statements.push(s);
    return respond(s);
  });
  fake.route('GET', /^\/api\/2\.0\/sql\/statements\/([^/]+)$/, (req) => {
    const s = find(req.params[0]);
    if (!s) return dbxError(404, 'RESOURCE_DOES_NOT_EXIST', 'No such statement');
    s.polls++;
    return respond(s);
  });
  fake.route('GET', /^\/api\/2\.0\/sql\/statements\/([^/]+)\/result\/chunks\/(\d+)$/, (req) => {
    const s = find(req.params[0]);
    if (!s) return dbxError(404, 'RESOURCE_DOES_NOT_EXIST', 'No such statement');
    return ok(chunk(s, Number(req.params[1])));
  });
  fake.route('POST', /^\/api\/2\.0\/sql\/statements\/([^/]+)\/cancel$/, (req) => {
    const s = find(req.params[0]);
    if (s) s.cancelled = true;
    return ok({});
  });
  return state;
}

import { ServiceError } from '../errors';
import type { HttpClient } from '../http/http-client';

/** A named parameter (`:name` in the statement); values travel as strings. */
export interface SqlParameter {
  name: string;
  value: string | null;
  type?: 'STRING' | 'INT' | 'BIGINT' | 'DOUBLE' | 'BOOLEAN' | 'DATE' | 'TIMESTAMP';
}

export interface SqlQuery {
  warehouseId: string;
  statement: string;
  parameters?: readonly SqlParameter[];
  /** Stop reading after this many rows (the result is then marked truncated). */
  maxRows?: number;
}

export interface SqlResult {
  columns: { name: string; typeName: string }[];
  /** JSON_ARRAY cells: strings or null, to be converted by column type. */
  rows: (string | null)[][];
  truncated: boolean;
}

/** Runs SQL on a Databricks SQL warehouse; the drift monitor's way into inference tables. */
export interface SqlStatements {
  execute(query: SqlQuery): Promise<SqlResult>;
}

export interface HttpSqlStatementsOptions {
  pollIntervalMs?: number;
  /** Give up (and cancel the statement) after this long. */
  timeoutMs?: number;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

type State = 'PENDING' | 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'CANCELED' | 'CLOSED';

interface ResultData {
  data_array?: (string | null)[][];
  next_chunk_internal_link?: string;
}

interface StatementResponse {
  statement_id: string;
  status: { state: State; error?: { error_code?: string; message?: string } };
  manifest?: {
    schema?: { columns?: { name: string; type_name: string }[] };
    truncated?: boolean;
  };
  result?: ResultData;
}

const SERVICE = 'Databricks SQL';
const PATH = '/api/2.0/sql/statements';

/**
 * The SQL Statement Execution API (databricks-mlflow-api.md §6) in its hybrid mode: wait up to
 * 10 s inline, then poll until a terminal state; follow `next_chunk_internal_link` for the rest.
 * A failed statement is HTTP 200 with state FAILED, so the state is checked, not the status.
 */
export class HttpSqlStatements implements SqlStatements {
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly now: () => number;

  constructor(
    private readonly http: HttpClient,
    private readonly options: HttpSqlStatementsOptions = {},
  ) {
    this.sleep = options.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
    this.now = options.now ?? Date.now;
  }

  async execute(query: SqlQuery): Promise<SqlResult> {
    const deadline = this.now() + (this.options.timeoutMs ?? 300_000);
    let res = await this.http.post<StatementResponse>(
      PATH,
      {
        warehouse_id: query.warehouseId,
        statement: query.statement,
        parameters: query.parameters ?? [],
        wait_timeout: '10s',
        on_wait_timeout: 'CONTINUE',
        disposition: 'INLINE',
        format: 'JSON_ARRAY',
        ...(query.maxRows !== undefined ? { row_limit: query.maxRows + 1 } : {}),
      },
      { idempotent: true },
    ); // the bot runs read-only queries; a repeat reads again
    while (res.status.state === 'PENDING' || res.status.state === 'RUNNING') {
      if (this.now() >= deadline) {
        await this.http.post(
          `${PATH}/${encodeURIComponent(res.statement_id)}/cancel`,
          {},
          {
            idempotent: true,
          },
        );
        throw new ServiceError(SERVICE, 'timeout', 'The SQL statement did not finish in time.');
      }
      await this.sleep(this.options.pollIntervalMs ?? 2_000);
      res = await this.http.get<StatementResponse>(
        `${PATH}/${encodeURIComponent(res.statement_id)}`,
      );
    }
    if (res.status.state !== 'SUCCEEDED') {
      const e = res.status.error;
      throw new ServiceError(
        SERVICE,
        res.status.state === 'FAILED' ? 'bad-request' : 'conflict',
        res.status.state === 'FAILED'
          ? `the statement failed${e?.message ? `: ${e.message.slice(0, 300)}` : ''}`
          : `the statement was ${res.status.state.toLowerCase()}`,
        e?.error_code ? { code: e.error_code } : {},
      );
    }
    return this.collect(res, query.maxRows ?? Number.POSITIVE_INFINITY);
  }

  private async collect(res: StatementResponse, maxRows: number): Promise<SqlResult> {
    const columns = (res.manifest?.schema?.columns ?? []).map((c) => ({
      name: c.name,
      typeName: c.type_name,
    }));
    const rows: (string | null)[][] = [];
    let truncated = res.manifest?.truncated === true;
    let chunk: ResultData | undefined = res.result;
    while (chunk) {
      for (const row of chunk.data_array ?? []) {
        if (rows.length >= maxRows) {
          truncated = true;
          break;
        }
        rows.push(row);
      }
      const next = chunk.next_chunk_internal_link;
      if (!next || rows.length >= maxRows) {
        if (next) truncated = true;
        break;
      }
      chunk = await this.http.get<ResultData>(next);
    }
    return { columns, rows, truncated };
  }
}

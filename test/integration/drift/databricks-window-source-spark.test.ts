import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { userErrorText } from '../../../src/bot/user-error-text';
import { computeDriftReport } from '../../../src/drift/compute-drift-report';
import {
  featureColumns,
  INFERENCE_FEATURES,
  type FeatureName,
  type FeatureWindow,
} from '../../../src/drift/inference-features';
import type { TimeRange } from '../../../src/drift/drift-windows';
import { DatabricksAuth } from '../../../src/services/databricks/databricks-auth';
import { createDatabricksHttp } from '../../../src/services/databricks/databricks-client';
import { HttpSqlStatements } from '../../../src/services/databricks/sql-statements';
import {
  DatabricksWindowSource,
  FEATURE_SQL,
} from '../../../src/workflows/drift-monitor/databricks-window-source';
import { driftRig, HOUR } from '../../support/drift-rig';
import { inferenceTableStatement } from '../../support/inference-table';
import {
  SPARK_SETUP_TIMEOUT_MS,
  startSparkSqlShim,
  type SparkSqlShim,
} from '../../support/spark-sql-shim';

// The bot's own window source and SQL client against real Spark SQL (the Statement Execution
// API shim): the statements it sends must run unchanged on Databricks SQL.

const MINUTE = 60_000;
/** At 00:30 UTC the current hour [23:30, 00:30) spans two request_date partitions. */
const T0 = Date.parse('2026-12-01T00:30:00Z');
const SCHEMA = 'spark_catalog.ml';
const TABLE = `${SCHEMA}.chat_endpoint_payload`;
const FEATURES: FeatureName[] = [
  'latency_ms',
  'completion_tokens',
  'prompt_tokens',
  'status',
  'finish_reason',
];
const WAREHOUSE = 'wh-spark';

let shim: SparkSqlShim | undefined;
let sql: HttpSqlStatements;
const run = (statement: string, parameters: TimeRange | undefined = undefined) =>
  sql.execute({
    warehouseId: WAREHOUSE,
    statement,
    parameters: parameters && [
      { name: 'from_ts', value: new Date(parameters.from).toISOString(), type: 'TIMESTAMP' },
      { name: 'to_ts', value: new Date(parameters.to).toISOString(), type: 'TIMESTAMP' },
    ],
  });

beforeAll(async () => {
  shim = await startSparkSqlShim({ chunkRows: 100_000 });
  const http = createDatabricksHttp({
    host: shim.url,
    auth: new DatabricksAuth({ host: shim.url, token: shim.token }),
  });
  sql = new HttpSqlStatements(http, { pollIntervalMs: 100, timeoutMs: 600_000 });
  await run(`CREATE DATABASE ${SCHEMA}`);
  // 1,000,000 requests over 144 minutes; the shift starts with the current window.
  await run(
    inferenceTableStatement({
      table: TABLE,
      rows: 1_000_000,
      from: T0 - 2 * HOUR - 12 * MINUTE,
      to: T0 + 12 * MINUTE,
      shiftAt: T0 - HOUR,
      seed: 13,
    }),
  );
}, SPARK_SETUP_TIMEOUT_MS);

afterAll(async () => {
  await shim?.stop();
});

/** A drift check at `at` through the bot's monitor, window source and SQL client. */
async function summarize(
  target: string,
  at: number,
  features: FeatureName[] = FEATURES,
  maxDistinct = 20_000,
) {
  const r = driftRig({
    start: T0,
    // Counted whole in SQL; binned only past `maxDistinct` values of a feature.
    settings: { features, maxDistinct },
    source: () =>
      new DatabricksWindowSource({
        sql,
        warehouseId: WAREHOUSE,
        tableTemplate: `${SCHEMA}.{target}_payload`,
      }),
  });
  try {
    return await r.monitor.summarize(target, at);
  } finally {
    r.close();
  }
}

const rawWindows = new Map<string, Promise<FeatureWindow>>();
/** Every row of a window, read raw (one value per request), once per file: the slow part. */
function rawWindow(range: TimeRange): Promise<FeatureWindow> {
  const key = `${range.from}/${range.to}`;
  const known = rawWindows.get(key);
  if (known) return known;
  const read = readRawWindow(range);
  rawWindows.set(key, read);
  return read;
}

async function readRawWindow(range: TimeRange): Promise<FeatureWindow> {
  const cols = FEATURES.map((f) => `${FEATURE_SQL[f]} AS ${f}`).join(', ');
  const res = await run(
    `SELECT ${cols} FROM ${TABLE} WHERE request_time >= :from_ts AND request_time < :to_ts`,
    range,
  );
  const columns: Record<string, ArrayLike<unknown>> = {};
  FEATURES.forEach((f, i) => {
    columns[f] =
      INFERENCE_FEATURES[f].type === 'numerical'
        ? Float64Array.from(res.rows, (row) => (row[i] == null ? Number.NaN : Number(row[i])))
        : res.rows.map((row) => row[i] ?? null);
  });
  return { columns, size: res.rows.length, truncated: false };
}

/** Same shape and values; numbers equal to 1e-12 relative (summation order may differ). */
function expectClose(actual: unknown, expected: unknown, where = 'report'): void {
  if (typeof expected === 'number' && typeof actual === 'number') {
    const scale = Math.max(1, Math.abs(expected));
    expect(Math.abs(actual - expected), `${where}: ${actual} vs ${expected}`).toBeLessThanOrEqual(
      1e-12 * scale,
    );
  } else if (expected !== null && typeof expected === 'object') {
    expect(Object.keys(actual as object).sort(), where).toEqual(Object.keys(expected).sort());
    for (const [k, v] of Object.entries(expected)) {
      expectClose((actual as Record<string, unknown>)[k], v, `${where}.${k}`);
    }
  } else {
    expect(actual, where).toEqual(expected);
  }
}

describe('drift from an inference table in real Spark SQL (Statement Execution API shim)', () => {
  it('reports the same drift as the raw rows of both windows, across request_date partitions', async () => {
    const summary = await summarize('chat-endpoint', T0);
    const [reference, current] = await Promise.all([
      rawWindow(summary.reference),
      rawWindow(summary.current),
    ]);
    // The windows hold ~417k rows each, and the current one spans two dates.
    expect(current.size).toBeGreaterThan(400_000);
    const dates = await run(
      `SELECT count(DISTINCT request_date) FROM ${TABLE} WHERE request_time >= :from_ts AND request_time < :to_ts`,
      summary.current,
    );
    expect(dates.rows).toEqual([['2']]);
    expect(summary.current).toMatchObject({ n: current.size, truncated: false });
    expect(summary.reference).toMatchObject({ n: reference.size, truncated: false });

    expectClose(
      summary.report,
      computeDriftReport(reference, current, featureColumns(FEATURES), {}),
    );
    const drifted = Object.fromEntries(summary.report.columns.map((c) => [c.name, c.drifted]));
    expect(drifted).toEqual({
      latency_ms: true,
      completion_tokens: true,
      prompt_tokens: false,
      status: true,
      finish_reason: true,
    });
  }, 900_000);

  it('bins a feature past the distinct-value cap in Spark SQL, as the same binning of the raw rows', async () => {
    const summary = await summarize('chat-endpoint', T0, ['latency_ms'], 100);
    const latency = summary.report.columns[0]!;
    const w = latency.bin_width ?? 0;
    expect(w).toBeGreaterThan(1);
    expect(latency.binning).toBe(`binned to ${w} ms`);
    const [reference, current] = await Promise.all([
      rawWindow(summary.reference),
      rawWindow(summary.current),
    ]);
    const binned = (win: FeatureWindow) => ({
      columns: {
        latency_ms: Float64Array.from(
          win.columns.latency_ms as Float64Array,
          (v) => Math.floor(v / w) * w,
        ),
      },
    });
    const expected = computeDriftReport(binned(reference), binned(current), {
      latency_ms: 'numerical',
    }).columns[0]!;
    expectClose(latency, { ...expected, bin_width: w, binning: latency.binning });
  }, 300_000);

  it('gives an empty window no verdict instead of failing', async () => {
    const summary = await summarize('chat-endpoint', T0 + 30 * 24 * HOUR, ['latency_ms', 'status']);
    expect(summary.current.n).toBe(0);
    expect(summary.reference.n).toBe(0);
    expect(summary.report.tested_columns).toBe(0);
    expect(summary.report.columns.every((c) => c.drifted === null)).toBe(true);
  }, 300_000);

  it('turns a failing statement into a clear error for the user, and Spark keeps serving', async () => {
    const err: unknown = await summarize('no-such-endpoint', T0, ['latency_ms']).then(
      () => undefined,
      (e: unknown) => e,
    );
    const text = userErrorText(err, 'ref-1');
    expect(text).toMatch(/^Databricks SQL rejected the request: the statement failed: /);
    expect(text).toContain('[TABLE_OR_VIEW_NOT_FOUND]');
    expect(text).toContain('no_such_endpoint_payload');
    expect(text).not.toContain('\tat '); // no JVM stack
    expect(await run('SELECT 1 AS one')).toMatchObject({ rows: [['1']] });
  }, 300_000);
  it('speaks the Statement Execution API: auth, typed parameters, async polling, row_limit, links', async () => {
    const url = `${shim?.url}/api/2.0/sql/statements`;
    const headers = { Authorization: `Bearer ${shim?.token}`, 'Content-Type': 'application/json' };
    const post = async (body: object, h: Record<string, string> = headers) =>
      await fetch(url, { method: 'POST', headers: h, body: JSON.stringify(body) });
    type Answer = {
      statement_id: string;
      status: { state: string };
      manifest?: { truncated: boolean };
      result?: {
        data_array?: (string | null)[][];
        external_links?: { external_link: string }[];
      };
    };
    const settle = async (res: Response): Promise<Answer> => {
      let a = (await res.json()) as Answer;
      while (a.status.state === 'PENDING' || a.status.state === 'RUNNING') {
        await new Promise((r) => setTimeout(r, 100));
        a = (await (await fetch(`${url}/${a.statement_id}`, { headers })).json()) as Answer;
      }
      return a;
    };

    expect((await post({ warehouse_id: 'w', statement: 'SELECT 1' }, {})).status).toBe(401);
    const typed = await settle(
      await post({
        warehouse_id: 'w',
        statement: 'SELECT :n + 1 AS n, date_add(:d, 1) AS d, :s AS s, NOT :b AS b, :missing AS m',
        parameters: [
          { name: 'n', value: '41', type: 'INT' },
          { name: 'd', value: '2026-11-30', type: 'DATE' },
          { name: 's', value: "it's" },
          { name: 'b', value: 'false', type: 'BOOLEAN' },
          { name: 'missing', type: 'STRING' },
        ],
      }),
    );
    expect(typed.result?.data_array).toEqual([['42', '2026-12-01', "it's", 'true', null]]);

    // wait_timeout 0s: the answer comes back before Spark is done, and GET polls it.
    const first = await post({
      warehouse_id: 'w',
      statement: 'SELECT id FROM range(5) ORDER BY id',
      wait_timeout: '0s',
      row_limit: 2,
    });
    const limited = await settle(first);
    expect(limited.manifest?.truncated).toBe(true);
    expect(limited.result?.data_array).toEqual([['0'], ['1']]);

    // EXTERNAL_LINKS: a pre-signed-style link, fetched without the bearer token.
    const linked = await settle(
      await post({ warehouse_id: 'w', statement: 'SELECT 7 AS x', disposition: 'EXTERNAL_LINKS' }),
    );
    const link = linked.result?.external_links?.[0]?.external_link ?? '';
    expect(await (await fetch(link)).json()).toEqual([['7']]);
  }, 300_000);
});

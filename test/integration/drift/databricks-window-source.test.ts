import { afterEach, describe, expect, it } from 'vitest';
import { DatabricksAuth } from '../../../src/services/databricks/databricks-auth';
import { createDatabricksHttp } from '../../../src/services/databricks/databricks-client';
import { HttpSqlStatements } from '../../../src/services/databricks/sql-statements';
import {
  DatabricksWindowSource,
  tableName,
} from '../../../src/workflows/drift-monitor/databricks-window-source';
import { buildDriftReportCard } from '../../../src/cards/drift-report-card';
import { computeDriftReport } from '../../../src/drift/compute-drift-report';
import { DriftInputError } from '../../../src/drift/drift-input-error';
import { FakeDatabricks } from '../../fakes/fake-databricks/fake-databricks';
import { installSql, type SqlAnswer } from '../../fakes/fake-databricks/sql';
import { driftRig, HOUR, rng, type DriftRig } from '../../support/drift-rig';

const T0 = Date.parse('2026-11-30T12:00:00Z');
const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

/** The raw values of one window (what the table holds), seeded so every run sees the same. */
function rawWindow(current: boolean): {
  latency_ms: number[];
  completion_tokens: (number | null)[];
} {
  const r = rng(current ? 2 : 1);
  const same = rng(5); // completion tokens: identical in both windows → no drift
  const latency_ms: number[] = [];
  const completion_tokens: (number | null)[] = [];
  for (let i = 0; i < 1_000; i++) {
    latency_ms.push(Math.round((current ? 900 : 400) * (0.8 + r() * 0.4)));
    completion_tokens.push(same() < 0.02 ? null : Math.round(100 * (0.8 + same() * 0.4)));
  }
  return { latency_ms, completion_tokens };
}

/**
 * What the warehouse computes for the grouped statement: (feature, value, n, bin_width), a
 * feature binned at 10^ceil(log10(distinct / :max_distinct)) past the cap, as its SQL says.
 */
function groupedAnswer(current: boolean, maxDistinct: number): (string | null)[][] {
  const rows: (string | null)[][] = [];
  for (const [feature, values] of Object.entries(rawWindow(current))) {
    const distinct = new Set(values.filter((v) => v !== null)).size;
    const width = distinct > maxDistinct ? 10 ** Math.ceil(Math.log10(distinct / maxDistinct)) : 0;
    const counts = new Map<number | null, number>();
    for (const v of values) {
      const key = v === null || width === 0 ? v : Math.floor(v / width) * width;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    for (const [v, n] of counts) {
      rows.push([
        feature,
        v === null ? null : `${v}.0`,
        String(n),
        width === 0 ? '0.0' : `${width}.0`,
      ]);
    }
  }
  return rows;
}

/** What the warehouse would compute for one window: counts per value, never raw rows. */
function answer(statement: string, params: Record<string, string | null>): SqlAnswer {
  const current = params.from_ts === new Date(T0 - HOUR).toISOString();
  if (statement.startsWith('WITH v AS')) {
    return {
      columns: [
        { name: 'feature', type_name: 'STRING' },
        { name: 'value', type_name: 'DOUBLE' },
        { name: 'n', type_name: 'BIGINT' },
        { name: 'bin_width', type_name: 'DOUBLE' },
      ],
      rows: groupedAnswer(current, Number(params.max_distinct)),
    };
  }
  return {
    columns: [
      { name: 'feature', type_name: 'STRING' },
      { name: 'value', type_name: 'STRING' },
      { name: 'n', type_name: 'BIGINT' },
    ],
    rows: current
      ? [
          ['status', 'ok', '600'],
          ['status', 'error', '400'],
        ]
      : [
          ['status', 'ok', '990'],
          ['status', 'error', '10'],
        ],
  };
}

async function setup(
  maxDistinct = 20_000,
): Promise<{ r: DriftRig; fake: FakeDatabricks; statements: string[] }> {
  const fake = new FakeDatabricks();
  const state = installSql(fake, { answer, pendingPolls: 1, runningPolls: 1, chunkSize: 300 });
  await fake.start();
  cleanup.push(() => fake.stop());
  const http = createDatabricksHttp({
    host: fake.url,
    auth: new DatabricksAuth({ host: fake.url, token: 'dapi-test-token' }),
  });
  const sql = new HttpSqlStatements(http, { pollIntervalMs: 1 });
  const r = driftRig({
    start: T0,
    settings: { features: ['latency_ms', 'completion_tokens', 'status'], maxDistinct },
    source: () =>
      new DatabricksWindowSource({
        sql,
        warehouseId: 'wh-42',
        tableTemplate: 'main.ml.{target}_payload',
      }),
  });
  cleanup.push(() => r.close());
  return { r, fake, statements: state.statements.map((s) => s.statement) };
}

describe('drift from a Databricks inference table (SQL Statement Execution fake)', () => {
  it('counts the whole window in SQL (no row cap, no ORDER BY … LIMIT) and reports drift exactly', async () => {
    const { r, fake } = await setup();
    const summary = await r.monitor.summarize('chat-endpoint', T0);
    const byName = Object.fromEntries(summary.report.columns.map((c) => [c.name, c]));
    expect(byName.latency_ms).toMatchObject({ test: 'ks', drifted: true, n_reference: 1_000 });
    expect(byName.latency_ms).not.toHaveProperty('binning');
    expect(byName.completion_tokens).toMatchObject({ drifted: false, n_current: 986 });
    expect(byName.status).toMatchObject({ test: 'z', drifted: true, n_reference: 1_000 });
    expect(summary.current).toMatchObject({ n: 1_000, truncated: false });
    expect(summary.source).toBe('main.ml.{target}_payload');
    // The same verdicts and scores as the raw rows would give: the counts are the window.
    const raw = (current: boolean) => ({ columns: rawWindow(current) });
    const direct = computeDriftReport(raw(false), raw(true), {
      latency_ms: 'numerical',
      completion_tokens: 'numerical',
    });
    expect(byName.latency_ms?.score).toBe(direct.columns[0]?.score);
    expect(byName.completion_tokens?.score).toBe(direct.columns[1]?.score);
    expect(direct.columns[1]?.n_current).toBe(986); // 14 unknown values dropped on both paths

    const posts = fake.requests.filter(
      (q) => q.method === 'POST' && q.path === '/api/2.0/sql/statements',
    );
    expect(posts).toHaveLength(4);
    const numerical = posts.find((q) => String(q.body.statement).startsWith('WITH v AS'));
    const text = String(numerical?.body.statement);
    expect(text).toContain('FROM `main`.`ml`.`chat_endpoint_payload`');
    expect(text).toContain("get_json_object(response, '$.usage.completion_tokens')");
    expect(text).toContain('GROUP BY feature, value');
    expect(text).not.toMatch(/LIMIT|ORDER BY/);
    expect(numerical?.body.row_limit).toBeUndefined();
    expect(numerical?.body.parameters).toEqual([
      { name: 'from_ts', value: new Date(T0 - 2 * HOUR).toISOString(), type: 'TIMESTAMP' },
      { name: 'to_ts', value: new Date(T0 - HOUR).toISOString(), type: 'TIMESTAMP' },
      { name: 'max_distinct', value: '20000', type: 'INT' },
    ]);
    // Chunks were followed (a few hundred groups in chunks of 300 rows).
    expect(fake.requests.some((q) => q.path.endsWith('/result/chunks/1'))).toBe(true);
  });

  it('bins a feature past the distinct-value cap and says so on the card', async () => {
    const { r } = await setup(50);
    const summary = await r.monitor.summarize('chat-endpoint', T0);
    const latency = summary.report.columns.find((c) => c.name === 'latency_ms');
    expect(latency).toMatchObject({ bin_width: 10, binning: 'binned to 10 ms', drifted: true });
    expect(latency?.n_reference).toBe(1_000);
    const tokens = summary.report.columns.find((c) => c.name === 'completion_tokens');
    expect(tokens).not.toHaveProperty('binning');
    const shown = JSON.stringify(buildDriftReportCard(summary));
    expect(shown).toContain('Latency (ms) binned to 10 ms');
    expect(JSON.stringify(buildDriftReportCard(summary, 'fr'))).toContain(
      'Latence (ms) comptée par intervalles de 10 ms',
    );
  });

  it('refuses a table name that could inject SQL', () => {
    expect(() => tableName('main.ml.x; DROP TABLE y', 't')).toThrow(DriftInputError);
    expect(tableName('main.ml.{target}_payload', 'gpt-4o')).toBe('`main`.`ml`.`gpt_4o_payload`');
  });

  it('surfaces a FAILED statement as a typed error with the SQL message', async () => {
    const fake = new FakeDatabricks();
    installSql(fake, {
      answer: () => ({
        error: { error_code: 'BAD_REQUEST', message: '[TABLE_OR_VIEW_NOT_FOUND] x' },
      }),
    });
    await fake.start();
    cleanup.push(() => fake.stop());
    const http = createDatabricksHttp({
      host: fake.url,
      auth: new DatabricksAuth({ host: fake.url, token: 'dapi-test-token' }),
    });
    const source = new DatabricksWindowSource({
      sql: new HttpSqlStatements(http),
      warehouseId: 'wh',
      tableTemplate: 'main.ml.t',
    });
    await expect(source.load('t', { from: 0, to: 1 }, ['latency_ms'], 10)).rejects.toThrow(
      /TABLE_OR_VIEW_NOT_FOUND/,
    );
  });
});

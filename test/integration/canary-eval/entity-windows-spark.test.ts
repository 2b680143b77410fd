import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DatabricksAuth } from '../../../src/services/databricks/databricks-auth';
import { createDatabricksHttp } from '../../../src/services/databricks/databricks-client';
import { HttpSqlStatements } from '../../../src/services/databricks/sql-statements';
import { DatabricksWindowSource } from '../../../src/workflows/drift-monitor/databricks-window-source';
import { canaryVerdict, CANARY_CRITERIA } from '../../../src/workflows/canary-eval/canary-verdict';
import { compareEntities } from '../../../src/workflows/canary-eval/entity-comparison';
import { loadEntityWindows } from '../../../src/workflows/canary-eval/entity-windows';
import { inferenceTableStatement, servedEntitiesStatement } from '../../support/inference-table';
import {
  SPARK_SETUP_TIMEOUT_MS,
  startSparkSqlShim,
  type SparkSqlShim,
} from '../../support/spark-sql-shim';

// A canary's two served entities read from one inference table in real Spark SQL, through the
// bot's SQL client: rows are told apart by served_entity_id, mapped from the entity names by a
// served_entities table, and compared with the drift engine.

const HOUR = 3_600_000;
const T0 = Date.parse('2026-12-01T12:00:00Z');
const SCHEMA = 'spark_catalog.ml';
const ENTITIES = `${SCHEMA}.served_entities`;
const WAREHOUSE = 'wh-spark';
const ROWS = 40_000;

let shim: SparkSqlShim | undefined;
let source: DatabricksWindowSource;

beforeAll(async () => {
  shim = await startSparkSqlShim({ chunkRows: 100_000 });
  const http = createDatabricksHttp({
    host: shim.url,
    auth: new DatabricksAuth({ host: shim.url, token: shim.token }),
  });
  const sql = new HttpSqlStatements(http, { pollIntervalMs: 100, timeoutMs: 300_000 });
  const run = (statement: string) => sql.execute({ warehouseId: WAREHOUSE, statement });
  source = new DatabricksWindowSource({
    sql,
    warehouseId: WAREHOUSE,
    tableTemplate: `${SCHEMA}.{target}_payload`,
  });
  await run(`CREATE DATABASE ${SCHEMA}`);
  // Two endpoints at 10 %: one candidate as good as the current entity, one regressing. The
  // regressing one also has an older id from a previous config (both ids are its rows).
  await run(
    servedEntitiesStatement(ENTITIES, 'good-chat', [
      { id: 'se-g1', name: 'gpt4o-v1' },
      { id: 'se-g2', name: 'gpt4o-v2' },
    ]),
  );
  await run(
    `INSERT INTO ${ENTITIES} VALUES ('se-b1', 'bad-chat', 'gpt4o-v1'), ('se-b2', 'bad-chat', 'gpt4o-v2'), ('se-b0', 'bad-chat', 'gpt4o-v1')`,
  );
  for (const [endpoint, prefix, regresses] of [
    ['good_chat', 'g', false],
    ['bad_chat', 'b', true],
  ] as const) {
    await run(
      inferenceTableStatement({
        table: `${SCHEMA}.${endpoint}_payload`,
        rows: ROWS,
        from: T0 - HOUR,
        to: T0,
        shiftAt: T0 + HOUR, // no time shift: only the candidate may differ
        seed: 7,
        entities: {
          current: `se-${prefix}1`,
          candidate: `se-${prefix}2`,
          candidatePercent: 10,
          candidateRegresses: regresses,
        },
      }),
    );
  }
}, SPARK_SETUP_TIMEOUT_MS);

afterAll(async () => {
  await shim?.stop();
});

const POLICY = {
  criteria: CANARY_CRITERIA,
  passRateTolerance: 0.05,
  latencyTolerance: 0.1,
  errorRateTolerance: 0.01,
  filterRateTolerance: 0.01,
};

const evaluate = async (endpoint: string) => {
  const windows = await loadEntityWindows(source, {
    endpoint,
    current: 'gpt4o-v1',
    candidate: 'gpt4o-v2',
    range: { from: T0 - HOUR, to: T0 },
    entitiesTable: ENTITIES,
    maxDistinct: 20_000,
  });
  const comparison = compareEntities(windows.current, windows.candidate, [
    'completion_tokens',
    'total_tokens',
  ]);
  return {
    windows,
    comparison,
    verdict: canaryVerdict({ passRate: { current: 1, candidate: 1 }, comparison }, POLICY),
  };
};

describe('canary entities from an inference table in real Spark SQL', () => {
  it('splits the rows by entity and promotes a candidate as good as the current one', async () => {
    const { windows, comparison, verdict } = await evaluate('good-chat');
    expect(windows.current.size + windows.candidate.size).toBe(ROWS);
    expect(windows.candidate.size / ROWS).toBeGreaterThan(0.08);
    expect(windows.candidate.size / ROWS).toBeLessThan(0.12);
    const { current, candidate } = comparison;
    expect(candidate.errorRate!).toBeLessThan(current.errorRate! + 0.01);
    expect(Math.abs(candidate.p95LatencyMs! - current.p95LatencyMs!)).toBeLessThan(
      current.p95LatencyMs! * 0.1,
    );
    expect(comparison.drift.drifted_columns).toBe(0);
    expect(verdict.decision).toBe('promote');
  }, 300_000);

  it('rolls back a regressing candidate, naming latency, errors and token drift', async () => {
    const { comparison, verdict } = await evaluate('bad-chat');
    expect(comparison.candidate.errorRate!).toBeGreaterThan(comparison.current.errorRate! + 0.02);
    expect(verdict.decision).toBe('rollback');
    const failed = verdict.criteria.filter((c) => c.met === false).map((c) => c.criterion);
    expect(failed).toEqual(['latency', 'errors', 'token_drift']);
    expect(verdict.criteria.find((c) => c.criterion === 'token_drift')?.drifted).toContain(
      'completion_tokens',
    );
  }, 300_000);
});

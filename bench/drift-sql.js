#!/usr/bin/env node
// Drift-over-SQL benchmark: a 10,000,000-row AI Gateway inference table in a local Spark (the
// Statement Execution API shim the tests use, test/support/spark-sql-shim.js), and one
// whole-window drift report through the bot's own DatabricksWindowSource + HttpSqlStatements.
// Prints the report time, the rows the two windows hold (what Spark scans) and the bytes the
// bot received. Goal: bytes grow with distinct values, not with rows.
// Run after a build:  npm run build && node bench/drift-sql.js   (first run installs PySpark into .cache)
'use strict';

const path = require('node:path');
const { startSparkSqlShim } = require('../test/support/spark-sql-shim.js');
const { inferenceTableStatement } = require('../test/support/inference-table.js');

const DIST = path.join(__dirname, '..', 'dist', 'src');
let load;
try {
  load = (p) => require(path.join(DIST, p));
  load('drift/index.js');
} catch {
  console.error(`bench/drift-sql.js: ${DIST} is missing; run \`npm run build\` first.`);
  process.exit(1);
}
const { HttpClient } = load('services/http/http-client.js');
const { HttpSqlStatements } = load('services/databricks/sql-statements.js');
const { DatabricksWindowSource } = load('workflows/drift-monitor/databricks-window-source.js');
const { computeDriftReport } = load('drift/index.js');
const { INFERENCE_FEATURES, featureColumns } = load('drift/inference-features.js');
const { driftWindows } = load('drift/drift-windows.js');

const ROWS = Number(process.env.BENCH_ROWS ?? 10_000_000);
const HOUR = 3_600_000;
const MINUTE = 60_000;
const T0 = Date.parse('2026-12-01T00:30:00Z');
const SCHEMA = 'spark_catalog.ml';
const FEATURES = Object.keys(INFERENCE_FEATURES);
// DRIFT_MAX_DISTINCT's default: above it a numerical feature is binned in SQL.
const MAX_DISTINCT = 20_000;

/**
 * The bot's HTTP client, with a fetch that counts the response bytes it hands over: status
 * polls (PENDING/RUNNING, a function of the query's duration) apart from the answers.
 */
function countingClient(shim, counter) {
  const fetchAndCount = async (url, init) => {
    const res = await fetch(url, init);
    const body = await res.arrayBuffer();
    let json = {};
    try {
      json = JSON.parse(Buffer.from(body).toString('utf8'));
    } catch {
      // not JSON: counted as an answer
    }
    const state = json.status?.state;
    counter.resultRows += (json.result?.data_array ?? json.data_array ?? []).length;
    if (state === 'PENDING' || state === 'RUNNING') counter.pollBytes += body.byteLength;
    else counter.bytes += body.byteLength;
    counter.responses += 1;
    return new globalThis.Response(body, {
      status: res.status,
      statusText: res.statusText,
      headers: res.headers,
    });
  };
  return new HttpClient({
    service: 'Databricks',
    baseUrl: shim.url,
    auth: () => ({ Authorization: `Bearer ${shim.token}` }),
    timeoutMs: 600_000,
    fetch: fetchAndCount,
  });
}

async function main() {
  const shim = await startSparkSqlShim({ driverMemory: '2g', log: true });
  try {
    const counter = { bytes: 0, pollBytes: 0, responses: 0, resultRows: 0 };
    // The bot's own poll interval (2 s), so the poll traffic is what production would see.
    const sql = new HttpSqlStatements(countingClient(shim, counter), { timeoutMs: 3_600_000 });
    const run = (statement, parameters) =>
      sql.execute({ warehouseId: 'bench', statement, parameters });

    let t = performance.now();
    await run(`CREATE DATABASE ${SCHEMA}`);
    await run(
      inferenceTableStatement({
        table: `${SCHEMA}.chat_endpoint_payload`,
        rows: ROWS,
        from: T0 - 2 * HOUR - 12 * MINUTE,
        to: T0 + 12 * MINUTE,
        shiftAt: T0 - HOUR,
        seed: 13,
      }),
    );
    console.log(
      `generated ${ROWS.toLocaleString('en')} rows in Spark: ${((performance.now() - t) / 1000).toFixed(1)} s`,
    );

    const windows = driftWindows(T0, 1, { kind: 'previous' });
    const counts = [];
    for (const w of [windows.reference, windows.current]) {
      const res = await run(
        `SELECT count(*) FROM ${SCHEMA}.chat_endpoint_payload WHERE request_time >= :from_ts AND request_time < :to_ts`,
        [
          { name: 'from_ts', value: new Date(w.from).toISOString(), type: 'TIMESTAMP' },
          { name: 'to_ts', value: new Date(w.to).toISOString(), type: 'TIMESTAMP' },
        ],
      );
      counts.push(Number(res.rows[0][0]));
    }

    const source = new DatabricksWindowSource({
      sql,
      warehouseId: 'bench',
      tableTemplate: `${SCHEMA}.{target}_payload`,
    });
    counter.bytes = 0;
    counter.pollBytes = 0;
    counter.responses = 0;
    counter.resultRows = 0;
    t = performance.now();
    const [reference, current] = await Promise.all([
      source.load('chat-endpoint', windows.reference, FEATURES, MAX_DISTINCT),
      source.load('chat-endpoint', windows.current, FEATURES, MAX_DISTINCT),
    ]);
    const report = computeDriftReport(reference, current, featureColumns(FEATURES), {});
    const seconds = (performance.now() - t) / 1000;

    console.log(`features: ${FEATURES.join(', ')}`);
    console.log(
      `rows in the two windows (scanned): ${counts.map((n) => n.toLocaleString('en')).join(' + ')}`,
    );
    console.log(
      `rows the report saw: reference ${reference.size.toLocaleString('en')}${reference.truncated ? ' (truncated)' : ''}, current ${current.size.toLocaleString('en')}${current.truncated ? ' (truncated)' : ''}`,
    );
    console.log(`whole-window drift report: ${seconds.toFixed(1)} s`);
    const scanned = counts[0] + counts[1];
    console.log(
      `result rows returned ((feature, value) counts): ${counter.resultRows.toLocaleString('en')} for ${scanned.toLocaleString('en')} rows scanned`,
    );
    console.log(
      `bytes returned to the bot: ${counter.bytes.toLocaleString('en')} in answers (${(counter.bytes / scanned).toFixed(4)} per scanned row), ${counter.pollBytes.toLocaleString('en')} in status polls; ${counter.responses} responses`,
    );
    console.log(
      `drifted: ${report.columns
        .filter((c) => c.drifted)
        .map((c) => c.name)
        .join(', ')} (${report.drifted_columns}/${report.tested_columns})`,
    );
  } finally {
    await shim.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});

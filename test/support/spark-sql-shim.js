'use strict';
// Plain CommonJS so both the tests (through spark-sql-shim.d.ts) and bench/ (plain Node) use it.
const { spawn } = require('node:child_process');
const { mkdtempSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const path = require('node:path');
const { createInterface } = require('node:readline');
const { ensureCachedVenv, VENV_INSTALL_TIMEOUT_MS } = require('./cached-venv.js');
const { ownGroup } = require('./process-group.js');

/** The PySpark release the shim runs on (Java 17: Debian's openjdk-17-jre-headless). */
const PYSPARK_VERSION = '4.3.0';
/** Spark's JVM start-up takes 10-60 s on a busy 2-core machine. */
const START_TIMEOUT_MS = 180_000;
/** Timeout for a beforeAll that may install PySpark first (a ~450 MB download). */
const SPARK_SETUP_TIMEOUT_MS = VENV_INSTALL_TIMEOUT_MS + START_TIMEOUT_MS;
const SCRIPT = path.join(__dirname, 'spark-sql-shim.py');

/**
 * Starts the SQL Statement Execution API shim (spark-sql-shim.py) over a local PySpark session
 * on a free loopback port, with a temporary warehouse directory. Spark's start-up is the cost,
 * so start one per test file (beforeAll). `stop()` ends Python and the Spark JVM (one process
 * group) and removes the warehouse.
 */
async function startSparkSqlShim(options = {}) {
  const venv = await ensureCachedVenv('spark-venv', `pyspark==${PYSPARK_VERSION}`);
  const warehouse = mkdtempSync(path.join(tmpdir(), 'spark-shim-'));
  const token = 'dapi-spark-shim';
  const python = path.join(venv, 'bin', 'python');
  // SHIM_LOG=1 in the environment turns the log on for a test run, to see where its time goes.
  const log = options.log ?? process.env.SHIM_LOG === '1';
  const child = spawn(python, [SCRIPT], {
    // Own process group: PySpark forks the JVM, and stop() must end both.
    detached: true,
    // stdin stays open: the shim exits when it closes, i.e. when this process dies.
    stdio: ['pipe', 'pipe', 'pipe'],
    env: {
      ...process.env,
      SHIM_TOKEN: token,
      SHIM_WAREHOUSE: warehouse,
      SHIM_CHUNK_ROWS: String(options.chunkRows ?? 50_000),
      SHIM_DRIVER_MEMORY: options.driverMemory ?? '1g',
      SHIM_LOG: log ? '1' : '0',
      PYSPARK_PYTHON: python,
      // Python renders TIMESTAMP cells in local time; Databricks renders UTC.
      TZ: 'UTC',
    },
  });
  let stderr = '';
  child.stderr.on('data', (chunk) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  if (log) {
    createInterface({ input: child.stderr }).on('line', (line) => {
      if (line.startsWith('[shim]')) console.error(line);
    });
  }
  const group = ownGroup(child);
  const stop = async () => {
    await group.stop();
    rmSync(warehouse, { recursive: true, force: true });
  };
  // The shim prints {"port": N} once Spark is up and the port is bound (port 0: no race).
  const lines = createInterface({ input: child.stdout });
  const port = await new Promise((resolve) => {
    const timer = setTimeout(() => resolve(undefined), START_TIMEOUT_MS);
    lines.on('line', (line) => {
      const m = /^\{"port": (\d+)\}$/.exec(line.trim());
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    });
    void group.exit.then(() => {
      clearTimeout(timer);
      resolve(undefined);
    });
  });
  if (port === undefined) {
    await stop();
    throw new Error(`the Spark SQL shim did not start:\n${stderr}`);
  }
  return { url: `http://127.0.0.1:${port}`, token, stop };
}

module.exports = { PYSPARK_VERSION, SPARK_SETUP_TIMEOUT_MS, startSparkSqlShim };

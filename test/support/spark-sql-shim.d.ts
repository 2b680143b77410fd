/** The PySpark release the shim runs on. */
export const PYSPARK_VERSION: string;
/** Timeout for a beforeAll that may install PySpark (first run) and start Spark. */
export const SPARK_SETUP_TIMEOUT_MS: number;

export interface SparkSqlShim {
  /** Workspace-like base URL, e.g. http://127.0.0.1:41234 */
  readonly url: string;
  /** The bearer token the shim accepts. */
  readonly token: string;
  stop(): Promise<void>;
}

export interface SparkSqlShimOptions {
  /** Rows per result chunk (default 50,000). */
  chunkRows?: number;
  /** Spark driver heap, e.g. "1g" (default). */
  driverMemory?: string;
  /** Print one line per statement (state, seconds in Spark, rows) on this process's stderr. */
  log?: boolean;
}

/**
 * The SQL Statement Execution API over a local PySpark session (spark-sql-shim.py), on a free
 * loopback port; one per test file, since Spark's start-up is the cost.
 */
export function startSparkSqlShim(options?: SparkSqlShimOptions): Promise<SparkSqlShim>;

import { z } from 'zod';
import { CronSchedule } from '../platform/scheduler/cron-schedule';

/**
 * Variables for watching MLflow runs (`subscribe runs`). src/config/index.ts spreads
 * `mlflowWatchEnvShape` into its schema and stays the only reader of the environment.
 */

/** Every minute: a finished run reaches the channel within a minute, at one search per experiment. */
export const DEFAULT_MLFLOW_WATCH_CRON = '* * * * *';

const validCron = (v: string): boolean => {
  try {
    new CronSchedule(v);
    return true;
  } catch {
    return false;
  }
};

/** The zod shape src/config/index.ts spreads into its environment schema. */
export const mlflowWatchEnvShape = {
  MLFLOW_WATCH_CRON: z
    .string()
    .optional()
    .transform((v) => (v === undefined || v.trim() === '' ? DEFAULT_MLFLOW_WATCH_CRON : v.trim()))
    .refine(validCron, 'must be a node-cron expression (5 fields, or 6 with seconds first)'),
};

type Parsed = {
  [K in keyof typeof mlflowWatchEnvShape]: z.output<(typeof mlflowWatchEnvShape)[K]>;
};

/** How the run watcher polls, as the composition root uses it. */
export interface MlflowWatchConfig {
  /** node-cron expression (UTC) of the one `mlflow-watch` scheduler job. */
  readonly cron: string;
}

export function mlflowWatchConfigFrom(e: Parsed): MlflowWatchConfig {
  return { cron: e.MLFLOW_WATCH_CRON };
}

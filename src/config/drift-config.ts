import { z } from 'zod';
import { optionalString as optional, positiveInt as positive } from './env-fields';
import { parseReferenceSpec } from '../drift/drift-windows';
import { FEATURE_NAMES, isFeatureName } from '../drift/inference-features';

/**
 * Variables for drift monitoring. src/config/index.ts spreads `driftEnvShape` into its
 * schema and stays the only reader of the environment; this file only parses what it is handed.
 */

const validReference = (v: string | undefined): boolean => {
  try {
    parseReferenceSpec(v);
    return true;
  } catch {
    return false;
  }
};

/**
 * Who may press Acknowledge and Snooze on a drift alert: only the subscription's owner (who ran
 * `subscribe drift`), permitted users (ADMIN_AAD_OBJECT_IDS / ADMIN_GROUP_IDS) and the owner, or
 * anyone in the channel. Start retraining always needs a permitted user.
 */
export const ALERT_ACTION_POLICIES = ['owner', 'permitted', 'anyone'] as const;
export type AlertActionPolicy = (typeof ALERT_ACTION_POLICIES)[number];
const isAlertActionPolicy = (v: string): v is AlertActionPolicy =>
  (ALERT_ACTION_POLICIES as readonly string[]).includes(v);

/** The zod shape src/config/index.ts spreads into its environment schema. */
export const driftEnvShape = {
  DRIFT_DEFAULT_TARGET: optional,
  DRIFT_WINDOW_HOURS: positive(24),
  DRIFT_REFERENCE: optional.refine(validReference, 'must be "previous" or START/END in ISO 8601'),
  DRIFT_FEATURES: optional
    .transform((v) =>
      (v ?? '')
        .split(',')
        .map((s) => s.trim().toLowerCase())
        .filter(Boolean),
    )
    .refine((l) => l.every(isFeatureName), `must list features from ${FEATURE_NAMES.join(', ')}`),
  DRIFT_MAX_DISTINCT: positive(20_000),
  DRIFT_OWNER_ID: optional,
  DRIFT_OWNER_NAME: optional,
  DRIFT_RETRAIN_JOB_ID: optional.refine(
    (v) => v === undefined || /^\d{1,16}$/.test(v),
    'must be a Databricks job id (digits)',
  ),
  DRIFT_RETRAIN_POLL_MS: positive(15_000, ' (milliseconds)'),
  DRIFT_INFERENCE_TABLE: optional.refine(
    (v) => v === undefined || /^[A-Za-z0-9_{}-]+(\.[A-Za-z0-9_{}-]+){0,2}$/.test(v),
    'must be catalog.schema.table (may contain {target})',
  ),
  DATABRICKS_WAREHOUSE_ID: optional,
  DRIFT_ALERT_ACTIONS: optional
    .transform((v) => v?.toLowerCase() ?? 'permitted')
    .refine(isAlertActionPolicy, `must be one of ${ALERT_ACTION_POLICIES.join(', ')}`),
};

type Parsed = { [K in keyof typeof driftEnvShape]: z.output<(typeof driftEnvShape)[K]> } & {
  LLM_DEFAULT_TARGET?: string | undefined;
};

/** Drift monitoring settings as the composition root uses them. */
export interface DriftConfig {
  /** `drift` without a target; falls back to LLM_DEFAULT_TARGET. */
  readonly defaultTarget: string | undefined;
  readonly windowHours: number;
  /** "previous" or an ISO interval (validated). */
  readonly reference: string | undefined;
  /** Empty = every feature. */
  readonly features: readonly string[];
  /**
   * Distinct values of a numerical feature in one window above which the source bins it (at the
   * feature's resolution × 10^k) instead of returning every value; never sampled.
   */
  readonly maxDistinct: number;
  /** Mentioned on alert cards. */
  readonly owner: { readonly id: string; readonly name: string } | undefined;
  readonly retrainJobId: number | undefined;
  /** How often a started retraining run is looked at (the watch is an operation: it resumes). */
  readonly retrainPollMs: number;
  /** Databricks inference table (catalog.schema.table, `{target}` allowed); else the bot's log. */
  readonly inferenceTable: string | undefined;
  readonly warehouseId: string | undefined;
  /** Who may acknowledge or snooze an alert (DRIFT_ALERT_ACTIONS). */
  readonly alertActions: AlertActionPolicy;
}

export function driftConfigFrom(e: Parsed): DriftConfig {
  return {
    defaultTarget: e.DRIFT_DEFAULT_TARGET ?? e.LLM_DEFAULT_TARGET,
    windowHours: e.DRIFT_WINDOW_HOURS,
    reference: e.DRIFT_REFERENCE,
    features: e.DRIFT_FEATURES,
    maxDistinct: e.DRIFT_MAX_DISTINCT,
    owner: e.DRIFT_OWNER_ID
      ? { id: e.DRIFT_OWNER_ID, name: e.DRIFT_OWNER_NAME ?? 'Owner' }
      : undefined,
    retrainJobId: e.DRIFT_RETRAIN_JOB_ID ? Number(e.DRIFT_RETRAIN_JOB_ID) : undefined,
    retrainPollMs: e.DRIFT_RETRAIN_POLL_MS,
    inferenceTable: e.DRIFT_INFERENCE_TABLE,
    warehouseId: e.DATABRICKS_WAREHOUSE_ID,
    alertActions: e.DRIFT_ALERT_ACTIONS,
  };
}

import type { OperationType } from '../../platform/operations/operation';
import { cleanupParamsSchema, cleanupSteps, type CleanupParams } from './cleanup-steps';
import { cleanupStepTitles } from './step-titles';
import { auditFinished, type ProvisionDeps } from './provision-operation';

export const CLEANUP_KIND = 'cleanup';

/**
 * The `cleanup` operation: cluster → bot-made serving endpoints → deployments → account →
 * purge → workspace → resource group → verification; audited like provision.
 */
export const cleanupOperation: OperationType<CleanupParams, ProvisionDeps> = {
  kind: CLEANUP_KIND,
  params: cleanupParamsSchema,
  steps: cleanupSteps,
  stepTitles: cleanupStepTitles,
  finished: (op, deps) => auditFinished(deps.audit, op),
};

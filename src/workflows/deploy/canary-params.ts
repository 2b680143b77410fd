import { z } from 'zod';

/**
 * What a canary deploy persists next to the candidate (`params.model`): the action, the
 * candidate's share, and the entity that serves now (kept as it is, key reference included).
 * Promote and rollback are plain deploys of one of the two models, marked with their action.
 */
export const canaryParamsSchema = z.object({
  action: z.enum(['start', 'promote', 'rollback']),
  percent: z.number().int().min(1).max(50).optional(),
  /**
   * `deploy --canary … --auto`: the evaluation after the window applies its verdict. Part of the
   * plan its approvers saw, which is what lets the window job act without asking again.
   */
  auto: z.boolean().optional(),
  /** A promote/rollback applied by an evaluation's `--auto`: that evaluation's operation id. */
  evaluation: z.string().optional(),
  current: z
    .object({
      entityName: z.string(),
      modelName: z.string(),
      apiBase: z.string(),
      deploymentName: z.string(),
      apiVersion: z.string(),
      keyReference: z.string(),
    })
    .optional(),
});
export type CanaryParams = z.infer<typeof canaryParamsSchema>;

import type { AzureProvisioner } from '../services/azure/azure-provisioner';
import type { MlflowService } from '../services/mlflow/mlflow-service';
import type { DeployServices } from '../workflows/deploy/deploy-services';
import type { PromptingServices } from '../workflows/prompting/prompting-services';
import type { LabSettings } from '../workflows/provisioning/lab-settings';
import type { SubscriptionService } from '../workflows/subscriptions/subscription-service';
import type { DialogServices } from './dialog-services';
import type { Scheduler } from '../platform/scheduler/scheduler';
import { translator, type Lang } from '../chat/i18n';

/** What each requirement guarantees a handler finds in `ctx.services`. */
export interface RequirementServices {
  /** Azure Resource Manager and the lab's settings (provision, cleanup, `status lab`). */
  azure: { readonly azure: AzureProvisioner; readonly lab: LabSettings };
  /** A Databricks workspace with Model Serving (deploy, rollback). */
  databricks: { readonly deploy: DeployServices };
  /** An MLflow tracking server (runs, run cards, rollback history). */
  mlflow: { readonly mlflow: MlflowService };
  /** At least one model to talk to (ask, chat, compare, test). */
  model: { readonly prompting: PromptingServices };
  /** Drift reports and alert actions. */
  drift: { readonly drift: NonNullable<DialogServices['drift']> };
  /** Channel subscriptions and the scheduler that runs them. */
  subscriptions: {
    readonly subscriptions: SubscriptionService;
    readonly scheduler: Scheduler;
  };
}

export type Requirement = keyof RequirementServices;

type Intersect<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void
  ? I
  : never;

/** The services a handler with requirements `R` may use without checking. */
export type ServicesWith<R extends Requirement> = DialogServices &
  Intersect<RequirementServices[R]>;

/**
 * How to tell whether a requirement holds. What to set, and the sentence that says it is
 * missing, are in the `status.requirements` catalogue under the requirement's name.
 */
const CHECKS: Record<Requirement, (s: DialogServices) => boolean> = {
  azure: (s) => s.azure !== undefined && s.lab !== undefined,
  databricks: (s) => s.deploy !== undefined,
  mlflow: (s) => s.mlflow !== undefined,
  model: (s) => (s.prompting?.llm.targets.length ?? 0) > 0,
  drift: (s) => s.drift !== undefined,
  subscriptions: (s) => s.subscriptions !== undefined && s.scheduler !== undefined,
};

/**
 * The one "not configured" answer: which requirements are missing and the variables to set.
 * Undefined when every requirement holds.
 */
export function missingRequirements(
  services: DialogServices,
  requires: readonly Requirement[],
  lang: Lang = 'en',
): string | undefined {
  const missing = requires.filter((r) => !CHECKS[r](services));
  if (missing.length === 0) return undefined;
  const t = translator(lang);
  const lines = missing.map((r) =>
    t(`status.requirements.missing.${r}`, { set: requirementSettings(r, lang) }),
  );
  return [...lines, t('status.requirements.then')].join(' ');
}

/** The variables that would configure a requirement: `status` rows say the same as replies. */
export function requirementSettings(requirement: Requirement, lang: Lang = 'en'): string {
  return translator(lang)(`status.requirements.set.${requirement}`);
}

/** Narrows the services once the router has checked the requirements. */
export function hasRequirements<R extends Requirement>(
  services: DialogServices,
  requires: readonly R[],
): services is ServicesWith<R> {
  return requires.every((r) => CHECKS[r](services));
}

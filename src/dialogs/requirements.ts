import type { AzureProvisioner } from '../services/azure/azure-provisioner';
import type { MlflowService } from '../services/mlflow/mlflow-service';
import type { DeployServices } from '../workflows/deploy/deploy-services';
import type { PromptingServices } from '../workflows/prompting/prompting-services';
import type { LabSettings } from '../workflows/provisioning/lab-settings';
import type { SubscriptionService } from '../workflows/subscriptions/subscription-service';
import type { DialogServices } from './dialog-services';
import type { Scheduler } from '../platform/scheduler/scheduler';

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

/** How to tell whether a requirement holds, and what to set when it does not. */
const CHECKS: Record<
  Requirement,
  { holds(s: DialogServices): boolean; what: string; set: string }
> = {
  azure: {
    holds: (s) => s.azure !== undefined && s.lab !== undefined,
    what: 'Azure',
    // The bot's own MicrosoftAppId does not sign in to Azure; say which credential does.
    set: 'AZURE_SUBSCRIPTION_ID (the subscription the lab goes in); the bot signs in to Azure with AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET (a service principal) or with its managed identity, not with MicrosoftAppId',
  },
  databricks: {
    holds: (s) => s.deploy !== undefined,
    what: 'Databricks',
    set: 'DATABRICKS_HOST and a token (DATABRICKS_TOKEN) or an OAuth client (DATABRICKS_CLIENT_ID, DATABRICKS_CLIENT_SECRET)',
  },
  mlflow: {
    holds: (s) => s.mlflow !== undefined,
    what: 'MLflow',
    set: 'MLFLOW_TRACKING_URI (or DATABRICKS_HOST)',
  },
  model: {
    holds: (s) => (s.prompting?.llm.targets.length ?? 0) > 0,
    what: 'No model',
    set: 'AZURE_OPENAI_ENDPOINT and AZURE_OPENAI_DEPLOYMENT (key or Entra), DATABRICKS_HOST and DATABRICKS_SERVING_ENDPOINT, or OPENAI_BASE_URL and OPENAI_MODEL',
  },
  drift: {
    holds: (s) => s.drift !== undefined,
    what: 'Drift monitoring',
    set: 'an inference source (the bot logs its own predictions; see DRIFT_* in docs/configuration.md)',
  },
  subscriptions: {
    holds: (s) => s.subscriptions !== undefined && s.scheduler !== undefined,
    what: 'Channel subscriptions',
    set: 'the scheduler (it runs unless the bot was built without it)',
  },
};

/**
 * The one "not configured" answer: which requirements are missing and the variables to set.
 * Undefined when every requirement holds.
 */
export function missingRequirements(
  services: DialogServices,
  requires: readonly Requirement[],
): string | undefined {
  const missing = requires.filter((r) => !CHECKS[r].holds(services));
  if (missing.length === 0) return undefined;
  const lines = missing.map((r) => {
    const c = CHECKS[r];
    return r === 'model'
      ? `No model is configured: set ${c.set}.`
      : `${c.what} is not configured: set ${c.set}.`;
  });
  return `${lines.join(' ')} Then restart the bot; \`status\` shows each connection.`;
}

/** The variables that would configure a requirement: `status` rows say the same as replies. */
export function requirementSettings(requirement: Requirement): string {
  return CHECKS[requirement].set;
}

/** Narrows the services once the router has checked the requirements. */
export function hasRequirements<R extends Requirement>(
  services: DialogServices,
  requires: readonly R[],
): services is ServicesWith<R> {
  return requires.every((r) => CHECKS[r].holds(services));
}

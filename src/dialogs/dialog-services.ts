import type { AdminPolicy, GroupDirectory } from './permissions';
import type { DeployServices } from '../workflows/deploy/deploy-services';
import type { DriftMonitor } from '../workflows/drift-monitor/drift-monitor';
import type { IncidentActions } from '../workflows/drift-monitor/incident-actions';
import type { Scheduler } from '../platform/scheduler/scheduler';
import type { SubscriptionService } from '../workflows/subscriptions/subscription-service';
import type { AzureProvisioner } from '../services/azure/azure-provisioner';
import type { LabSettings } from '../workflows/provisioning/lab-settings';
import type { HealthService } from '../platform/health/health-service';
import type { OperationRepository } from '../platform/operations/operation-repository';
import type { OperationRunner } from '../platform/operations/operation-runner';
import type { Outbox } from '../platform/outbox/outbox';
import type { PromptingServices } from '../workflows/prompting/prompting-services';
import type { MlflowService } from '../services/mlflow/mlflow-service';
import type { ConfigWarning } from '../config/env-fields';
import type { MlflowSettings } from '../services/mlflow/mlflow-settings';
import type { AuditRepository } from '../platform/store/audit-repository';
import type { ConversationRepository } from '../platform/store/conversation-repository';

/** What the bot is and where it runs, safe to show in chat (no secrets). */
export interface BotInfo {
  name: string;
  version: string;
  environmentName: string;
  authEnabled: boolean;
  /** How permission to run mutating commands is decided, for `whoami`. */
  adminsConfigured: boolean;
  /** Settings accepted with a warning at start (src/config), repeated by `status`. */
  configWarnings?: readonly ConfigWarning[];
}

/**
 * The services dialogs may use. Dialogs see interfaces only, never HTTP or SDK clients;
 * src/index.ts is the only place that builds them.
 */
export interface DialogServices {
  readonly info: BotInfo;
  readonly admins: AdminPolicy;
  /** Membership of ADMIN_GROUP_IDS (Microsoft Graph); absent when no group is listed. */
  readonly groups?: GroupDirectory | undefined;
  /** APPROVALS_REQUIRED: 2 = cleanup, deploy and rollback need another permitted user's Approve. */
  readonly approvalsRequired?: 1 | 2;
  readonly conversations: ConversationRepository;
  readonly audit: AuditRepository;
  readonly health: HealthService;
  /** Durable proactive delivery; every message not sent as a direct reply goes through it. */
  readonly outbox: Outbox;
  /** Long-running, persisted operations (provision, deploy, cleanup) and their runner. */
  readonly operations: { readonly repo: OperationRepository; readonly runner: OperationRunner };
  /** ask / chat / compare / test; absent when the bot runs without them (some unit tests). */
  readonly prompting?: PromptingServices;
  /** MLflow tracking (runs, run cards); absent when neither MLflow nor Databricks is configured. */
  readonly mlflow?: MlflowService | undefined;
  /** Default experiment, key metrics and metric directions for run cards. */
  readonly mlflowSettings?: MlflowSettings;
  /** Azure Resource Manager for provision / cleanup; absent without AZURE_SUBSCRIPTION_ID. */
  readonly azure?: AzureProvisioner;
  /** Names, cluster, libraries and prices of the lab (provision / cleanup / status lab). */
  readonly lab?: LabSettings;
  /** The one clock for recurring jobs (subscriptions, watchers). */
  readonly scheduler?: Scheduler;
  /** Channel subscriptions of every kind (drift, …) and their scheduler jobs. */
  readonly subscriptions?: SubscriptionService;
  /** Drift reports and the alert card's buttons. */
  readonly drift?: { readonly monitor: DriftMonitor; readonly actions: IncidentActions };
  /** `deploy` / `rollback`: serving endpoint, MLflow records, defaults; absent without Databricks. */
  readonly deploy?: DeployServices;
  /** Link unfurling and compose-box search; absent or disabled means no card for any link. */
  readonly unfurl?: {
    readonly enabled: boolean;
    readonly domains: readonly string[];
    /** UNFURL_ANONYMOUS_DETAILS: anonymous unfurls show what an installed one shows. */
    readonly anonymousDetails?: boolean;
  };
}

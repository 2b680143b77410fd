import type { Config } from '../../config';
import type { AzureProvisioner } from '../../services/azure/azure-provisioner';
import {
  databricksHttp,
  type DatabricksConnection,
} from '../../services/databricks/databricks-client';
import type { AuditRepository } from '../../platform/store/audit-repository';
import { labSettingsFrom, type LabSettings } from './lab-settings';
import type { ProvisionDeps } from './provision-operation';

export interface Provisioning {
  /** What provision and cleanup steps reach; the root registers both kinds with it. */
  readonly deps: ProvisionDeps;
  readonly azure: AzureProvisioner;
  readonly lab: LabSettings;
}

/**
 * Builds provision / cleanup over the root's provisioner, which exists only when
 * AZURE_SUBSCRIPTION_ID is set (undefined otherwise, and the commands then say what to
 * configure). Called only from src/index.ts. The workspace REST client goes to
 * DATABRICKS_HOST when set, else to the URL ARM reported for the workspace.
 */
export function createProvisioning(
  config: Readonly<Config>,
  deps: {
    azure: AzureProvisioner | undefined;
    databricks: DatabricksConnection;
    audit: AuditRepository;
  },
): Provisioning | undefined {
  const azure = deps.azure;
  if (!azure) return undefined;
  const lab = labSettingsFrom(config);
  const stepDeps: ProvisionDeps = {
    azure,
    databricks: (workspaceUrl: string | undefined) =>
      databricksHttp(deps.databricks, deps.databricks.host ?? workspaceUrl),
    sliceMs: config.provisioning.stepSliceMs,
    pollMs: config.azure.lroPollIntervalMs,
    audit: deps.audit,
  };
  return { deps: stepDeps, azure, lab };
}

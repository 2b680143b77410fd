import type { ArmClients } from './arm-clients';
import {
  armContext,
  type ArmContext,
  type ArmContextDeps,
  type ArmProvisioningOptions,
} from './arm-context';
import { deleteDatabricksWorkspace, ensureDatabricksWorkspace } from './databricks-workspace';
import type { AzureProvisioner } from './azure-provisioner';
import { deleteResourceGroup, listInventory } from './inventory';
import { planRegions, resolveModel } from './model-resolver';
import {
  deleteOpenAIAccount,
  ensureOpenAIAccount,
  listAccountKey,
  purgeOpenAIAccount,
} from './openai-account';
import { deleteDeployment, ensureDeployment } from './openai-deployment';
import { ensureResourceGroup } from './resource-group';

/**
 * The AzureProvisioner over the real ARM SDK clients. Each method is one idempotent step; the
 * operation runner sequences them (RG → account → deployment → workspace, teardown reversed).
 * `clients` is called once, at the first step: the composition root builds them there over
 * its one credential (createArmClients), so start-up never loads the ARM SDKs.
 */
export class ArmProvisioner implements AzureProvisioner {
  private readonly ctx: ArmContext;

  constructor(
    options: ArmProvisioningOptions,
    clients: () => ArmClients,
    deps: ArmContextDeps = {},
  ) {
    this.ctx = armContext(options, clients, deps);
  }

  ensureResourceGroup: AzureProvisioner['ensureResourceGroup'] = (spec) =>
    ensureResourceGroup(this.ctx, spec);
  resolveModel: AzureProvisioner['resolveModel'] = (region, prefs) =>
    resolveModel(this.ctx, region, prefs);
  planRegions: AzureProvisioner['planRegions'] = (prefs, regions) =>
    planRegions(this.ctx, prefs, regions);
  ensureOpenAIAccount: AzureProvisioner['ensureOpenAIAccount'] = (spec, lro) =>
    ensureOpenAIAccount(this.ctx, spec, lro);
  ensureDeployment: AzureProvisioner['ensureDeployment'] = (spec, lro) =>
    ensureDeployment(this.ctx, spec, lro);
  ensureDatabricksWorkspace: AzureProvisioner['ensureDatabricksWorkspace'] = (spec, lro) =>
    ensureDatabricksWorkspace(this.ctx, spec, lro);
  deleteDeployment: AzureProvisioner['deleteDeployment'] = (rg, account, name) =>
    deleteDeployment(this.ctx, rg, account, name);
  deleteOpenAIAccount: AzureProvisioner['deleteOpenAIAccount'] = (rg, name, lro) =>
    deleteOpenAIAccount(this.ctx, rg, name, lro);
  purgeOpenAIAccount: AzureProvisioner['purgeOpenAIAccount'] = (rg, name, lro) =>
    purgeOpenAIAccount(this.ctx, rg, name, lro);
  deleteDatabricksWorkspace: AzureProvisioner['deleteDatabricksWorkspace'] = (rg, name, lro) =>
    deleteDatabricksWorkspace(this.ctx, rg, name, lro);
  deleteResourceGroup: AzureProvisioner['deleteResourceGroup'] = (rg, lro) =>
    deleteResourceGroup(this.ctx, rg, lro);
  listInventory: AzureProvisioner['listInventory'] = (rg) => listInventory(this.ctx, rg);
  listAccountKey: AzureProvisioner['listAccountKey'] = (rg, name) =>
    listAccountKey(this.ctx, rg, name);
}

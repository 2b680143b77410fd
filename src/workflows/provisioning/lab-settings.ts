import type { Config } from '../../config';
import { loadPriceTable, type PriceTable } from '../../services/azure/price-table';
import { labNames, type LabNames } from './lab-names';

/** What the provision and cleanup dialogs need to know about the lab, from config. */
export interface LabSettings {
  readonly names: LabNames;
  readonly libraries: readonly string[];
  readonly nodeType: string;
  readonly runtimeLtsOnly: boolean;
  readonly autoterminationMinutes: number;
  /** Cluster owner when nothing better is known: DATABRICKS_SINGLE_USER or the bot's client id. */
  readonly clusterOwner: string | undefined;
  readonly workspaceSku: 'premium' | 'trial';
  readonly capacity: number;
  readonly priceTable: PriceTable;
  /** How long a plan card's Confirm stays valid. */
  readonly planTtlMs: number;
}

/** Built once at start (reads PRICE_TABLE_FILE, so a bad file fails the start, not a turn). */
export function labSettingsFrom(config: Readonly<Config>): LabSettings {
  const p = config.provisioning;
  return {
    names: labNames(p.resourcePrefix),
    libraries: p.libraries,
    nodeType: p.nodeType,
    runtimeLtsOnly: p.runtimeLtsOnly,
    autoterminationMinutes: p.autoterminationMinutes,
    clusterOwner: p.singleUser ?? config.databricks.clientId ?? config.azure.clientId,
    workspaceSku: config.azure.databricksWorkspaceSku,
    capacity: config.azure.deploymentCapacity,
    priceTable: loadPriceTable(p.priceTableFile),
    planTtlMs: 15 * 60_000,
  };
}

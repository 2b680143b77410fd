import { obj } from './route';
import type { HostedResource, HostingState } from './hosting-state';

const KINDS = {
  identities: 'Microsoft.ManagedIdentity/userAssignedIdentities',
  logAnalytics: 'Microsoft.OperationalInsights/workspaces',
  appInsights: 'Microsoft.Insights/components',
  postgresServers: 'Microsoft.DBforPostgreSQL/flexibleServers',
  postgresDatabases: 'Microsoft.DBforPostgreSQL/flexibleServers/databases',
  postgresFirewallRules: 'Microsoft.DBforPostgreSQL/flexibleServers/firewallRules',
  postgresAdmins: 'Microsoft.DBforPostgreSQL/flexibleServers/administrators',
  serverFarms: 'Microsoft.Web/serverfarms',
  sites: 'Microsoft.Web/sites',
  bots: 'Microsoft.BotService/botServices',
  botChannels: 'Microsoft.BotService/botServices/channels',
} as const;

const DONE = ['Succeeded', 'Ready', 'Running'];

/** `rg/name`, `rg/parent/name` for children, with the provisioning or server state if any. */
function label(h: HostingState, r: HostedResource): string {
  const parent = r.parent ? h.get(r.parent) : undefined;
  const p = obj(r.body.properties);
  const state = p.provisioningState ?? p.state;
  const path = parent ? `${r.rg}/${parent.name}/${r.name}` : `${r.rg}/${r.name}`;
  return typeof state === 'string' && !DONE.includes(state) ? `${path}:${state}` : path;
}

/** The hosting part of `FakeArm.inventory()`: names by kind, sorted. */
export function hostingInventory(
  h: HostingState,
): Record<keyof typeof KINDS | 'roleAssignments' | 'softDeletedLogAnalytics', string[]> {
  const out = {} as Record<keyof typeof KINDS, string[]>;
  for (const [k, type] of Object.entries(KINDS) as [keyof typeof KINDS, string][]) {
    out[k] = h
      .list(type)
      .map((r) => label(h, r))
      .sort();
  }
  return {
    ...out,
    roleAssignments: [...h.roleAssignments.values()]
      .map((ra) => `${ra.scope}|${ra.roleDefinitionId.split('/').pop() ?? ''}|${ra.principalId}`)
      .sort(),
    softDeletedLogAnalytics: [...h.softDeletedWorkspaces.keys()].sort(),
  };
}

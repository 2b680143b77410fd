import { optionalString, optionalUrl } from './env-fields';

/**
 * Who may change things beyond ADMIN_AAD_OBJECT_IDS: members of ADMIN_GROUP_IDS, checked in
 * Microsoft Graph, and how many people a change that cannot be undone needs. src/config/index.ts
 * spreads `accessEnvShape` into its schema.
 */
export const accessEnvShape = {
  // Sovereign clouds have their own Graph (graph.microsoft.us, microsoftgraph.chinacloudapi.cn).
  GRAPH_ENDPOINT: optionalUrl.transform((v) => v ?? 'https://graph.microsoft.com'),
  // 1 = the requester alone; 2 = another permitted user must approve first. More is not
  // offered: the rule is "a second pair of eyes", and a bigger quorum would stall small teams.
  APPROVALS_REQUIRED: optionalString
    .refine((v) => v === undefined || v === '1' || v === '2', 'must be 1 or 2')
    .transform((v): 1 | 2 => (v === '2' ? 2 : 1)),
};

export interface AccessConfig {
  /** Microsoft Graph base URL for the ADMIN_GROUP_IDS membership check. */
  readonly graphEndpoint: string;
  /**
   * People a cleanup, deploy or rollback of this bot's environment needs: 2 means another
   * permitted user approves before the requester may confirm.
   */
  readonly approvalsRequired: 1 | 2;
}

export function accessConfigFrom(e: {
  GRAPH_ENDPOINT: string;
  APPROVALS_REQUIRED: 1 | 2;
}): AccessConfig {
  return { graphEndpoint: e.GRAPH_ENDPOINT, approvalsRequired: e.APPROVALS_REQUIRED };
}

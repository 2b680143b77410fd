import { z } from 'zod';

/** Every resource name of one lab environment, derived from one prefix so cleanup finds them. */
/** The names of the lab's resources, as a plan persists them. */
export const labNamesSchema = z.object({
  resourceGroup: z.string(),
  account: z.string(),
  deployment: z.string(),
  workspace: z.string(),
  cluster: z.string(),
});

export interface LabNames {
  readonly resourceGroup: string;
  /** Also the account's custom subdomain (<name>.openai.azure.com), globally unique. */
  readonly account: string;
  readonly deployment: string;
  readonly workspace: string;
  readonly cluster: string;
}

/** The custom tag that marks the lab's cluster (found again by it before creating). */
export const CLUSTER_TAG = 'llmops-environment';

/** Who created a resource, on every resource the bot makes. */
export const CREATED_BY = 'llmops-teams-bot';

/** Names for the prefix (LAB_RESOURCE_PREFIX, default the environment name). */
export function labNames(prefix: string): LabNames {
  return {
    resourceGroup: `rg-${prefix}`,
    account: `aoai-${prefix}`,
    deployment: 'chat',
    workspace: `dbw-${prefix}`,
    cluster: `${prefix}-ml`,
  };
}

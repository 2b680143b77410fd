import type { AuthorizationManagementClient } from '@azure/arm-authorization';
import type { AzureBotService } from '@azure/arm-botservice';
import type { WebSiteManagementClient } from '@azure/arm-appservice';
import type { ManagedServiceIdentityClient } from '@azure/arm-msi';
import type { OperationalInsightsManagementClient } from '@azure/arm-operationalinsights';
import type { PostgreSQLManagementFlexibleServerClient } from '@azure/arm-postgresql-flexible';
import type { ResourceManagementClient } from '@azure/arm-resources';
import type { TokenCredential } from '@azure/core-auth';
import { ARM_SCOPE, armSdkOptions, hardenArmClient, type ArmClientOptions } from './arm-clients';

/** The ARM SDK clients `azure up` / `azure down` use to build and remove the bot's own home. */
export interface HostingClients {
  readonly subscriptionId: string;
  readonly resources: ResourceManagementClient;
  readonly identities: ManagedServiceIdentityClient;
  readonly logs: OperationalInsightsManagementClient;
  readonly postgres: PostgreSQLManagementFlexibleServerClient;
  readonly web: WebSiteManagementClient;
  readonly bots: AzureBotService;
  readonly authorization: AuthorizationManagementClient;
}

/**
 * Builds the hosting clients with the same endpoint, scope, deadline and Retry-After cap as the
 * lab's clients. Only the CLI calls this, so the bot itself never loads these SDKs.
 */
export function createHostingClients(
  o: ArmClientOptions & { subscriptionId: string },
  cred: TokenCredential,
): HostingClients {
  const { ResourceManagementClient } =
    require('@azure/arm-resources') as typeof import('@azure/arm-resources');
  const { ManagedServiceIdentityClient } =
    require('@azure/arm-msi') as typeof import('@azure/arm-msi');
  const { OperationalInsightsManagementClient } =
    require('@azure/arm-operationalinsights') as typeof import('@azure/arm-operationalinsights');
  const { PostgreSQLManagementFlexibleServerClient } =
    require('@azure/arm-postgresql-flexible') as typeof import('@azure/arm-postgresql-flexible');
  const { WebSiteManagementClient } =
    require('@azure/arm-appservice') as typeof import('@azure/arm-appservice');
  const { AzureBotService } =
    require('@azure/arm-botservice') as typeof import('@azure/arm-botservice');
  const { AuthorizationManagementClient } =
    require('@azure/arm-authorization') as typeof import('@azure/arm-authorization');
  // The newer generated clients (web, logs) read the scope from `credentials.scopes`.
  const options = { ...armSdkOptions(o), credentials: { scopes: [ARM_SCOPE] } };
  const sub = o.subscriptionId;
  const clients: HostingClients = {
    subscriptionId: sub,
    resources: new ResourceManagementClient(cred, sub, options),
    identities: new ManagedServiceIdentityClient(cred, sub, options),
    logs: new OperationalInsightsManagementClient(cred, sub, options),
    postgres: new PostgreSQLManagementFlexibleServerClient(cred, sub, options),
    web: new WebSiteManagementClient(cred, sub, options),
    bots: new AzureBotService(cred, sub, options),
    authorization: new AuthorizationManagementClient(cred, sub, options),
  };
  for (const client of [
    clients.resources,
    clients.identities,
    clients.logs,
    clients.postgres,
    clients.web,
    clients.bots,
    clients.authorization,
  ]) {
    hardenArmClient(client, o);
  }
  return clients;
}

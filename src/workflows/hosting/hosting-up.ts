import type { HostingContext } from './hosting-context';
import {
  ensureIdentity,
  ensureMonitoring,
  ensurePostgres,
  ensureProviders,
  ensureResourceGroup,
  type BotIdentity,
} from './hosting-data';
import { deployBuild, type DeployInput } from './hosting-deploy';
import { hostingNames, hostingNameProblem, type HostingTarget } from './hosting-names';
import { ensureRoles } from './hosting-roles';
import { desiredAppSettings, ensureBot, ensurePlan, ensureSite } from './hosting-web';

export interface HostingResult {
  readonly identity: BotIdentity;
  readonly appHost: string;
  readonly messagingEndpoint: string;
}

/** Why this target cannot be used, or undefined. Checked before anything is read. */
export function hostingTargetProblem(t: HostingTarget): string | undefined {
  const nameProblem = hostingNameProblem(t.name);
  if (nameProblem) return nameProblem;
  if (t.resourceGroup.toLowerCase() === hostingNames(t.name).labResourceGroup) {
    return (
      `--resource-group ${t.resourceGroup} is the group the lab's \`provision\` creates and ` +
      '`cleanup` deletes; the bot must not live in it. Use e.g. ' +
      `--resource-group rg-${t.name}-bot.`
    );
  }
  if (!/^[-\w.()]{1,90}$/.test(t.resourceGroup) || t.resourceGroup.endsWith('.')) {
    return `--resource-group "${t.resourceGroup}" is not a valid resource group name.`;
  }
  return undefined;
}

/**
 * Builds (or finishes building) the bot's home and deploys the current build. Every step reads
 * first and writes only what is missing, so a re-run after a failure or an interruption picks
 * up where the last one stopped, and a re-run on a complete home only deploys a new build.
 */
export async function hostingUp(
  ctx: HostingContext,
  deploy: Omit<DeployInput, 'hosts'>,
  operator: { objectId: string | undefined },
): Promise<HostingResult> {
  await ensureResourceGroup(ctx);
  await ensureProviders(ctx);
  const identity = await ensureIdentity(ctx);
  const insightsConnection = await ensureMonitoring(ctx);
  const postgresHost = await ensurePostgres(ctx, identity);
  const planId = await ensurePlan(ctx);
  const settings = desiredAppSettings(ctx, { identity, postgresHost, insightsConnection });
  // Mutating commands are for admins only: the operator who installs the bot is the first.
  const defaults: Record<string, string> = operator.objectId
    ? { ADMIN_AAD_OBJECT_IDS: operator.objectId }
    : {};
  const hosts = await ensureSite(ctx, planId, { settings, defaults }, identity);
  await ensureRoles(ctx, identity);
  const messagingEndpoint = await ensureBot(ctx, identity, hosts.appHost);
  await deployBuild(ctx, { ...deploy, hosts });
  return { identity, appHost: hosts.appHost, messagingEndpoint };
}

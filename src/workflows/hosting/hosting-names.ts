/** Where `azure up` builds the bot's home, as the operator gave it on the command line. */
export interface HostingTarget {
  readonly subscriptionId: string;
  readonly resourceGroup: string;
  readonly location: string;
  /** The short name every resource name is derived from (also the lab's resource prefix). */
  readonly name: string;
}

/** Every resource name `azure up` uses, derived from the one short name. */
export interface HostingNames {
  readonly identity: string;
  readonly workspace: string;
  readonly insights: string;
  readonly postgres: string;
  readonly database: string;
  readonly firewallRule: string;
  readonly plan: string;
  readonly site: string;
  readonly bot: string;
  /** The group the bot's `provision` creates for the lab (and `cleanup` deletes). */
  readonly labResourceGroup: string;
}

/** Web app, PostgreSQL server and bot handle are global names, so the short name stays short. */
const NAME = /^[a-z][a-z0-9-]{1,18}[a-z0-9]$/;

/** Why a short name cannot be used, or undefined when it can. */
export function hostingNameProblem(name: string): string | undefined {
  if (NAME.test(name) && !name.includes('--')) return undefined;
  return (
    `--name "${name}" cannot be used: give 3-20 lower-case letters, digits or single dashes, ` +
    'starting with a letter (e.g. --name llmops-contoso). It becomes part of global names ' +
    '(app-<name>.azurewebsites.net), so pick something your organisation owns.'
  );
}

export function hostingNames(name: string): HostingNames {
  return {
    identity: `id-${name}`,
    workspace: `log-${name}`,
    insights: `appi-${name}`,
    postgres: `psql-${name}`,
    database: 'llmops',
    // Azure's own name for "allow public access from any Azure service within Azure".
    firewallRule: 'AllowAllAzureServicesAndResourcesWithinAzureIps',
    plan: `asp-${name}`,
    site: `app-${name}`,
    bot: `bot-${name}`,
    labResourceGroup: `rg-${name}`,
  };
}

/** Tags on everything `azure up` creates, so `azure down` deletes only what it made. */
export function hostingTags(name: string): Record<string, string> {
  return { 'created-by': 'llmops-bot azure up', 'llmops-bot': name };
}

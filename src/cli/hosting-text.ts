import { AzureError } from '../services/azure/azure-error';
import { describeError } from '../services/describe-error';
import type { HostingPlan } from '../workflows/hosting/hosting-survey';
import type { TeardownResult } from '../workflows/hosting/hosting-down';
import type { HostingResult } from '../workflows/hosting/hosting-up';

const money = (n: number) => `$${n.toFixed(2)}`;

/**
 * The plan as a compact table that fits an 80-column terminal: the region is in the header, so
 * a row shows it only when it differs (the bot is global); roles get one line of their own.
 */
export function planText(plan: HostingPlan, region: string): string {
  const resources = plan.items.filter((i) => i.kind !== 'Role');
  const roles = plan.items.filter((i) => i.kind === 'Role');
  const kw = Math.max(...resources.map((i) => i.kind.length));
  const nw = Math.max(...resources.map((i) => i.name.length));
  const rows = resources.map(
    (i) =>
      `  ${i.exists ? 'exists' : i.taken ? 'TAKEN ' : 'create'}  ${i.kind.padEnd(kw)}  ${i.name.padEnd(nw)}  ${i.sku}` +
      (i.region !== region && i.region !== '-' ? ` (${i.region})` : ''),
  );
  const roleRows = roles.map((r) => `  ${r.exists ? 'exists' : 'create'}  role ${r.name}`);
  const cost = plan.monthly.lines
    .filter((l) => l.monthly > 0)
    .map((l) => `${l.item} ${money(l.monthly)}`)
    .join(' + ');
  return (
    `Plan:\n${rows.join('\n')}\n` +
    `  The bot's identity gets, on the subscription:\n${roleRows.join('\n')}\n` +
    `Monthly cost, about ${money(plan.monthly.total)}:\n  ${cost}\n` +
    '  (the bot, the identity and the first 5 GB of logs a month are free;\n' +
    '  list prices: check the Azure pricing calculator)\n' +
    (plan.complete
      ? 'Everything exists: a run checks each resource and deploys the build if it changed.\n'
      : '') +
    plan.taken.map((i) => `${i.name} is taken in Azure (${i.taken ?? ''}).\n`).join('')
  );
}

export function upDoneText(r: HostingResult, packageFile: string): string {
  return (
    `\nThe bot runs at https://${r.appHost} (messaging endpoint ${r.messagingEndpoint}).\n` +
    `Teams app package: ${packageFile} (bot id ${r.identity.clientId}).\n\n` +
    'Left to do by hand:\n' +
    `  1. Upload the package: Teams > Apps > Manage your apps > Upload an app > Upload a custom\n` +
    `     app (or publish it for everyone: Teams admin center > Teams apps > Manage apps > Upload).\n` +
    '  2. Allow the upload: Teams admin center > Teams apps > Setup policies > "Upload custom\n' +
    '     apps" on for those users, and Org-wide app settings > "Interaction with custom apps".\n' +
    '  3. Add the bot to a team: open the app in Teams > Add to a team > pick the channel,\n' +
    '     then send "help" to it there.\n'
  );
}

export function downDoneText(r: TeardownResult): string {
  const lines = [];
  if (r.remaining.length === 0) {
    lines.push(
      r.groupDeleted
        ? 'Nothing is left: the resource group is deleted.'
        : 'The resource group is empty.',
    );
  } else {
    lines.push('Still in the resource group (not made by azure up, left alone):');
    lines.push(...r.remaining.map((x) => `  ${x}`));
  }
  if (r.rolesLeft > 0) lines.push(`${r.rolesLeft} role assignment(s) could not be removed.`);
  return `${lines.join('\n')}\n`;
}

/** What went wrong and what to do; never a token or a raw stack. */
export function hostingErrorText(err: unknown): string {
  if (err instanceof AzureError) {
    const code = err.info.code?.toLowerCase() ?? '';
    const name = err.info.resourceName;
    const taken =
      /alreadyexists|nameunavailable|conflict|nameinuse/.test(code) ||
      (code === 'invalidbotdata' && /already/i.test(err.info.armMessage ?? ''));
    if (taken && name) {
      return (
        `The name ${name} is taken in Azure (web app, PostgreSQL server and bot names are ` +
        'global). Choose another --name and run again.'
      );
    }
    if (err.azureReason === 'authentication-failed') {
      return (
        'No Azure sign-in was found. Run `az login` (and `az account set --subscription <id>`), ' +
        'or set AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET, then run again.'
      );
    }
    if (err.azureReason === 'authorization-failed') {
      return (
        `Your account may not ${err.info.action ?? 'do this'}. azure up needs Owner (or ` +
        'Contributor + User Access Administrator) on the subscription: it creates resources ' +
        "and grants the bot's identity its roles."
      );
    }
  }
  const text = describeError(err);
  if (text) return text;
  return err instanceof Error ? err.message : 'The run failed.';
}

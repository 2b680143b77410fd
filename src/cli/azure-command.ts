import type { TokenCredential } from '@azure/core-auth';
import type { Config } from '../config';
import { createHostingClients } from '../services/azure/hosting-clients';
import { operatorObjectId } from '../services/azure/operator-object-id';
import { hostingContext, type HostingContext } from '../workflows/hosting/hosting-context';
import { hostingDown } from '../workflows/hosting/hosting-down';
import type { HostingTarget } from '../workflows/hosting/hosting-names';
import { surveyHosting } from '../workflows/hosting/hosting-survey';
import { hostingTargetProblem, hostingUp } from '../workflows/hosting/hosting-up';
import { downDoneText, hostingErrorText, planText, upDoneText } from './hosting-text';
import { taskList } from './task-list';

export interface AzureCommandIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Whether stdout is a terminal (spinners) and a question can be asked on stdin. */
  readonly tty: boolean;
  ask(question: string): Promise<string>;
  config(): Readonly<Config>;
  azureCredential(): TokenCredential;
  /** The project folder whose build is deployed (holds dist/ and node_modules). */
  readonly rootDir: string;
  /** Writes the Teams app package for this bot id; returns the file written. */
  writeTeamsPackage(botId: string): Promise<string>;
  /** Test hook: how long to wait between polls (default: AZURE_LRO_POLL_INTERVAL_MS). */
  readonly pollIntervalMs?: number;
}

export const AZURE_HELP = `Usage: llmops-bot azure up|down --resource-group RG --location REGION --name NAME
                              [--subscription ID] [--dry-run] [--yes]

  up    Creates the bot's home in Azure, or finishes/updates it: a managed identity (the bot's
        identity, no secret), Log Analytics + Application Insights, PostgreSQL (Entra sign-in
        only), an App Service plan (Linux B1) and web app, the Azure Bot with its Teams channel,
        the identity's roles; then deploys this build (npm run build first) and writes the Teams
        app package. Shows the plan and asks first. Run it again to finish an interrupted run
        or to deploy a new build.
  down  Deletes what up created, in dependency order, and lists what is left.

  --subscription  defaults to AZURE_SUBSCRIPTION_ID. Sign in with \`az login\` first.
  --project DIR   the built project to deploy (default: this installation).
  --dry-run       show the plan and change nothing.   --yes  do not ask.
  See docs/deploy.md.
`;

const FLAGS = ['--subscription', '--resource-group', '--location', '--name', '--project'] as const;
const SWITCHES = ['--dry-run', '--yes'] as const;

interface Parsed {
  action: 'up' | 'down';
  /** The built project to deploy; default: the installation the CLI runs from. */
  project: string | undefined;
  target: HostingTarget;
  dryRun: boolean;
  yes: boolean;
}

/** Parses the arguments, or returns the sentence that says what is wrong. */
function parse(argv: string[], config: () => Readonly<Config>): Parsed | string {
  const [action, ...rest] = argv;
  if (action !== 'up' && action !== 'down') return `Unknown azure command "${action ?? ''}".`;
  const values: Record<string, string> = {};
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i] ?? '';
    if ((SWITCHES as readonly string[]).includes(a)) continue;
    if (!(FLAGS as readonly string[]).includes(a)) return `Unknown option ${a}.`;
    const v = rest[i + 1];
    if (v === undefined || v.startsWith('--')) return `${a} needs a value.`;
    values[a] = v;
    i++;
  }
  const missing = FLAGS.filter((f) => !['--subscription', '--project'].includes(f) && !values[f]);
  if (missing.length) return `Missing ${missing.join(', ')}.`;
  const subscriptionId = values['--subscription'] ?? config().azure.subscriptionId;
  if (!subscriptionId) return 'Give --subscription (or set AZURE_SUBSCRIPTION_ID).';
  const target: HostingTarget = {
    subscriptionId,
    resourceGroup: values['--resource-group'] ?? '',
    location: (values['--location'] ?? '').toLowerCase().replace(/\s+/g, ''),
    name: values['--name'] ?? '',
  };
  const problem = hostingTargetProblem(target);
  if (problem) return problem;
  return {
    action,
    target,
    project: values['--project'],
    dryRun: rest.includes('--dry-run'),
    yes: rest.includes('--yes'),
  };
}

async function confirmed(io: AzureCommandIo, yes: boolean, question: string): Promise<boolean> {
  if (yes) return true;
  if (!io.tty) {
    io.stderr('Nothing was changed: there is no terminal to ask. Add --yes to go ahead.\n');
    return false;
  }
  const answer = (await io.ask(`${question} [y/N] `)).trim().toLowerCase();
  if (answer === 'y' || answer === 'yes') return true;
  io.stdout('Nothing was changed.\n');
  return false;
}

/** `llmops-bot azure up|down`: 0 done (or dry run), 1 failed or declined, 2 usage. */
export async function runAzureCommand(argv: string[], io: AzureCommandIo): Promise<number> {
  if (argv.length === 0 || argv.includes('--help') || argv.includes('-h')) {
    io.stdout(AZURE_HELP);
    return argv.length === 0 ? 2 : 0;
  }
  const parsed = parse(argv, () => io.config());
  if (typeof parsed === 'string') {
    io.stderr(`${parsed}\n\n${AZURE_HELP}`);
    return 2;
  }
  const config = io.config();
  const credential = io.azureCredential();
  const clients = createHostingClients(
    {
      subscriptionId: parsed.target.subscriptionId,
      armEndpoint: config.azure.armEndpoint,
      maxRetryAfterMs: config.azure.maxRetryAfterMs,
      requestTimeoutMs: config.httpTimeoutMs,
    },
    credential,
  );
  const progress = taskList((t) => io.stdout(t), io.tty);
  const ctx = hostingContext(clients, parsed.target, {
    pollIntervalMs: io.pollIntervalMs ?? config.azure.lroPollIntervalMs,
    report: (e) => progress.report(e),
  });
  try {
    return parsed.action === 'up'
      ? await up(ctx, parsed, io, credential, config.httpTimeoutMs)
      : await down(ctx, parsed, io);
  } catch (err) {
    progress.stop();
    io.stderr(
      `\n${hostingErrorText(err)}\nNothing that was made is lost: run the same command again ` +
        'to continue from here.\n',
    );
    return 1;
  }
}

async function up(
  ctx: HostingContext,
  p: Parsed,
  io: AzureCommandIo,
  credential: TokenCredential,
  timeoutMs: number,
): Promise<number> {
  const plan = await surveyHosting(ctx);
  io.stdout(
    `azure up: ${p.target.name} in ${p.target.resourceGroup} (${p.target.location})\n` +
      `Subscription ${p.target.subscriptionId}\n${planText(plan, p.target.location)}`,
  );
  if (plan.taken.length > 0) {
    io.stderr(
      'Web app, PostgreSQL server and bot names are global: choose another --name. ' +
        'Nothing was changed.\n',
    );
    return 1;
  }
  if (p.dryRun) {
    io.stdout('Dry run: nothing was changed.\n');
    return 0;
  }
  if (!(await confirmed(io, p.yes, 'Create and deploy?'))) return 1;
  const objectId = await operatorObjectId(credential);
  const rootDir = p.project ?? io.rootDir;
  const result = await hostingUp(ctx, { rootDir, credential, timeoutMs }, { objectId });
  const packageFile = await io.writeTeamsPackage(result.identity.clientId);
  io.stdout(upDoneText(result, packageFile));
  return 0;
}

async function down(ctx: HostingContext, p: Parsed, io: AzureCommandIo): Promise<number> {
  const plan = await surveyHosting(ctx);
  const present = plan.items.filter((i) => i.exists);
  io.stdout(
    `azure down: ${p.target.name} in ${p.target.resourceGroup}\n` +
      (present.length
        ? `Will delete (only what azure up made):\n${present.map((i) => `  ${i.kind} ${i.name}`).join('\n')}\n`
        : 'Nothing of it exists.\n'),
  );
  if (p.dryRun) {
    io.stdout('Dry run: nothing was changed.\n');
    return 0;
  }
  if (present.length && !(await confirmed(io, p.yes, 'Delete these?'))) return 1;
  const result = await hostingDown(ctx);
  io.stdout(downDoneText(result));
  return result.rolesLeft === 0 ? 0 : 1;
}

import { commandSyntax } from '../chat/command-syntax';
import { en } from '../chat/messages/catalogues';
import { textReply, type Reply } from '../chat/reply';
import { canaryStatus } from './canary-status';
import { planCanaryFinish } from './canary-finish';
import { canaryEvaluateButtons, planCanaryEvaluate } from './canary-evaluate';
import { defineCommand, type ContextWith } from './command';
import { commandArgs, flag } from './command-args';

const USAGE = 'canary status|evaluate|promote|rollback [endpoint] [--auto] [--dry-run]';

type SubCommand = (
  ctx: ContextWith<'databricks'>,
  endpoint: string,
  flags: { dryRun: boolean; auto: boolean },
) => Promise<Reply>;

/** The sub-words of `canary`, each in its own file. */
const SUBCOMMANDS: Readonly<Record<string, SubCommand>> = {
  status: (ctx, endpoint) => canaryStatus(ctx, endpoint),
  evaluate: (ctx, endpoint, f) => planCanaryEvaluate(ctx, endpoint, f),
  promote: (ctx, endpoint, f) => planCanaryFinish(ctx, 'promote', endpoint, f.dryRun),
  rollback: (ctx, endpoint, f) => planCanaryFinish(ctx, 'rollback', endpoint, f.dryRun),
};

/** Sub-words that change nothing, so any member may run them. */
const READ_ONLY = new Set(['status']);

/**
 * `canary status|evaluate|promote|rollback [endpoint]`: the canary started by `deploy --canary`.
 * Promote and rollback are mutating plans answered by deploy's Confirm / Cancel / Approve;
 * evaluate's plan has its own Start / Cancel.
 */
export const canaryCommand = defineCommand({
  id: 'canary',
  group: 'Models and prompts',
  description: en.commands.canary,
  usage: USAGE,
  examples: [
    'canary status',
    'canary evaluate --auto',
    'canary promote',
    'canary rollback llmops-chat --dry-run',
  ],
  mutating: true,
  readOnly: (args) =>
    READ_ONLY.has(args.positional[0]?.toLowerCase() ?? 'status') || args.flags['dry-run'] === true,
  menu: false,
  args: commandArgs({
    flags: { 'dry-run': flag.switch(), auto: flag.switch() },
    words: { max: 2, what: 'subAndEndpoint' },
  }),
  requires: ['databricks'],
  async handle(ctx, args) {
    const word = args.positional[0]?.toLowerCase() ?? 'status';
    const sub = SUBCOMMANDS[word];
    if (!sub) return textReply(ctx.t('canary.usage', { usage: commandSyntax(USAGE) }));
    const endpoint = args.positional[1] ?? ctx.services.deploy.defaultEndpoint;
    return sub(ctx, endpoint, {
      dryRun: args.flags['dry-run'] === true,
      auto: args.flags.auto === true,
    });
  },
  actions: canaryEvaluateButtons,
});

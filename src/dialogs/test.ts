import { randomUUID } from 'node:crypto';
import { buildSuiteResultCard } from '../cards/suite-result-card';
import { runSuite } from '../workflows/prompting/suite-runner';
import { defineCommand } from './command';
import { cardReply, textReply } from '../chat/reply';
import { commandArgs, flag } from './command-args';
import { predict, resolveTargets } from './predict';

export const testCommand = defineCommand({
  id: 'test',
  group: 'Models and prompts',
  description:
    'Run a prompt suite (YAML with assertions) on one or more targets; shows pass rates.',
  usage: 'test <suite> [--targets a,b]',
  examples: ['test example', 'test example --targets azure,databricks', 'test'],
  mutating: false,
  args: commandArgs({
    flags: { targets: flag.text('--targets azure,databricks') },
    words: { max: 1, what: 'one suite name' },
  }),
  requires: ['model'],
  async handle(ctx, args) {
    const p = ctx.services.prompting;
    const name = args.positional[0];
    if (!name) {
      const known = p.suites.list();
      return textReply(
        known.length
          ? `Which suite? Available: ${known.map((k) => `\`${k}\``).join(', ')}. Example: \`test ${known[0]}\``
          : 'No prompt suites found in the configured folder (PROMPT_SUITES_DIR).',
      );
    }
    const loaded = p.suites.load(name);
    if (!loaded.ok) return textReply(loaded.problem);
    const suite = loaded.suite;
    const names = args.flags.targets ?? (suite.targets ? suite.targets.join(',') : undefined);
    const resolved = resolveTargets(p, names);
    if ('problem' in resolved) return textReply(resolved.problem);
    const runId = randomUUID();
    const report = await runSuite(suite, resolved.targets, (target, messages, settings, prompt) =>
      predict(ctx, p, { source: 'test', target, messages, settings, prompt, runId }),
    );
    ctx.log.info(
      {
        suite: suite.name,
        runId,
        targets: report.targets.map((t) => ({ t: t.target, pass: t.passRate })),
      },
      'prompt suite finished',
    );
    const passed = report.targets.reduce((n, t) => n + t.passed, 0);
    const total = report.targets.reduce((n, t) => n + t.total, 0);
    const tracked = await p.tracker?.logSuite(report, {
      conversationId: ctx.conversation.conversationId,
      requester: ctx.actor.name ?? ctx.actor.key,
    });
    return cardReply(
      buildSuiteResultCard(report, tracked),
      `Suite ${suite.name}: ${passed}/${total} passed`,
    );
  },
});

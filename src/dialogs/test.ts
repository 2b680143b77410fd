import { randomUUID } from 'node:crypto';
import { buildSuiteResultCard } from '../cards/suite-result-card';
import { runSuite } from '../workflows/prompting/suite-runner';
import { gradedKindsOf, type PromptSuite } from '../workflows/prompting/prompt-suite';
import { missingSettings } from '../workflows/prompting/model-graded';
import type { PromptingServices } from '../workflows/prompting/prompting-services';
import { defineCommand } from './command';
import { cardReply, textReply } from '../chat/reply';
import type { Lang, Translate } from '../chat/i18n';
import { messageText } from '../services/describe-error';
import { joinMessages } from '../workflows/prompting/suite-issues';
import { en } from '../chat/messages/catalogues';
import { commandArgs, flag } from './command-args';
import { predict, resolveTargets } from './predict';

/**
 * Why a suite's model-graded assertions cannot be graded here, or undefined. Said before any
 * model call: a suite that could only come back "ungraded" should name the setting instead.
 */
function gradingProblem(
  suite: PromptSuite,
  p: PromptingServices,
  t: Translate,
  lang: Lang,
): string | undefined {
  const kinds = gradedKindsOf(suite);
  if (kinds.length === 0) return undefined;
  const setup = p.suiteGrading;
  if (setup?.problems.length)
    return messageText(
      {
        key: setup.problems.length > 1 ? 'suiteErrors.settingsWrongMany' : 'suites.settingsWrong',
        vars: { suite: suite.name },
        parts: { problems: joinMessages(setup.problems) },
      },
      lang,
    );
  const grading = setup?.grading ?? {};
  // Every missing setting at once: one request to the admin, not one per retry.
  const lines = (['SUITE_GRADER_TARGET', 'SUITE_EMBEDDINGS_TARGET'] as const).flatMap((setting) => {
    const needing = kinds.filter((k) => missingSettings(k, grading).includes(setting));
    if (needing.length === 0) return [];
    return t('suites.needsSetting', {
      suite: suite.name,
      kinds: needing.map((k) => `\`${k}\``).join(', '),
      what: t(`suites.what.${setting}`),
      setting: `\`${setting}\``,
      command: `\`test ${suite.name}\``,
    });
  });
  return lines.length ? lines.join('\n\n') : undefined;
}

export const testCommand = defineCommand({
  id: 'test',
  group: 'Models and prompts',
  description: en.commands.test,
  usage: 'test <suite> [--targets a,b]',
  examples: ['test example', 'test example --targets azure,databricks', 'test'],
  mutating: false,
  args: commandArgs({
    flags: { targets: flag.text('--targets azure,databricks') },
    words: { max: 1, what: 'suiteName' },
  }),
  requires: ['model'],
  async handle(ctx, args) {
    const p = ctx.services.prompting;
    const name = args.positional[0];
    if (!name) {
      const known = p.suites.list();
      return textReply(
        known.length
          ? ctx.t('suites.whichSuite', {
              list: known.map((k) => `\`${k}\``).join(', '),
              example: `\`test ${known[0]}\``,
            })
          : ctx.t('suites.noSuites'),
      );
    }
    const loaded = p.suites.load(name);
    if (!loaded.ok) return textReply(messageText(loaded.said, ctx.lang));
    const suite = loaded.suite;
    const problem = gradingProblem(suite, p, ctx.t, ctx.lang);
    if (problem) return textReply(problem);
    const names = args.flags.targets ?? (suite.targets ? suite.targets.join(',') : undefined);
    const resolved = resolveTargets(p, names);
    if ('problem' in resolved) return textReply(resolved.problem);
    const runId = randomUUID();
    const report = await runSuite(
      suite,
      resolved.targets,
      (target, messages, settings, prompt) =>
        predict(ctx, p, { source: 'test', target, messages, settings, prompt, runId }),
      p.suiteGrading?.grading,
    );
    ctx.log.info(
      {
        suite: suite.name,
        runId,
        targets: report.targets.map((t) => ({
          t: t.target,
          pass: t.passRate,
          ungraded: t.ungraded,
        })),
      },
      'prompt suite finished',
    );
    const passed = report.targets.reduce((n, t) => n + t.passed, 0);
    const ungraded = report.targets.reduce((n, t) => n + t.ungraded, 0);
    const total = report.targets.reduce((n, t) => n + t.total, 0);
    const tracked = await p.tracker?.logSuite(report, {
      conversationId: ctx.conversation.conversationId,
      requester: ctx.actor.name ?? ctx.actor.key,
    });
    const counts = { suite: suite.name, passed, total, ungraded };
    return cardReply(
      buildSuiteResultCard(report, tracked, ctx.lang),
      ctx.t(ungraded ? 'suites.summaryUngraded' : 'suites.summary', counts),
    );
  },
});

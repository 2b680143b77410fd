import { buildCompareCard, type CompareColumn } from '../cards/compare-card';
import type { LlmTarget } from '../services/llm/llm-target';
import { defineCommand } from './command';
import { cardReply, textReply } from '../chat/reply';
import { formatNumber } from '../chat/locale-format';
import { commandArgs, flag } from './command-args';
import { predict, resolveTargets } from './predict';
import { en } from '../chat/messages/catalogues';

const MAX_VARIANTS = 4;

/** Target × temperature variants; with neither flag, the first two configured targets. */
function variants(
  targets: LlmTarget[],
  temperatures: (number | undefined)[],
): { target: LlmTarget; temperature: number | undefined }[] {
  return targets.flatMap((target) => temperatures.map((temperature) => ({ target, temperature })));
}

export const compareCommand = defineCommand({
  id: 'compare',
  group: 'Models and prompts',
  description: en.commands.compare,
  usage: 'compare [--targets a,b] [--temperature x,y] <prompt>',
  examples: [
    'compare --targets azure,databricks What is a feature store?',
    'compare --temperature 0,1 Name a color',
  ],
  mutating: false,
  args: commandArgs({
    flags: {
      targets: flag.text('--targets azure,databricks'),
      temperature: flag.numbers(0, 2, '--temperature 0,1'),
    },
  }),
  requires: ['model'],
  async handle(ctx, args) {
    const p = ctx.services.prompting;
    const prompt = args.text;
    if (prompt === '') return textReply(ctx.t('deploy.compare.what'));
    const temps: (number | undefined)[] = args.flags.temperature ?? [undefined];
    let targets: LlmTarget[];
    if (args.flags.targets !== undefined) {
      const r = resolveTargets(p, args.flags.targets);
      if ('problem' in r) return textReply(r.problem);
      targets = r.targets;
    } else if (temps.length > 1) {
      const r = resolveTargets(p, undefined);
      if ('problem' in r) return textReply(r.problem);
      targets = r.targets;
    } else targets = p.llm.targets.slice(0, 2);
    const list = variants(targets, temps);
    if (list.length < 2) {
      return textReply(ctx.t('deploy.compare.needTwo'));
    }
    if (list.length > MAX_VARIANTS) {
      return textReply(ctx.t('deploy.compare.tooMany', { max: MAX_VARIANTS, count: list.length }));
    }
    const columns: CompareColumn[] = [];
    for (const v of list) {
      const result = await predict(ctx, p, {
        source: 'compare',
        target: v.target,
        messages: [{ role: 'user', content: prompt }],
        settings: v.temperature !== undefined ? { temperature: v.temperature } : {},
        prompt,
      });
      const label =
        v.temperature !== undefined
          ? ctx.t('deploy.compare.temperature', {
              target: v.target.name,
              temperature:
                ctx.lang === 'en'
                  ? String(v.temperature)
                  : formatNumber(v.temperature, ctx.lang, 4),
            })
          : v.target.name;
      columns.push({ label, result });
    }
    return cardReply(
      buildCompareCard(prompt, columns, ctx.lang),
      ctx.t('deploy.compare.summary', { labels: columns.map((c) => c.label).join(' vs ') }),
    );
  },
});

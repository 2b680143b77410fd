import { buildAnswerCard } from '../cards/answer-card';
import { describeTarget } from '../services/llm/llm-target';
import { defineCommand } from './command';
import { en } from '../chat/messages/catalogues';
import { cardReply, textReply } from '../chat/reply';
import { commandArgs, flag } from './command-args';
import { predict, resolveTargets } from './predict';

export const askCommand = defineCommand({
  id: 'ask',
  group: 'Models and prompts',
  description: en.commands.ask,
  usage: 'ask [--target T] [--temperature X] [--max-tokens N] <prompt>',
  examples: ['ask What is MLflow?', 'ask --target databricks Summarize data drift in one line'],
  mutating: false,
  args: commandArgs({
    flags: {
      target: flag.text('--target azure'),
      temperature: flag.number(0, 2),
      'max-tokens': flag.int(1, 32_000),
    },
  }),
  requires: ['model'],
  async handle(ctx, args) {
    const p = ctx.services.prompting;
    const prompt = args.text;
    if (prompt === '') return textReply(ctx.t('chat.askWhat'));
    const resolved = resolveTargets(p, args.flags.target, ctx.t);
    if ('problem' in resolved) return textReply(resolved.problem);
    const target = resolved.targets[0];
    if (!target) return textReply(ctx.t('chat.nameOneTarget'));
    const temperature = args.flags.temperature;
    const maxTokens = args.flags['max-tokens'];
    const result = await predict(ctx, p, {
      source: 'ask',
      target,
      messages: [{ role: 'user', content: prompt }],
      settings: {
        ...(typeof temperature === 'number' ? { temperature } : {}),
        ...(typeof maxTokens === 'number' ? { maxTokens } : {}),
      },
      prompt,
    });
    return cardReply(
      buildAnswerCard({ prompt, target: describeTarget(target), result, lang: ctx.lang }),
      result.text ? result.text.slice(0, 200) : `ask: ${result.status}`,
    );
  },
});

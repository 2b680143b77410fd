import { buildAnswerCard } from '../cards/answer-card';
import { describeTarget } from '../services/llm/llm-target';
import { type Command } from './command';
import { cardReply, textReply } from '../chat/reply';
import { freeText, numberFlag, predict, resolveTargets } from './predict';

const FLAGS = ['target', 'temperature', 'max-tokens'];

export const askCommand: Command = {
  id: 'ask',
  group: 'Models and prompts',
  description:
    'Ask the model one question; shows the answer, latency, tokens and content-filter result.',
  usage: 'ask [--target T] [--temperature X] [--max-tokens N] <prompt>',
  examples: ['ask What is MLflow?', 'ask --target databricks Summarize data drift in one line'],
  mutating: false,
  async handle(ctx, args) {
    const p = ctx.services.prompting;
    const prompt = freeText(args, FLAGS);
    if (!p) return textReply('Prompting is not available in this bot.');
    if (prompt === '') return textReply('Ask what? Example: `ask What is MLflow?`');
    const resolved = resolveTargets(p, args.flags.target);
    if ('problem' in resolved) return textReply(resolved.problem);
    const target = resolved.targets[0];
    if (!target) return textReply('Name one target.');
    const temperature = numberFlag(args, 'temperature', 0, 2);
    const maxTokens = numberFlag(args, 'max-tokens', 1, 32_000);
    for (const v of [temperature, maxTokens])
      if (typeof v === 'object') return textReply(v.problem);
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
      buildAnswerCard({ prompt, target: describeTarget(target), result }),
      result.text ? result.text.slice(0, 200) : `ask: ${result.status}`,
    );
  },
};

import type { LlmResult } from '../services/llm/llm-service';
import { answerBody, clip, filterOutcome } from './answer-card';
import { card, facts, heading, text } from './card';
import { type AdaptiveCard } from '../chat/adaptive-card';
import { escapeMarkdown } from '../chat/escape-markdown';

export interface CompareColumn {
  /** e.g. `azure · temperature 0.2`. */
  label: string;
  result: LlmResult;
}

/** `compare`: one prompt, two (or more) variants side by side; columns stack on narrow screens. */
export function buildCompareCard(prompt: string, columns: readonly CompareColumn[]): AdaptiveCard {
  const each = Math.floor(5_000 / Math.max(1, columns.length));
  return card([
    heading('Compare'),
    text(escapeMarkdown(clip(prompt, 400)), { isSubtle: true, size: 'Small' }),
    {
      type: 'ColumnSet',
      columns: columns.map((c) => ({
        type: 'Column',
        width: 'stretch',
        items: [
          text(`**${c.label}**`),
          ...answerBody({
            ...c.result,
            ...(c.result.text ? { text: clip(c.result.text, each) } : {}),
          }),
          facts([
            ['Status', c.result.status],
            ['Latency', `${Math.round(c.result.latencyMs)} ms`],
            ['Tokens', `${c.result.usage.prompt} + ${c.result.usage.completion}`],
            ['Finish', c.result.finishReason ?? '—'],
            ['Filter', filterOutcome(c.result)],
          ]),
        ],
      })),
    },
  ]);
}

import type { LlmResult } from '../services/llm/llm-service';
import { answerBody, clip, filterOutcome } from './answer-card';
import { card, facts, heading, text } from './card';
import { type AdaptiveCard } from '../chat/adaptive-card';
import { escapeMarkdown } from '../chat/escape-markdown';
import { translator, type Lang } from '../chat/i18n';
import { formatNumber } from '../chat/locale-format';

export interface CompareColumn {
  /** e.g. `azure · temperature 0.2`. */
  label: string;
  result: LlmResult;
}

/** `compare`: one prompt, two (or more) variants side by side; columns stack on narrow screens. */
export function buildCompareCard(
  prompt: string,
  columns: readonly CompareColumn[],
  lang: Lang = 'en',
): AdaptiveCard {
  const t = translator(lang);
  // English keeps its ungrouped digits ("1234 ms"); French groups them ("1 234 ms").
  const num = (n: number) => (lang === 'en' ? String(n) : formatNumber(n, lang, 0));
  const each = Math.floor(5_000 / Math.max(1, columns.length));
  return card([
    heading(t('deploy.compare.title')),
    text(escapeMarkdown(clip(prompt, 400)), { isSubtle: true, size: 'Small' }),
    {
      type: 'ColumnSet',
      columns: columns.map((c) => ({
        type: 'Column',
        width: 'stretch',
        items: [
          text(`**${c.label}**`),
          ...answerBody(
            {
              ...c.result,
              ...(c.result.text ? { text: clip(c.result.text, each) } : {}),
            },
            lang,
          ),
          facts([
            [t('deploy.compare.status'), c.result.status],
            [t('deploy.compare.latency'), `${num(Math.round(c.result.latencyMs))} ms`],
            [
              t('deploy.compare.tokens'),
              `${num(c.result.usage.prompt)} + ${num(c.result.usage.completion)}`,
            ],
            [t('deploy.compare.finish'), c.result.finishReason ?? '—'],
            [t('deploy.compare.filter'), filterOutcome(c.result)],
          ]),
        ],
      })),
    },
  ]);
}

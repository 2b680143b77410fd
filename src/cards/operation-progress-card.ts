import type { OperationState, StepProgress, StepStatus } from '../platform/operations/operation';
import { card, facts, text } from './card';
import { type AdaptiveCard, type CardAction, type CardElement } from '../chat/adaptive-card';
import { translator, type Lang, type Translate } from '../chat/i18n';

/** What any long-running operation (provision, deploy, cleanup) shows on its one card. */
export interface ProgressView {
  readonly title: string;
  /** Short context line: environment, who asked, region. */
  readonly subtitle: string;
  readonly state: OperationState;
  readonly steps: readonly StepProgress[];
  readonly now: number;
  /** Shown once there are any (endpoint, workspace URL, cluster id...). */
  readonly outputs: readonly (readonly [string, string])[];
  /** What went wrong and what to do; shown when the operation failed. */
  readonly error?: string | undefined;
  /** A closing line, e.g. the verification of a cleanup. */
  readonly footer?: string | undefined;
  readonly actions?: readonly CardAction[];
  /** The language of the conversation the card is in; English when not given. */
  readonly lang?: Lang;
}

/** Icon for each step status; the word beside it carries the meaning, colour only helps. */
const STEP_LABEL: Record<StepStatus, { icon: string; color: string }> = {
  pending: { icon: '○', color: 'Default' },
  running: { icon: '◔', color: 'Accent' },
  done: { icon: '✔', color: 'Good' },
  failed: { icon: '✖', color: 'Attention' },
  skipped: { icon: '–', color: 'Default' },
};

/** "42 s", "3 min 5 s", "1 h 2 min": short enough for a phone. */
export function formatElapsed(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min${s % 60 ? ` ${s % 60} s` : ''}`;
  return `${Math.floor(m / 60)} h${m % 60 ? ` ${m % 60} min` : ''}`;
}

function stepRow(step: StepProgress, now: number, t: Translate): CardElement {
  const l = STEP_LABEL[step.status];
  const word = t(`operation.step.${step.status}`);
  const elapsed =
    step.startedAt !== undefined ? formatElapsed((step.finishedAt ?? now) - step.startedAt) : '';
  const note = step.note && step.status !== 'failed' ? step.note : '';
  return {
    type: 'ColumnSet',
    spacing: 'Small',
    columns: [
      {
        type: 'Column',
        width: 'stretch',
        items: [
          text(`${l.icon} **${step.title}**`, { color: l.color }),
          ...(note ? [text(note, { spacing: 'None', size: 'Small', isSubtle: true })] : []),
        ],
      },
      {
        type: 'Column',
        width: 'auto',
        items: [
          text(`${word}${elapsed ? ` · ${elapsed}` : ''}`, {
            size: 'Small',
            horizontalAlignment: 'Right',
          }),
        ],
      },
    ],
  };
}

/**
 * The one card a long-running operation keeps updating in place: every step with its status
 * (icon + word) and elapsed time, the outputs once known, and on failure what to do next.
 */
export function buildProgressCard(view: ProgressView): AdaptiveCard {
  const t = translator(view.lang ?? 'en');
  const body: CardElement[] = [
    {
      type: 'ColumnSet',
      columns: [
        {
          type: 'Column',
          width: 'stretch',
          items: [text(view.title, { weight: 'Bolder', size: 'Medium', style: 'heading' })],
        },
        {
          type: 'Column',
          width: 'auto',
          verticalContentAlignment: 'Center',
          items: [text(t(`operation.stateLabel.${view.state}`), { weight: 'Bolder' })],
        },
      ],
    },
    text(view.subtitle, { spacing: 'None', isSubtle: true, size: 'Small' }),
    ...view.steps.map((s) => stepRow(s, view.now, t)),
  ];
  if (view.outputs.length > 0) {
    body.push({ type: 'Container', separator: true, items: [facts(view.outputs)] });
  }
  if (view.state === 'failed' && view.error) {
    body.push(text(`✖ ${view.error}`, { color: 'Attention', separator: true }));
  }
  if (view.footer) body.push(text(view.footer, { separator: true, weight: 'Bolder' }));
  return card(body, [...(view.actions ?? [])]);
}

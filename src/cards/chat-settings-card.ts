import { card, executeAction, heading, text } from './card';
import { type AdaptiveCard } from '../chat/adaptive-card';

export interface ChatSettingsView {
  systemPrompt: string | undefined;
  temperature: number | undefined;
  maxTokens: number | undefined;
  /** Selected target name (undefined: the default). */
  target: string | undefined;
  targets: readonly string[];
  defaultTarget: string | undefined;
  /** Shown after a save. */
  note?: string;
}

export const SAVE_CHAT_SETTINGS = 'chat.saveSettings';

/** `chat settings`: edit the session's system prompt, sampling and target; Save updates in place. */
export function buildChatSettingsCard(v: ChatSettingsView): AdaptiveCard {
  return card(
    [
      heading('Chat settings'),
      ...(v.note ? [text(v.note, { color: 'Good' })] : []),
      {
        type: 'Input.Text',
        id: 'systemPrompt',
        label: 'System prompt',
        isMultiline: true,
        maxLength: 4000,
        value: v.systemPrompt ?? '',
      },
      {
        type: 'Input.Number',
        id: 'temperature',
        label: 'Temperature (0–2)',
        min: 0,
        max: 2,
        ...(v.temperature !== undefined ? { value: v.temperature } : {}),
      },
      {
        type: 'Input.Number',
        id: 'maxTokens',
        label: 'Max tokens',
        min: 1,
        max: 32000,
        ...(v.maxTokens !== undefined ? { value: v.maxTokens } : {}),
      },
      {
        type: 'Input.ChoiceSet',
        id: 'target',
        label: 'Target',
        style: 'compact',
        value: v.target ?? v.defaultTarget ?? '',
        choices: v.targets.map((t) => ({ title: t, value: t })),
      },
    ],
    [executeAction('Save', { verb: SAVE_CHAT_SETTINGS })],
  );
}

import { card, executeAction, heading, text } from './card';
import { type AdaptiveCard } from '../chat/adaptive-card';
import { translator, type Lang } from '../chat/i18n';

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
  /** The reader's language; English when not given. */
  lang?: Lang;
}

export const SAVE_CHAT_SETTINGS = 'chat.saveSettings';

/** `chat settings`: edit the session's system prompt, sampling and target; Save updates in place. */
export function buildChatSettingsCard(v: ChatSettingsView): AdaptiveCard {
  const t = translator(v.lang ?? 'en');
  return card(
    [
      heading(t('chat.settings.title')),
      ...(v.note ? [text(v.note, { color: 'Good' })] : []),
      {
        type: 'Input.Text',
        id: 'systemPrompt',
        label: t('chat.settings.systemPrompt'),
        isMultiline: true,
        maxLength: 4000,
        value: v.systemPrompt ?? '',
      },
      {
        type: 'Input.Number',
        id: 'temperature',
        label: t('chat.settings.temperature'),
        min: 0,
        max: 2,
        ...(v.temperature !== undefined ? { value: v.temperature } : {}),
      },
      {
        type: 'Input.Number',
        id: 'maxTokens',
        label: t('chat.settings.maxTokens'),
        min: 1,
        max: 32000,
        ...(v.maxTokens !== undefined ? { value: v.maxTokens } : {}),
      },
      {
        type: 'Input.ChoiceSet',
        id: 'target',
        label: t('chat.settings.target'),
        style: 'compact',
        value: v.target ?? v.defaultTarget ?? '',
        choices: v.targets.map((t) => ({ title: t, value: t })),
      },
    ],
    [executeAction(t('chat.settings.save'), { verb: SAVE_CHAT_SETTINGS })],
  );
}

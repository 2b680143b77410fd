import { card, executeAction, heading, text, type AdaptiveCard, type CardElement } from './card';

export interface HelpEntry {
  id: string;
  usage: string;
  description: string;
  example: string | undefined;
  mutating: boolean;
}

export interface HelpView {
  botName: string;
  entries: readonly HelpEntry[];
  /** Shown first when the user typed something the bot did not understand. */
  hint?: string;
  /** Commands offered as one-tap buttons. */
  quickActions?: readonly string[];
}

/** The command list, generated from the registry, compact enough for a phone. */
export function buildHelpCard(view: HelpView): AdaptiveCard {
  const body: CardElement[] = [];
  if (view.hint) body.push(text(view.hint, { color: 'Attention', weight: 'Bolder' }));
  body.push(heading(`${view.botName} commands`));
  body.push(
    text('In a channel or group chat, @mention the bot first. Add --dry-run to preview a change.', {
      isSubtle: true,
      spacing: 'None',
    }),
  );
  for (const e of view.entries) {
    const items: CardElement[] = [
      text(`**${e.usage}**${e.mutating ? ' · needs permission' : ''}`, { spacing: 'Small' }),
      text(e.description, { spacing: 'None', isSubtle: true }),
    ];
    if (e.example) {
      items.push(
        text(`Example: ${e.example}`, { spacing: 'None', size: 'Small', fontType: 'Monospace' }),
      );
    }
    body.push({ type: 'Container', separator: true, spacing: 'Small', items });
  }
  const actions = (view.quickActions ?? []).map((id) =>
    executeAction(id === 'whoami' ? 'Who am I?' : id.charAt(0).toUpperCase() + id.slice(1), {
      verb: 'run',
      command: id,
    }),
  );
  return card(body, actions);
}

import { card, executeAction, heading, text } from './card';
import { commandSyntax, keepPlaceholders } from '../chat/command-syntax';
import { type AdaptiveCard, type CardElement } from '../chat/adaptive-card';

export interface HelpEntry {
  id: string;
  group: string;
  usage: string;
  description: string;
  examples: readonly string[];
  mutating: boolean;
  /** A mutating command that acts at once, without a plan to confirm (subscribe). */
  actsAtOnce?: boolean;
  /** Its `--dry-run` changes nothing and needs no permission. */
  openDryRun?: boolean;
}

export interface HelpView {
  botName: string;
  entries: readonly HelpEntry[];
  /** Section order; entries of other groups follow at the end. */
  groups: readonly string[];
  /** Shown first when the user typed something the bot did not understand. */
  hint?: string;
  /** Commands offered as one-tap buttons. */
  quickActions?: readonly string[];
}

/** Plain text, not an emoji: it must read the same in every client font. */
const NEEDS_PERMISSION = ' (needs permission)';

/** What a changing command promises: only what its flow really does. */
function changeNote(e: HelpEntry): string {
  if (!e.mutating) return '';
  if (e.actsAtOnce) return ' Needs permission; takes effect at once (no plan to confirm).';
  const dryRun = e.openDryRun
    ? ' With --dry-run it only shows the plan, and anyone may run it.'
    : '';
  return ` Needs permission, shows a plan first and asks you to confirm.${dryRun}`;
}

function detail(e: HelpEntry): CardElement[] {
  const examples = e.examples.filter((x) => x !== e.id);
  return [
    text(commandSyntax(e.usage), { spacing: 'Small' }),
    text(`${keepPlaceholders(e.description)}${changeNote(e)}`, { spacing: 'None' }),
    ...(examples.length > 0
      ? [
          text(`Examples: ${examples.map((x) => `"${keepPlaceholders(x)}"`).join(' · ')}`, {
            spacing: 'Small',
            isSubtle: true,
            size: 'Small',
          }),
        ]
      : []),
  ];
}

/**
 * The command list, generated from the registry. The overview is one line per command,
 * grouped, so it stays short on a phone; `help <command>` shows syntax and examples.
 */
export function buildHelpCard(view: HelpView): AdaptiveCard {
  const body: CardElement[] = [];
  if (view.hint) body.push(text(view.hint, { color: 'Attention', weight: 'Bolder' }));
  if (view.entries.length === 1 && view.entries[0]) {
    body.push(heading(`Help: ${view.entries[0].id}`), ...detail(view.entries[0]));
  } else {
    body.push(heading(`${view.botName} commands`));
    body.push(
      text(
        'In a channel or group chat, @mention me first. Type "help" and a command name (e.g. "help ask") for syntax and examples.',
        {
          isSubtle: true,
          size: 'Small',
          spacing: 'None',
        },
      ),
    );
    const order = [
      ...view.groups,
      ...new Set(view.entries.map((e) => e.group).filter((g) => !view.groups.includes(g))),
    ];
    for (const group of order) {
      const entries = view.entries.filter((e) => e.group === group);
      if (entries.length === 0) continue;
      body.push(text(group, { weight: 'Bolder', separator: true, spacing: 'Medium' }));
      for (const e of entries) {
        body.push(
          text(
            `**${e.id}**${e.mutating ? NEEDS_PERMISSION : ''} · ${keepPlaceholders(e.description)}`,
            {
              spacing: 'Small',
            },
          ),
        );
      }
    }
  }
  const actions = (view.quickActions ?? []).map((id) =>
    executeAction(id === 'whoami' ? 'Who am I?' : id.charAt(0).toUpperCase() + id.slice(1), {
      verb: 'run',
      command: id,
    }),
  );
  return card(body, actions);
}

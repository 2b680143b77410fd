import { card, executeAction, heading, text } from './card';
import { commandSyntax, keepPlaceholders } from '../chat/command-syntax';
import { type AdaptiveCard, type CardElement } from '../chat/adaptive-card';
import { translator, type Lang, type Translate } from '../chat/i18n';

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
  /** Other first words that run it (French help lists them). */
  aliases?: readonly string[];
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
  /** The reader's language; English when not given. */
  lang?: Lang;
}

/** What a changing command promises: only what its flow really does. */
function changeNote(e: HelpEntry, t: Translate): string {
  if (!e.mutating) return '';
  if (e.actsAtOnce) return t('help.actsAtOnce');
  return `${t('help.plansFirst')}${e.openDryRun ? t('help.dryRunOpen') : ''}`;
}

/** The words that also run a command; only French help shows them (they are French words). */
const aliasNote = (e: HelpEntry, t: Translate, lang: Lang): string =>
  lang === 'fr' && e.aliases && e.aliases.length > 0
    ? ` ${t('help.synonyms', { words: e.aliases.map((word) => t('help.quoted', { word })).join(', ') })}`
    : '';

function detail(e: HelpEntry, t: Translate, lang: Lang): CardElement[] {
  const examples = e.examples.filter((x) => x !== e.id);
  return [
    text(commandSyntax(e.usage), { spacing: 'Small' }),
    text(`${keepPlaceholders(e.description)}${changeNote(e, t)}${aliasNote(e, t, lang)}`, {
      spacing: 'None',
    }),
    ...(examples.length > 0
      ? [
          text(
            t('help.examples', {
              examples: examples
                .map((x) => t('help.quoted', { word: keepPlaceholders(x) }))
                .join(' · '),
            }),
            { spacing: 'Small', isSubtle: true, size: 'Small' },
          ),
        ]
      : []),
  ];
}

/** A group's heading in the reader's language; a group the catalogue lacks keeps its name. */
function groupTitle(group: string, t: Translate): string {
  const title = t(`help.group.${group}` as 'help.group.Bot');
  return title.startsWith('help.group.') ? group : title;
}

/** A quick-action button's title; a command without its own label shows its capitalised id. */
function buttonTitle(id: string, t: Translate): string {
  if (id === 'status' || id === 'whoami') return t(`help.button.${id}`);
  return id.charAt(0).toUpperCase() + id.slice(1);
}

/**
 * The command list, generated from the registry. The overview is one line per command,
 * grouped, so it stays short on a phone; `help <command>` shows syntax and examples.
 */
export function buildHelpCard(view: HelpView): AdaptiveCard {
  const lang = view.lang ?? 'en';
  const t = translator(lang);
  const body: CardElement[] = [];
  if (view.hint) body.push(text(view.hint, { color: 'Attention', weight: 'Bolder' }));
  if (view.entries.length === 1 && view.entries[0]) {
    const only = view.entries[0];
    body.push(heading(t('help.titleOne', { command: only.id })), ...detail(only, t, lang));
  } else {
    body.push(heading(t('help.title', { botName: view.botName })));
    body.push(text(t('help.intro'), { isSubtle: true, size: 'Small', spacing: 'None' }));
    const order = [
      ...view.groups,
      ...new Set(view.entries.map((e) => e.group).filter((g) => !view.groups.includes(g))),
    ];
    for (const group of order) {
      const entries = view.entries.filter((e) => e.group === group);
      if (entries.length === 0) continue;
      body.push(
        text(groupTitle(group, t), { weight: 'Bolder', separator: true, spacing: 'Medium' }),
      );
      for (const e of entries) {
        body.push(
          text(
            `**${e.id}**${e.mutating ? t('help.needsPermission') : ''} · ${keepPlaceholders(e.description)}${aliasNote(e, t, lang)}`,
            {
              spacing: 'Small',
            },
          ),
        );
      }
    }
  }
  const actions = (view.quickActions ?? []).map((id) =>
    executeAction(buttonTitle(id, t), { verb: 'run', command: id }),
  );
  return card(body, actions);
}

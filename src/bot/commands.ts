import { auditCommand } from '../dialogs/audit';
import { askCommand } from '../dialogs/ask';
import { chatCommand } from '../dialogs/chat';
import { cleanupCommand } from '../dialogs/cleanup';
import { compareCommand } from '../dialogs/compare';
import { deployCommand } from '../dialogs/deploy';
import { rollbackCommand } from '../dialogs/rollback';
import { canaryCommand } from '../dialogs/canary';
import { driftCommand } from '../dialogs/drift';
import { subscribeCommand } from '../dialogs/subscribe';
import { subscriptionsCommand } from '../dialogs/subscriptions';
import { unsubscribeCommand } from '../dialogs/unsubscribe';
import { testCommand } from '../dialogs/test';
import type { AnyCommand } from '../dialogs/command';
import { fold, type CommandSynonyms } from '../dialogs/suggest-command';
import { helpCommand } from '../dialogs/help';
import { provisionCommand } from '../dialogs/provision';
import { runCommand } from '../dialogs/run';
import { runsCommand } from '../dialogs/runs';
import { statusCommand } from '../dialogs/status';
import { whoamiCommand } from '../dialogs/whoami';
import { languageCommand } from '../dialogs/language';

/**
 * The Teams command menu: a manifest list holds at most 10 entries, so it offers the commands
 * people reach for first. Every command stays in `help` either way.
 */
const MENU = new Set([
  'help',
  'status',
  'ask',
  'chat',
  'test',
  'deploy',
  'runs',
  'drift',
  'subscribe',
  'provision',
]);

/**
 * The command registry: an explicit list, in the order help shows it. Adding a command is
 * one import and one entry here; the manifest's command menu is generated from this list.
 */
const registry: readonly AnyCommand[] = [
  helpCommand,
  statusCommand,
  whoamiCommand,
  languageCommand,
  auditCommand,
  askCommand,
  chatCommand,
  compareCommand,
  testCommand,
  deployCommand,
  rollbackCommand,
  canaryCommand,
  runsCommand,
  runCommand,
  driftCommand,
  subscribeCommand,
  unsubscribeCommand,
  subscriptionsCommand,
  provisionCommand,
  cleanupCommand,
];

/**
 * Other ways people name each command, for messages that are no command: "tear down the lab"
 * is answered "Did you mean `cleanup`?". Matched as whole words, without case or accents.
 * No bare "delete" or "remove": "please don't delete" must not be read as a cleanup.
 */
export const synonyms: CommandSynonyms = {
  help: ['aide', 'commands', 'commandes'],
  status: ['statut', 'health', 'état', 'santé'],
  whoami: ['who am i', 'qui suis-je'],
  language: ['langue', 'idioma'],
  audit: ['audit log', 'history', 'historique', 'journal'],
  ask: ['question', 'demander'],
  chat: ['conversation', 'discuter'],
  compare: ['comparer', 'side by side'],
  test: ['evaluate', 'eval', 'évaluer', 'tester'],
  deploy: ['deployment', 'déployer', 'déploie', 'déploiement', 'ship it', 'roll out'],
  rollback: ['roll back', 'revert', 'revenir en arrière'],
  runs: ['exécutions', 'experiments', 'expériences', 'mlflow'],
  run: ['exécution'],
  drift: ['dérive', 'data drift'],
  subscribe: ['notify me', 'alert me', 'abonner'],
  unsubscribe: ['stop notifications', 'désabonner'],
  subscriptions: ['abonnements'],
  provision: ['set up the lab', 'create the lab', 'provisionner'],
  cleanup: ['clean up', 'tear down', 'teardown', 'nettoyer', 'nettoyage'],
};

/**
 * The French words typed in place of a command word: each runs its command exactly like the
 * English word (the router) and is listed in the French help. Every one is also in `synonyms`,
 * which stays the single table of other names for a command.
 */
const TYPED_SYNONYMS = ['aide', 'statut', 'nettoyer', 'déployer', 'dérive', 'exécutions'];

/**
 * The typed French words of one command, each also without its accents (`deployer`): many
 * keyboards outside France make accents a chore, and the suggestion table folds them too.
 */
const typedSynonymsOf = (id: string): string[] => [
  ...new Set(
    (synonyms[id] ?? []).filter((w) => TYPED_SYNONYMS.includes(w)).flatMap((w) => [w, fold(w)]),
  ),
];

export const commands: readonly AnyCommand[] = registry.map((c) => ({
  ...c,
  menu: MENU.has(c.id),
  aliases: typedSynonymsOf(c.id),
}));

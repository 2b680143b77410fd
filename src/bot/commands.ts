import { auditCommand } from '../dialogs/audit';
import { askCommand } from '../dialogs/ask';
import { chatCommand } from '../dialogs/chat';
import { cleanupCommand } from '../dialogs/cleanup';
import { compareCommand } from '../dialogs/compare';
import { deployCommand } from '../dialogs/deploy';
import { rollbackCommand } from '../dialogs/rollback';
import { driftCommand } from '../dialogs/drift';
import { subscribeCommand } from '../dialogs/subscribe';
import { subscriptionsCommand } from '../dialogs/subscriptions';
import { unsubscribeCommand } from '../dialogs/unsubscribe';
import { testCommand } from '../dialogs/test';
import type { AnyCommand } from '../dialogs/command';
import type { CommandSynonyms } from '../dialogs/suggest-command';
import { helpCommand } from '../dialogs/help';
import { provisionCommand } from '../dialogs/provision';
import { runCommand } from '../dialogs/run';
import { runsCommand } from '../dialogs/runs';
import { statusCommand } from '../dialogs/status';
import { whoamiCommand } from '../dialogs/whoami';

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
  auditCommand,
  askCommand,
  chatCommand,
  compareCommand,
  testCommand,
  deployCommand,
  rollbackCommand,
  runsCommand,
  runCommand,
  driftCommand,
  subscribeCommand,
  unsubscribeCommand,
  subscriptionsCommand,
  provisionCommand,
  cleanupCommand,
];

export const commands: readonly AnyCommand[] = registry.map((c) => ({
  ...c,
  menu: MENU.has(c.id),
}));

/**
 * Other ways people name each command, for messages that are no command: "tear down the lab"
 * is answered "Did you mean `cleanup`?". Matched as whole words, without case or accents.
 * No bare "delete" or "remove": "please don't delete" must not be read as a cleanup.
 */
export const synonyms: CommandSynonyms = {
  help: ['aide', 'commands', 'commandes'],
  status: ['health', 'état', 'santé'],
  whoami: ['who am i', 'qui suis-je'],
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

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

import { auditCommand } from '../dialogs/audit';
import { askCommand } from '../dialogs/ask';
import { chatCommand } from '../dialogs/chat';
import { compareCommand } from '../dialogs/compare';
import { testCommand } from '../dialogs/test';
import type { Command } from '../dialogs/command';
import { helpCommand } from '../dialogs/help';
import { runCommand } from '../dialogs/run';
import { runsCommand } from '../dialogs/runs';
import { statusCommand } from '../dialogs/status';
import { whoamiCommand } from '../dialogs/whoami';

/**
 * The command registry: an explicit list, in the order help shows it. Adding a command is
 * one import and one entry here; the manifest's command menu is checked against this list.
 */
export const commands: readonly Command[] = [
  helpCommand,
  statusCommand,
  whoamiCommand,
  auditCommand,
  askCommand,
  chatCommand,
  compareCommand,
  testCommand,
  runsCommand,
  runCommand,
];

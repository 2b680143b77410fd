import { card, executeAction, text } from './card';
import type { AdaptiveCard } from '../chat/adaptive-card';

/** Id of the edit box; its value reaches the router as the `line` of a `run` button. */
export const EDITED_LINE = 'line';

/**
 * How the model read a free sentence, as a command line the user runs or edits. Nothing runs
 * until a button is pressed, and then it is the typed command's path: permission, plan, confirm.
 */
export function buildReadingCard(line: string): AdaptiveCard {
  const edit: AdaptiveCard = card(
    [
      {
        type: 'Input.Text',
        id: EDITED_LINE,
        label: 'Command',
        value: line,
        isRequired: true,
        errorMessage: 'Type a command, e.g. help',
      },
    ],
    [executeAction('Run', { verb: 'run' })],
  );
  return card(
    [
      text(`I read this as \`${line}\``, { weight: 'Bolder' }),
      text('Nothing runs until you press Run. Send `help` for all commands.', {
        isSubtle: true,
        size: 'Small',
      }),
    ],
    [
      executeAction('Run', { verb: 'run', line }, { style: 'positive' }),
      { type: 'Action.ShowCard', title: 'Edit', card: edit },
    ],
  );
}

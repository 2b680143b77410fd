import { card, executeAction, text } from './card';
import type { AdaptiveCard } from '../chat/adaptive-card';
import { translator, type Lang } from '../chat/i18n';

/** Id of the edit box; its value reaches the router as the `line` of a `run` button. */
export const EDITED_LINE = 'line';

/**
 * How the model read a free sentence, as a command line the user runs or edits. Nothing runs
 * until a button is pressed, and then it is the typed command's path: permission, plan, confirm.
 */
export function buildReadingCard(line: string, lang: Lang = 'en'): AdaptiveCard {
  const t = translator(lang);
  const edit: AdaptiveCard = card(
    [
      {
        type: 'Input.Text',
        id: EDITED_LINE,
        label: t('chat.reading.command'),
        value: line,
        isRequired: true,
        errorMessage: t('chat.reading.typeCommand'),
      },
    ],
    [executeAction(t('chat.reading.run'), { verb: 'run' })],
  );
  return card(
    [
      text(t('chat.reading.readAs', { line }), { weight: 'Bolder' }),
      text(t('chat.reading.nothingRuns'), {
        isSubtle: true,
        size: 'Small',
      }),
    ],
    [
      executeAction(t('chat.reading.run'), { verb: 'run', line }, { style: 'positive' }),
      { type: 'Action.ShowCard', title: t('chat.reading.edit'), card: edit },
    ],
  );
}

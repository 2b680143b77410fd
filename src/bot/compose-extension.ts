import type { InvokeResponse, TurnContext } from 'botbuilder';
import type { Unfurl } from '../cards/unfurl-card';
import type { DialogServices } from '../dialogs/dialog-services';
import { searchRunUnfurls, unfurlLink } from '../dialogs/link-unfurl';
import { langOf } from '../chat/i18n';
import type { Logger } from '../platform/logging/logger';
import { turnRecordOf } from './turn-record';

/** The message extension's search command, as manifest/manifest.json declares it. */
export const SEARCH_COMMAND_ID = 'searchRuns';

export const COMPOSE_EXTENSION_INVOKES = [
  'composeExtension/queryLink',
  'composeExtension/anonymousQueryLink',
  'composeExtension/query',
] as const;

const CARD = 'application/vnd.microsoft.card.adaptive';
const THUMBNAIL = 'application/vnd.microsoft.card.thumbnail';

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const obj = (v: unknown): Record<string, unknown> =>
  v && typeof v === 'object' ? (v as Record<string, unknown>) : {};

/**
 * Teams' answer shape for link unfurling and search: the card with a thumbnail preview each.
 * No card is `attachments: []`, which Teams shows as a plain link, never as an error.
 */
function result(items: readonly Unfurl[]): InvokeResponse {
  return {
    status: 200,
    body: {
      composeExtension: {
        type: 'result',
        attachmentLayout: 'list',
        attachments: items.map((u) => ({
          contentType: CARD,
          content: u.card,
          preview: { contentType: THUMBNAIL, content: u.preview },
        })),
      },
    },
  };
}

/** The typed search text; the first open of the search box (`initialRun`) searches for nothing. */
function queryText(value: unknown): string {
  const parameters = obj(value).parameters;
  const first = Array.isArray(parameters) ? obj(parameters[0]) : {};
  return first.name === 'initialRun' ? '' : (str(first.value) ?? '');
}

/**
 * The message extension: link unfurling (`queryLink`, and `anonymousQueryLink` before the app
 * is installed) and the run search command. Everything it answers is read with the bot's own
 * MLflow and Databricks credentials, so UNFURL_ENABLED switches all of it off.
 */
export async function composeExtensionInvoke(
  turn: TurnContext,
  services: DialogServices,
  log: Logger,
): Promise<InvokeResponse> {
  const { name } = turn.activity;
  const value: unknown = turn.activity.value;
  // Two metric labels, so unfurls and searches are counted apart from other invokes; a read
  // failure answers "no card" but still counts as an error.
  const record = turnRecordOf(turn);
  record.command = name === 'composeExtension/query' ? 'runs search' : 'unfurl';
  const onError = (err: unknown) => {
    record.outcome = 'error';
    log.warn({ err, name, activityId: turn.activity.id }, 'compose extension read failed; no card');
  };
  const now = Date.now();
  // Unfurls and searches answer the person typing, in their Teams client's language.
  const lang = langOf(turn.activity.locale);
  if (name === 'composeExtension/query') {
    if (obj(value).commandId !== SEARCH_COMMAND_ID) return result([]);
    // One page only: MLflow pages by token, not offset, so a scroll (`skip` > 0) would repeat
    // the first page; ten newest runs is what the search shows.
    const skip = obj(obj(value).queryOptions).skip;
    if (typeof skip === 'number' && skip > 0) return result([]);
    return result(await searchRunUnfurls(services, queryText(value), now, onError, lang));
  }
  const url = str(obj(value).url);
  if (!url) return result([]);
  const anonymous =
    name === 'composeExtension/anonymousQueryLink' && services.unfurl?.anonymousDetails !== true;
  const unfurl = await unfurlLink(services, url, { anonymous, now, lang }, onError);
  return result(unfurl ? [unfurl] : []);
}

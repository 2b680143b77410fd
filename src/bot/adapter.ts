import { randomUUID } from 'node:crypto';
import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  INVOKE_RESPONSE_KEY,
  type Activity,
  type InvokeResponse,
  type Request as BotRequest,
  type Response as BotResponse,
  type TurnContext,
} from 'botbuilder';
import type { Config } from '../config';
import type { Logger } from '../platform/logging/logger';
import type { Telemetry } from '../platform/telemetry/telemetry';
import {
  connectorFailureFields,
  DeadlineBotFrameworkAuthentication,
  isConnectorFailure,
} from './connector-deadline';
import { userErrorText } from './user-error-text';
import { langOf } from '../chat/i18n';

export type { BotRequest, BotResponse };

/**
 * CloudAdapter with Bot Framework auth from our validated config (never from the environment
 * directly). With no app id, auth is off: fine for local use and the Playground, refused in
 * production by config validation.
 */
export function createAdapter(
  config: Readonly<Config>,
  log: Logger,
  /** Counts Teams' 429s (llmops_throttled_total{service="teams"}). */
  telemetry?: Pick<Telemetry, 'throttled'>,
): BotAdapter {
  const auth = new DeadlineBotFrameworkAuthentication(
    {
      MicrosoftAppId: config.bot.appId ?? '',
      MicrosoftAppPassword: config.bot.appPassword ?? '',
      // Without an app id there is no identity to type: botbuilder would refuse SingleTenant
      // (the default) with no id, and auth is off anyway.
      MicrosoftAppType: config.bot.appId === undefined ? 'MultiTenant' : config.bot.appType,
      MicrosoftAppTenantId: config.bot.tenantId ?? '',
    },
    config.httpTimeoutMs,
    telemetry && (() => telemetry.throttled('teams')),
  );
  const adapter = new BotAdapter(auth, log);
  adapter.onTurnError = async (turn: TurnContext, err: unknown) => {
    const ref = randomUUID().slice(0, 8);
    const { activity } = turn;
    const where = { ref, activityId: activity.id, conversationId: activity.conversation.id };
    if (isConnectorFailure(err, activity.serviceUrl)) {
      // The reply could not reach the activity's serviceUrl; a message about it would not either.
      log.warn(
        { ...where, serviceUrl: activity.serviceUrl, ...connectorFailureFields(err) },
        'reply not delivered to the serviceUrl',
      );
      answerInvoke(turn, 400, 'BadRequest', 'The reply could not be delivered to the serviceUrl.');
      return;
    }
    log.error({ ...where, err }, 'unhandled turn error');
    if (activity.type === 'invoke') {
      answerInvoke(turn, 500, 'InternalError', `The bot failed (ref: ${ref}).`);
      return;
    }
    try {
      await turn.sendActivity(userErrorText(err, ref, langOf(turn.activity.locale)));
    } catch (sendErr) {
      log.warn(
        { ref, ...connectorFailureFields(sendErr) },
        'could not tell the user about an error',
      );
    }
  };
  return adapter;
}

/**
 * Sets a failed invoke's response: without one botbuilder answers 501, as if the invoke's name
 * were unknown. No-op for other activities, whose HTTP answer carries no body.
 */
function answerInvoke(turn: TurnContext, status: number, code: string, message: string): void {
  if (turn.activity.type !== 'invoke') return;
  turn.turnState.set(INVOKE_RESPONSE_KEY, {
    type: 'invokeResponse',
    value: { status, body: { error: { code, message } } },
  });
}

/**
 * CloudAdapter that answers authentication failures itself. botbuilder's own `process()` turns
 * any non-AuthenticationError thrown while checking the token into a 500 whose body is the raw
 * error text (a well-formed forged JWT makes it fetch OpenID metadata; offline that fails with
 * "request to https://login.botframework.com/... failed"), and console.errors every refusal.
 */
export class BotAdapter extends CloudAdapter {
  constructor(
    auth: ConfigurationBotFrameworkAuthentication,
    private readonly log: Logger,
  ) {
    super(auth);
  }

  /** Checks the Authorization header, then runs the turn; `undefined` status means 401. */
  async processInbound(
    authHeader: string,
    activity: Activity,
    logic: (turn: TurnContext) => Promise<void>,
  ): Promise<{ authorized: false } | { authorized: true; invoke: InvokeResponse | undefined }> {
    const auth = await this.botFrameworkAuthentication
      .authenticateRequest(activity, authHeader)
      .then(
        (result) => ({ result }),
        (err: unknown) => ({ err }),
      );
    if ('err' in auth) {
      // botbuilder marks a rejected token with statusCode 401; anything else means the token
      // could not be checked at all (OpenID metadata unreachable), which an operator must see.
      const checked = (auth.err as { statusCode?: unknown } | undefined)?.statusCode === 401;
      const reason = auth.err instanceof Error ? auth.err.message : String(auth.err);
      if (checked) this.log.info({ reason }, 'request not authenticated');
      else this.log.error({ reason }, 'could not verify the request token');
      return { authorized: false };
    }
    return { authorized: true, invoke: await this.processActivity(auth.result, activity, logic) };
  }
}

/**
 * Runs one inbound turn (JWT check included). The server has already checked that the body is
 * an activity-shaped object. A request that fails authentication gets 401 with a fixed text,
 * whatever went wrong, so nothing internal leaks to an unauthenticated caller.
 */
export async function processActivity(
  adapter: BotAdapter,
  req: BotRequest,
  res: BotResponse,
  logic: (turn: TurnContext) => Promise<void>,
): Promise<void> {
  // restify hands over parsed JSON; the server checked its shape before this point.
  const activity = req.body as unknown as Activity;
  // As botbuilder's validateAndFixActivity: handlers expect Date timestamps.
  if (typeof activity.timestamp === 'string') activity.timestamp = new Date(activity.timestamp);
  if (typeof activity.localTimestamp === 'string') {
    activity.localTimestamp = new Date(activity.localTimestamp);
  }
  const header = req.headers.authorization ?? req.headers.Authorization;
  const outcome = await adapter.processInbound(
    typeof header === 'string' ? header : '',
    activity,
    logic,
  );
  if (!outcome.authorized) {
    res.status(401);
    res.send({ error: { code: 'Unauthorized', message: 'The request is not authorized.' } });
    res.end();
    return;
  }
  res.status(outcome.invoke?.status ?? 200);
  if (outcome.invoke?.body !== undefined) res.send(outcome.invoke.body);
  res.end();
}

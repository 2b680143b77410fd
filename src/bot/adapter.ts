import { randomUUID } from 'node:crypto';
import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type Request as BotRequest,
  type Response as BotResponse,
  type TurnContext,
} from 'botbuilder';
import type { Config } from '../config';
import type { Logger } from '../services/logging/logger';
import { userErrorText } from './user-error-text';

export type { BotRequest, BotResponse };

/**
 * CloudAdapter with Bot Framework auth from our validated config (never from process.env
 * directly). With no app id, auth is off: fine for local use and the Playground, refused in
 * production by config validation.
 */
export function createAdapter(config: Readonly<Config>, log: Logger): CloudAdapter {
  const auth = new ConfigurationBotFrameworkAuthentication({
    MicrosoftAppId: config.bot.appId ?? '',
    MicrosoftAppPassword: config.bot.appPassword ?? '',
    MicrosoftAppType: config.bot.appType,
    MicrosoftAppTenantId: config.bot.tenantId ?? '',
  });
  const adapter = new CloudAdapter(auth);
  adapter.onTurnError = async (turn: TurnContext, err: unknown) => {
    const ref = randomUUID().slice(0, 8);
    log.error(
      { err, ref, activityId: turn.activity.id, conversationId: turn.activity.conversation?.id },
      'unhandled turn error',
    );
    if (turn.activity.type === 'invoke') return; // the invoke response reports it
    try {
      await turn.sendActivity(userErrorText(err, ref));
    } catch (sendErr) {
      log.warn({ err: sendErr, ref }, 'could not tell the user about an error');
    }
  };
  return adapter;
}

/** Runs one inbound turn through the adapter (JWT check included). */
export async function processActivity(
  adapter: CloudAdapter,
  req: BotRequest,
  res: BotResponse,
  logic: (turn: TurnContext) => Promise<void>,
): Promise<void> {
  await adapter.process(req, res, logic);
}

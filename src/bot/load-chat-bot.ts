import type { RouterDeps } from './router';
import type { TeamsBot, TeamsBotDeps } from './teams-bot';

/**
 * The chat side: router, commands and through them every dialog and card (about 200 modules).
 * Kept behind one function so the composition root decides when they load.
 */
export async function loadChatBot(
  deps: Pick<RouterDeps, 'services' | 'log' | 'turnTimeoutMs'> &
    Pick<TeamsBotDeps, 'conversations' | 'telemetry' | 'botName'>,
): Promise<TeamsBot> {
  const [{ commands, synonyms }, { Router }, { TeamsBot }] = await Promise.all([
    import('./commands.js'),
    import('./router.js'),
    import('./teams-bot.js'),
  ]);
  const router = new Router({ ...deps, commands, synonyms });
  return new TeamsBot({
    router,
    conversations: deps.conversations,
    log: deps.log,
    botName: deps.botName,
    telemetry: deps.telemetry,
    services: deps.services,
  });
}

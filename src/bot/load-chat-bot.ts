import type { RouterDeps } from './router';
import type { TeamsBot, TeamsBotDeps } from './teams-bot';

/**
 * The chat side: router, commands and through them every dialog and card (about 200 modules,
 * most of our own idle memory). The composition root calls this at the first activity, not at
 * start: nothing before a turn needs it.
 */
export async function loadChatBot(
  deps: Pick<RouterDeps, 'services' | 'log' | 'turnTimeoutMs'> &
    Pick<TeamsBotDeps, 'conversations' | 'telemetry' | 'botName'>,
): Promise<TeamsBot> {
  const [{ commands }, { Router }, { TeamsBot }] = await Promise.all([
    import('./commands.js'),
    import('./router.js'),
    import('./teams-bot.js'),
  ]);
  const router = new Router({ ...deps, commands });
  return new TeamsBot({
    router,
    conversations: deps.conversations,
    log: deps.log,
    botName: deps.botName,
    telemetry: deps.telemetry,
    services: deps.services,
  });
}

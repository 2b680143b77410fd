import { card, executeAction, heading, text } from './card';
import { type AdaptiveCard } from '../chat/adaptive-card';

export interface WelcomeView {
  botName: string;
  conversationType: 'personal' | 'groupChat' | 'channel';
  examples: readonly string[];
}

/** One short card on install: why the bot is here, what to type, and a button for the rest. */
export function buildWelcomeCard(view: WelcomeView): AdaptiveCard {
  const where =
    view.conversationType === 'personal'
      ? 'Type a command below.'
      : `@mention ${view.botName} followed by a command.`;
  return card(
    [
      heading(`Welcome to ${view.botName}`),
      text(
        'I run your LLM lab on Azure Databricks and Azure OpenAI from chat: provision, deploy, query and test prompts, summarise MLflow runs, watch for drift, and clean up.',
      ),
      text(`${where} Try: ${view.examples.map((e) => `**${e}**`).join(', ')}.`),
    ],
    [executeAction('Show all commands', { verb: 'run', command: 'help' })],
  );
}

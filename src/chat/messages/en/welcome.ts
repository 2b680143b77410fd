/** The welcome card, sent once on install. */
export const welcome = {
  title: 'Welcome to {{botName}}',
  pitch:
    'I run your LLM lab on Azure Databricks and Azure OpenAI from chat: provision, deploy, query and test prompts, summarise MLflow runs, watch for drift, and clean up.',
  wherePersonal: 'Type a command below.',
  whereShared: '@mention {{botName}} followed by a command.',
  tryThese: '{{where}} Try: {{examples}}.',
  showAll: 'Show all commands',
};

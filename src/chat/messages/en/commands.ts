/** Each command's one-line description, by command id (help card; the registry's text). */
export const commands = {
  help: 'List every command; "help" with a command name shows its syntax and examples.',
  status: 'Show what is configured and whether each connection answers.',
  whoami: 'Show who you are to the bot, where you are, and whether you may run changes.',
  language:
    "Set this conversation's language: fr, en, or auto (follow each message's Teams locale).",
  audit: 'List the latest audited actions: who did what, with which result.',
  ask: 'Ask the model one question; shows the answer, latency, tokens and content-filter result.',
  chat: 'Start a conversation with the model here; your next messages continue it.',
  compare: 'Run one prompt on two targets or two settings and show the answers side by side.',
  test: 'Run a prompt suite (YAML with assertions) on one or more targets; shows pass rates.',
  deploy:
    'Serve the Azure OpenAI deployment from a Databricks endpoint (plan, confirm, progress); recorded in MLflow.',
  canary:
    "Watch, evaluate, promote or roll back a canary: a candidate model on a slice of the endpoint's traffic.",
  rollback: 'Restore the endpoint config of the previous deployment recorded in MLflow.',
  runs: 'List the latest MLflow runs of an experiment, or compare two runs.',
  run: 'Summarise one MLflow run: status, params, metrics vs the best run, history chart.',
  drift: 'Compare the latest predictions of a target with its reference window for drift.',
  subscribe: 'Post drift alerts or MLflow run results into this channel.',
  unsubscribe: "Stop one of this channel's subscriptions.",
  subscriptions: "List this channel's subscriptions and when each runs next.",
  provision:
    'Plan and create the lab: Azure OpenAI, model deployment, Databricks workspace and cluster.',
  cleanup: 'Remove the lab from Azure (typed confirmation) and prove nothing billable is left.',
};

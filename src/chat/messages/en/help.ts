/** The help card and the words around it (English: the source of truth). */
export const help = {
  title: '{{botName}} commands',
  titleOne: 'Help: {{command}}',
  intro:
    'In a channel or group chat, @mention me first. Type "help" and a command name (e.g. "help ask") for syntax and examples.',
  needsPermission: ' (needs permission)',
  actsAtOnce: ' Needs permission; takes effect at once (no plan to confirm).',
  plansFirst: ' Needs permission, shows a plan first and asks you to confirm.',
  dryRunOpen: ' With --dry-run it only shows the plan, and anyone may run it.',
  examples: 'Examples: {{examples}}',
  synonyms: 'Also understood: {{words}}',
  quoted: '"{{word}}"',
  noSuchCommand: 'There is no command "{{command}}".',
  summary: '{{botName}} commands: {{ids}}',
  button: { status: 'Status', whoami: 'Who am I?' },
  group: {
    'Models and prompts': 'Models and prompts',
    MLflow: 'MLflow',
    Drift: 'Drift',
    Lab: 'Lab',
    Bot: 'Bot',
  },
};

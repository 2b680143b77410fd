// The floors of src/, enforced: an import never runs up a floor (docs/architecture.md).
// Top to bottom: index.ts, cli → bot → dialogs, cards → workflows → platform → services →
// chat, drift. Each folder lists what it must not import; a violation fails `npm run lint`.
// Kept apart from eslint.config.mjs so a test can lint snippets against exactly these rules.

const folder = (names) => `(^|/)(${names.join('|')})(/|$)`;

/** Forbidden for every folder but src/bot: the SDK stays in one place (Agents SDK move). */
const BOTBUILDER = {
  regex: '^(botbuilder|botframework-)',
  message: 'botbuilder is imported only in src/bot.',
};

const never = (names, why) => ({ regex: folder(names), message: why });

/** Values may not come from these, types may (cards import view types from below). */
const typesOnly = (names, why) => ({ regex: folder(names), message: why, allowTypeImports: true });

const rules = {
  'src/chat/**/*.ts': [
    { regex: '^\\.\\./', message: 'src/chat is the leaf vocabulary: it imports nothing of ours.' },
  ],
  'src/drift/**/*.ts': [
    { regex: '^\\.\\./', message: 'src/drift is the pure statistics library: no imports of ours.' },
  ],
  'src/services/**/*.ts': [
    never(
      ['platform', 'workflows', 'dialogs', 'cards', 'bot', 'config', 'index', 'cli', 'manifest'],
      'src/services are clients of outside systems: they take options and import only chat, drift and other services.',
    ),
  ],
  'src/platform/**/*.ts': [
    never(
      ['workflows', 'dialogs', 'cards', 'bot', 'config', 'index', 'cli', 'manifest'],
      'src/platform is our machinery: it may use services, chat and drift, nothing above.',
    ),
  ],
  'src/workflows/**/*.ts': [
    never(
      ['dialogs', 'cards', 'bot', 'index', 'cli', 'manifest'],
      'src/workflows are features: they emit view data; rendering (cards) and chat (dialogs, bot) sit above them.',
    ),
  ],
  'src/cards/**/*.ts': [
    never(
      ['dialogs', 'bot', 'index', 'cli', 'manifest'],
      'Cards are pure builders: they import the chat vocabulary and view types only.',
    ),
    typesOnly(
      ['workflows', 'platform', 'config'],
      'Cards are pure builders: import only types (view data) from workflows and platform.',
    ),
    {
      regex: '(^|/)services/(?!describe-error$)',
      allowTypeImports: true,
      message:
        'Cards take view data: only types from services (and describe-error for error text).',
    },
  ],
  'src/dialogs/**/*.ts': [
    never(['bot', 'index', 'cli'], 'Dialogs run below the bot: they never import src/bot.'),
  ],
};

/** Flat-config entries: one per folder, each with its folder's patterns plus botbuilder. */
export const boundaries = [
  ...Object.entries(rules).map(([files, patterns]) => ({
    files: [files],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { patterns: [...patterns, BOTBUILDER] },
      ],
    },
  })),
  {
    files: ['src/*.ts', 'src/cli/**/*.ts', 'src/config/**/*.ts', 'src/manifest/**/*.ts'],
    rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns: [BOTBUILDER] }] },
  },
];

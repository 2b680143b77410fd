/** Replies of the `language` command, each said in the language just chosen. */
export const language = {
  set: 'I will speak English in this conversation. Type "language auto" to follow each message\'s Teams language again.',
  setAuto:
    'I will follow the Teams language of each message again (now: {{current}}). Type "language fr" or "language en" to fix one.',
  current:
    'This conversation uses {{current}} ({{source}}). Type "language fr", "language en" or "language auto" to change it.',
  unknown: '"{{word}}" is not a language I speak. Usage: {{usage}}.',
  sourceOverride: 'set with the language command',
  sourceLocale: 'from your Teams language',
  name: { en: 'English', fr: 'French' },
};

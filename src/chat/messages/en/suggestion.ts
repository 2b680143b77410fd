/** The answer to a message that is no command. */
export const suggestion = {
  unknownWord: 'I don\'t know "{{word}}".',
  didYouMean: 'Did you mean {{ids}}?',
  or: '{{list}} or {{last}}',
  seeHelp: 'Send `help` for all commands.',
  summaryHelp: 'Send help for all commands.',
  helpButton: 'Help',
  unknownCommand: 'Unknown command "{{command}}".',
};

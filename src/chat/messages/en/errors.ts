/** Errors that ended a turn, as the user reads them (English: the source). */
export const errors = {
  somethingWrong:
    "Something went wrong (ref: {{ref}}). An operator can find the details in the bot's log under this reference.",
  turnTooLong:
    'That took too long (more than {{duration, deadline}}), so I stopped waiting: nothing more will happen for this request. Work already running as an operation goes on and reports on its own card. Try again, and run `status` if it keeps happening.',
  buttonGone: 'This button is no longer supported. Run the command again.',
  storeUnavailable:
    'The bot cannot reach its database right now, so this was not done. Try again in a minute; `status` shows when the store is back.',
};

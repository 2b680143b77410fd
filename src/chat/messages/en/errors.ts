/** Errors that ended a turn, as the user reads them (English: the source). */
export const errors = {
  somethingWrong:
    "Something went wrong (ref: {{ref}}). An operator can find the details in the bot's log under this reference.",
  storeUnavailable:
    'The bot cannot reach its database right now, so this was not done. Try again in a minute; `status` shows when the store is back.',
};

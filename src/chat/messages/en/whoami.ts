/** The whoami card and its summary line. */
export const whoami = {
  title: 'Who am I',
  user: 'User',
  unknownUser: 'unknown',
  objectId: 'Entra object id',
  noObjectId: 'not provided by the client',
  conversation: 'Conversation',
  team: 'Team',
  channel: 'Channel',
  mayRunChanges: 'May run changes',
  yes: 'Yes',
  no: 'No',
  type: { personal: 'Personal chat', groupChat: 'Group chat', channel: 'Team channel' },
  summaryAllowed: 'You are {{name}}; changes allowed',
  summaryDenied: 'You are {{name}}; changes not allowed',
};

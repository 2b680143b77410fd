/** `subscribe`, `unsubscribe`, `subscriptions` and schedules in words (English: the source). */
export const subscriptions = {
  channelOnly:
    'Subscriptions post alerts into a team channel: @mention me with `subscribe …` in the channel that should get them.',
  subscribed:
    'Subscribed in this channel: {{what}}. Next check {{next}}. Stop with `unsubscribe {{stop}}`.',
  updated:
    'Updated in this channel: {{what}}. Next check {{next}}. Stop with `unsubscribe {{stop}}`.',
  notWithinYear: 'not within a year',
  noSubscription: 'This channel has no {{kind}} subscription. See `subscriptions`.',
  noSubscriptionFor:
    'This channel has no {{kind}} subscription for {{target}}. See `subscriptions`.',
  unsubscribed: 'Unsubscribed: {{kind}} no longer runs in this channel.',
  unsubscribedOf: 'Unsubscribed: {{kind}} of {{target}} no longer runs in this channel.',
  none: 'No subscriptions in this conversation. Start one in a channel with {{drift}} or {{runs}}.',
  listTitle: 'Subscriptions in this channel:',
  next: 'next {{time}}',
  paused: 'paused',
  /** Kind labels by kind word (a kind not listed shows its own label). */
  kind: { drift: 'Drift check', runs: 'MLflow runs' },
  noTarget: '(no target)',
  sustained: 'sustained {{n}}',
  everySecond_one: 'every second',
  everySecond_other: 'every {{count}} seconds',
  everyMinute_one: 'every minute',
  everyMinute_other: 'every {{count}} minutes',
  everyHour_one: 'every hour',
  everyHour_other: 'every {{count}} hours',
  dailyAt: 'daily at {{time}}{{zone}}',
  unknownKind: 'I can\'t subscribe to "{{kind}}". Known kinds: {{known}}.',
  noKind: 'Subscribe to what? Known kinds: {{known}}.',
  whichTarget: 'Which target? Use {{syntax}}, or ask an operator to set DRIFT_DEFAULT_TARGET.',
  badTarget: '"{{target}}" is not a target name (letters, digits, . _ : -).',
};

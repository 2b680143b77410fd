/**
 * Why a schedule (`--every`, `--tz`) cannot be used; `reason` reproduces node-cron's own words
 * in English (English: the source).
 */
export const scheduleErrors = {
  invalid:
    '"{{expression}}" is not a valid cron expression: {{reason}}. Example: "*/15 * * * *" (every 15 minutes).',
  invalidBare:
    '"{{expression}}" is not a valid cron expression. Example: "*/15 * * * *" (every 15 minutes).',
  reason: {
    fieldCount: 'expected 5 or 6 fields but got {{count}}',
    characters: 'pattern includes illegal characters',
    field: '{{value}} is a invalid expression for {{field}}',
    impossibleDay: '{{value}} is an impossible day of month for the given month',
  },
  /** node-cron's field labels, as its own messages name them. */
  field: {
    second: 'second',
    minute: 'minute',
    hour: 'hour',
    dayOfMonth: 'day of month',
    month: 'month',
    dayOfWeek: 'week day',
  },
  stepTooLarge:
    '"{{expression}}" is not a usable schedule: {{why}} Use a step of at most {{size}}; e.g. "0 */2 * * *" is every 2 hours.',
  /** Why a step larger than its field fires less often than it reads. */
  step: {
    second:
      'the second field has only {{size}} values, so a step of {{step}} would fire once per minute, not every {{step}} seconds.',
    minute:
      'the minute field has only {{size}} values, so a step of {{step}} would fire once per hour, not every {{step}} minutes.',
    hour: 'the hour field has only {{size}} values, so a step of {{step}} would fire once per day, not every {{step}} hours.',
    dayOfMonth:
      'the day of month field has only {{size}} values, so a step of {{step}} would fire once per month, not every {{step}} day of months.',
    month:
      'the month field has only {{size}} values, so a step of {{step}} would fire once per year, not every {{step}} months.',
    dayOfWeek:
      'the day of week field has only {{size}} values, so a step of {{step}} would fire once per week, not every {{step}} day of weeks.',
  },
  timezone:
    '"{{timezone}}" is not a time zone. Use an IANA name such as Europe/Berlin or America/New_York.',
};

/**
 * Why a call to an external system failed, as the user reads it (English: the source). Optional
 * fragments are whole keys of their own so each language can place them where its grammar wants.
 */
export const serviceErrors = {
  notConfigured:
    '{{service}} is not configured. Set its variables (see `status` and docs/configuration.md) and restart the bot.',
  timeout:
    '{{service}} did not answer in time. Try again in a minute; if it persists, check `status`.',
  unreachable:
    '{{service}} could not be reached. Check its address in the configuration and the network, then run `status`.',
  unauthorized:
    "{{service}} rejected the bot's credentials. Renew the token or secret configured for it.",
  forbidden:
    "{{service}} refused the request: the bot's identity lacks permission. Grant the role and retry.",
  forbiddenCode:
    "{{service}} refused the request: the bot's identity lacks permission ({{code}}). Grant the role and retry.",
  notFound: '{{service}} does not have what was asked for. Check the name or id and try again.',
  conflict: '{{service}} reported a conflict with the current state. Run `status`, then retry.',
  rateLimited: '{{service}} is rate-limiting the bot. Try again shortly.',
  rateLimitedWait: '{{service}} is rate-limiting the bot. Try again in {{seconds}} s.',
  badRequest: '{{service}} rejected the request: {{message}}',
  serverError: '{{service}} had an internal error. Try again later.',
  invalidResponse:
    '{{service}} sent an answer the bot could not read. Check that its address points at the right service.',
};

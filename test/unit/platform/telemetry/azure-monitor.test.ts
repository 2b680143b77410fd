import { describe, expect, it } from 'vitest';
import { withoutQuery } from '../../../../src/platform/telemetry/azure-monitor';

describe('withoutQuery', () => {
  it.each([
    [
      'http://169.254.169.254/metadata/identity/oauth2/token?api-version=2019&resource=x',
      'http://169.254.169.254/metadata/identity/oauth2/token',
    ],
    ['https://u:p@host.example/a/b#frag', 'https://host.example/a/b'],
    ['/api/messages?code=abc', '/api/messages'],
    ['/v3/conversations/a%3A1/activities', '/v3/conversations/a%3A1/activities'],
  ])('%s → %s', (url, expected) => {
    expect(withoutQuery(url)).toBe(expected);
  });
});

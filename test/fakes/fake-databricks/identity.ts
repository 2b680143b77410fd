import { ok, type FakeDatabricks } from './fake-databricks';

/**
 * `GET /api/2.0/preview/scim/v2/Me`: who the caller's token belongs to. The bot's `status` probe
 * asks it, so a rig that shows `status` installs it to read "signed in as …", not a 404.
 */
export function installIdentity(fake: FakeDatabricks, userName = 'llmops-bot@example.com'): void {
  fake.route('GET', /^\/api\/2\.0\/preview\/scim\/v2\/Me$/, () =>
    ok({
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
      id: '4711000000000001',
      userName,
      displayName: 'LLMOps Bot',
      active: true,
      emails: [{ type: 'work', value: userName, primary: true }],
    }),
  );
}

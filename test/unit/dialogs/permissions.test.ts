import { describe, expect, it } from 'vitest';
import {
  decideAlertAction,
  decidePermission,
  isListedAdmin,
} from '../../../src/dialogs/permissions';

const owner = { id: '29:owner', aadObjectId: 'aad-owner', name: 'Owner', key: 'aad-owner' };
const admin = { id: '29:admin', aadObjectId: 'aad-admin', name: 'Admin', key: 'aad-admin' };
const other = { id: '29:other', aadObjectId: 'aad-other', name: 'Other', key: 'aad-other' };

describe('decideAlertAction (DRIFT_ALERT_ACTIONS)', () => {
  it('owner: the subscriber only, not even a permitted user', () => {
    expect(decideAlertAction('owner', owner, false, 'aad-owner').allowed).toBe(true);
    const refused = decideAlertAction('owner', admin, true, 'aad-owner');
    expect(refused.allowed).toBe(false);
    expect(refused.why).toContain('Only whoever subscribed this channel');
  });

  it('permitted: permitted users and the subscriber, no one else', () => {
    expect(decideAlertAction('permitted', owner, false, 'aad-owner').allowed).toBe(true);
    expect(decideAlertAction('permitted', admin, true, 'aad-owner').allowed).toBe(true);
    const refused = decideAlertAction('permitted', other, false, 'aad-owner');
    expect(refused.allowed).toBe(false);
    expect(refused.why).toContain('Only permitted users (ADMIN_AAD_OBJECT_IDS)');
  });

  it('anyone: anyone in the channel', () => {
    expect(decideAlertAction('anyone', other, false, 'aad-owner').allowed).toBe(true);
  });
});

describe("isListedAdmin (each turn's isAdmin)", () => {
  const policy = { aadObjectIds: ['AAD-Admin'], groupIds: ['group-1'] };

  it('agrees with decidePermission without groups, case-insensitively', () => {
    const actors = [
      admin,
      other,
      { id: '29:x', aadObjectId: undefined, name: 'X' },
      { ...admin, aadObjectId: '' },
    ];
    for (const actor of actors) {
      for (const p of [policy, { aadObjectIds: [], groupIds: [] }]) {
        expect(isListedAdmin(actor, p)).toBe(decidePermission(actor, p).allowed);
      }
    }
    expect(isListedAdmin(admin, policy)).toBe(true);
    expect(isListedAdmin(other, policy)).toBe(false);
  });
});

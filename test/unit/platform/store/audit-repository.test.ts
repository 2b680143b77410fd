import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuditRepository, type AuditInput } from '../../../../src/platform/store/audit-repository';
import { openTestStore, STORE_KINDS, type TestStore } from '../../../support/test-store';

const entry: AuditInput = {
  actorId: 'aad-1',
  actorName: 'Ada',
  conversationId: 'a:personal',
  action: 'deploy',
  plan: 'Deploy chat: v3',
  result: 'ok',
  detail: 'config v3',
  durationMs: 4200,
};

describe.each(STORE_KINDS)('AuditRepository on %s', (kind) => {
  let t: TestStore;
  let clock: number;
  let audit: AuditRepository;
  beforeEach(async () => {
    t = await openTestStore(kind);
    clock = 1_000;
    audit = new AuditRepository(t.store, () => clock);
  });
  afterEach(async () => {
    await t.dispose();
  });

  it('appends with increasing ids and reads the newest first, every field intact', async () => {
    const first = await audit.append(entry);
    clock = 2_000;
    const second = await audit.append({
      ...entry,
      actorName: undefined,
      conversationId: undefined,
      plan: undefined,
      result: 'denied',
      detail: undefined,
      durationMs: undefined,
    });
    expect(first).toEqual({ ...entry, id: first.id, at: 1_000 });
    expect(second.id).toBeGreaterThan(first.id);
    expect(await audit.latest()).toEqual([second, first]);
    expect(await audit.latest(1)).toEqual([second]);
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DriftSummary } from '../../../../src/drift/drift-summary';
import { IncidentRepository } from '../../../../src/workflows/drift-monitor/incident-repository';
import { stepIncident } from '../../../../src/workflows/drift-monitor/step-incident';
import type { Subscription } from '../../../../src/workflows/subscriptions/subscription-repository';
import { openTestStore, type TestStore } from '../../../support/test-store';

const sub: Subscription = {
  id: 'sub1',
  kind: 'drift',
  conversationId: '19:channel@thread.tacv2',
  target: 'gpt-test',
  params: {},
  cron: '0 * * * *',
  timezone: 'UTC',
  sustained: 2,
  enabled: true,
  createdBy: 'ona',
  createdAt: 0,
};

// Only the report's verdict fields matter to the machine; the rest of a summary is carried along.
const summary = (drifted: boolean, columns = 2, share = 0.5) =>
  ({
    target: 'gpt-test',
    report: { dataset_drift: drifted, drifted_columns: columns, share, tested_columns: 4 },
  }) as unknown as DriftSummary;

describe('stepIncident', () => {
  let t: TestStore;
  let incidents: IncidentRepository;
  beforeEach(async () => {
    t = await openTestStore('sqlite');
    incidents = new IncidentRepository(t.store);
  });
  afterEach(() => t.dispose());

  it('keeps a first drifted check pending, opens on the sustained one, resolves on a clean one', async () => {
    const first = await stepIncident(incidents, sub, summary(true), 1000, 1000);
    expect(first).not.toBe('conflict');
    expect(first && first !== 'conflict' ? first.inc.state : undefined).toBe('pending');
    expect(first && first !== 'conflict' ? first.effects : undefined).toEqual([]);

    const second = await stepIncident(incidents, sub, summary(true), 2000, 2000);
    if (!second || second === 'conflict') throw new Error(`expected an incident, got ${second}`);
    expect(second.inc.state).toBe('open');
    expect(second.effects).toContain('open');
    expect(second.inc.openedAt).toBe(2000);
    expect((await incidents.active(sub.id))?.state).toBe('open');

    const clean = await stepIncident(incidents, sub, summary(false, 0, 0), 3000, 3000);
    if (!clean || clean === 'conflict') throw new Error(`expected a resolution, got ${clean}`);
    expect(clean.inc.state).toBe('resolved');
    expect(clean.effects).toEqual(['resolve']);
    expect(clean.inc.resolvedAt).toBe(3000);
  });

  it('drops a pending incident silently when the next check is clean', async () => {
    await stepIncident(incidents, sub, summary(true), 1000, 1000);
    expect(await stepIncident(incidents, sub, summary(false, 0, 0), 2000, 2000)).toBeUndefined();
    expect(await incidents.active(sub.id)).toBeUndefined();
  });
});

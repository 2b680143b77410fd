import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cardOf } from '../../support/bot-harness';
import { createTestDatabase } from '../../support/test-store';
import { actionData, startArm, startLab, until, type ArmEnv, type LabRig } from './lab-rig';

let arm: ArmEnv;
let database: Awaited<ReturnType<typeof createTestDatabase>>;
const labs: LabRig[] = [];

beforeAll(async () => {
  arm = await startArm();
  database = await createTestDatabase();
});
afterAll(async () => {
  for (const l of labs.splice(0)) await l.stop();
  await database?.drop();
  await arm?.stop();
});

describe('provision on two replicas sharing one PostgreSQL', { timeout: 120_000 }, () => {
  it('replica A stops in the workspace step; replica B resumes it from the saved token, one workspace PUT', async () => {
    // Both replicas up before any work (each lab start resets the fake subscription).
    const a = await startLab(arm, { DATABASE_URL: database.url });
    labs.push(a);
    const b = await startLab(arm, { DATABASE_URL: database.url });
    labs.push(b);
    arm.fake.state.workspacePollsBeforeDone = 1_000_000;

    const activity = a.h.a.personal('provision');
    await a.h.send(activity);
    const planReply = a.h.connector.requests.find((q) => q.body?.replyToId === activity.id);
    const id = actionData(cardOf(planReply?.body))['provision.confirm']?.operationId as string;
    await a.h.send(
      a.h.a.invokeAction('provision.confirm', { operationId: id }, { replyToId: 'plan-card' }),
    );
    const stateOf = async () => (await b.operations()).find((o) => o.id === id);
    await until(async () => {
      const op = await stateOf();
      return op?.steps[op.currentStep]?.id === 'workspace' && Boolean(op.resumeToken);
    }, 'the workspace step to save its token on replica A');

    // Replica A goes away (a deployment slot swap or a scale-in); B holds the rest of the work.
    await a.h.stopBot();
    arm.fake.state.workspacePollsBeforeDone = undefined;
    for (const op of arm.fake.state.ops.values()) if (!op.done) op.pollsLeft = 1;
    await until(
      async () => (await stateOf())?.state === 'succeeded',
      'replica B to finish',
      90_000,
    );

    const puts = arm.fake.requests.filter(
      (q) => q.method === 'PUT' && q.path.endsWith('/workspaces/dbw-llmops-lab'),
    );
    expect(puts).toHaveLength(1);
    expect(arm.fake.inventory().workspaces).toEqual(['rg-llmops-lab/dbw-llmops-lab:Succeeded']);
    // B updated the card A posted, through A's conversation record (the connector A talked to).
    const updates = a.h.connector.requests.filter(
      (q) => q.method === 'PUT' && q.path.includes('/activities/plan-card'),
    );
    expect(updates.length).toBeGreaterThan(0);
  });
});

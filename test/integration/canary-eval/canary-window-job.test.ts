import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { plannedSteps, typedOperation } from '../../../src/platform/operations/operation';
import { startOperation } from '../../../src/platform/operations/start-operation';
import { Outbox } from '../../../src/platform/outbox/outbox';
import { OutboxRepository } from '../../../src/platform/outbox/outbox-repository';
import { DatabricksAuth } from '../../../src/services/databricks/databricks-auth';
import { createDatabricksHttp } from '../../../src/services/databricks/databricks-client';
import { DatabricksServing } from '../../../src/services/databricks/serving';
import {
  evaluateDueCanaries,
  type CanaryWindowDeps,
} from '../../../src/workflows/canary-eval/canary-window-job';
import { canaryEvaluateOperation } from '../../../src/workflows/canary-eval/evaluate-operation';
import { deployOperation } from '../../../src/workflows/deploy/deploy-operation';
import type { DeployParams } from '../../../src/workflows/deploy/deploy-params';
import { FakeDatabricks } from '../../fakes/fake-databricks/fake-databricks';
import { installServing, type FakeServingState } from '../../fakes/fake-databricks/serving';
import { seedCanaryEndpoint } from '../../fakes/fake-databricks/serving-seed';
import { openTestStore, type TestStore } from '../../support/test-store';
import { closeRigs, log, ona, rig, SlowResource } from '../platform/operations/operation-rig';

// The evaluation after CANARY_WINDOW_MINUTES: due once the canary's deploy is that old, started
// once (a second pass, as after a restart, finds it), announced through the outbox, and not
// started for a canary a later deploy already ended.

const T0 = Date.parse('2026-12-06T20:00:00Z');
const MIN = 60_000;
const ENDPOINT = 'llm-chat';

let dbx: FakeDatabricks;
let serving: FakeServingState;
let t: TestStore;
beforeAll(async () => {
  dbx = new FakeDatabricks();
  serving = installServing(dbx, {});
  await dbx.start();
});
afterAll(async () => {
  await dbx?.stop();
});
afterEach(async () => {
  await closeRigs();
  await t?.dispose();
});

function deployParams(action: 'start' | 'promote', auto = false): DeployParams {
  return {
    model: {
      endpoint: ENDPOINT,
      modelName: 'chat-v2',
      apiBase: 'https://aoai.example',
      deploymentName: 'chat-v2',
      apiVersion: '2024-10-21',
      temperature: 0.2,
    },
    canary: action === 'start' ? { action, percent: 10, ...(auto ? { auto } : {}) } : { action },
  };
}

/** The store, the runner's outbox, the fake endpoint with a canary, and a way to record deploys. */
async function windowRig() {
  seedCanaryEndpoint(serving, {
    name: ENDPOINT,
    current: ['gpt-4o-mini', 'chat'],
    candidate: ['chat-v2-canary', 'chat-v2'],
    percent: 10,
    apiBase: 'https://aoai.example',
    updatedAt: T0,
  });
  t = await openTestStore('sqlite');
  const r = await rig(new SlowResource(), t.store, { idleMs: 20 }, undefined, []);
  const outboxRepo = new OutboxRepository(t.store);
  const http = createDatabricksHttp({
    host: dbx.url,
    auth: new DatabricksAuth({ host: dbx.url, token: 'dapi-test-token' }),
  });
  const nudges = { count: 0 };
  const deps: CanaryWindowDeps = {
    operations: r.repo,
    serving: new DatabricksServing(http),
    suite: 'smoke',
    windowMinutes: 30,
    outbox: new Outbox(outboxRepo, r.dispatcher),
    nudge: () => void nudges.count++,
    log,
  };
  const start = async (params: DeployParams, at: number) => {
    const op = await startOperation(r.repo, {
      kind: deployOperation.kind,
      environment: `endpoint:${ENDPOINT}`,
      params,
      steps: plannedSteps(deployOperation, params),
      requesterId: ona.id,
      requesterName: ona.name,
      conversationId: 'a:canary-chat',
    });
    await r.repo.save({ ...op, state: 'succeeded', finishedAt: at });
    await r.repo.releaseLock(`endpoint:${ENDPOINT}`, op.id);
  };
  return { r, deps, outboxRepo, nudges, start };
}

describe('the canary window job', () => {
  it('starts one --auto evaluation once the window has passed, announced through the outbox', async () => {
    const { r, deps, outboxRepo, nudges, start } = await windowRig();
    await start(deployParams('start', true), T0);

    expect(await evaluateDueCanaries(deps, T0 + 29 * MIN)).toEqual([]);
    const [id] = await evaluateDueCanaries(deps, T0 + 31 * MIN);
    expect(id).toBeDefined();
    const op = typedOperation(canaryEvaluateOperation, await r.repo.require(id ?? ''));
    expect(op?.state).toBe('running');
    expect(op?.requesterName).toBe('Ona');
    expect(op?.conversationId).toBe('a:canary-chat');
    expect(op?.params).toMatchObject({
      endpoint: ENDPOINT,
      current: 'gpt-4o-mini',
      candidate: 'chat-v2-canary',
      suite: 'smoke',
      auto: true,
      from: T0,
      to: T0 + 31 * MIN,
    });
    expect(nudges.count).toBe(1);
    const notice = await outboxRepo.get(`canary-window:${id ?? ''}`);
    expect(JSON.stringify(notice?.payload)).toContain(
      'The canary on **llm-chat** has run 30 min: evaluating it now and applying the verdict',
    );

    // Another pass (the next minute, or after a restart) finds that evaluation.
    expect(await evaluateDueCanaries(deps, T0 + 32 * MIN)).toEqual([]);
    // A canary ended by a later deploy (its promote) is not evaluated again.
    await r.repo.save({ ...(await r.repo.require(id ?? '')), state: 'succeeded' });
    await start(deployParams('promote'), T0 + 40 * MIN);
    expect(await evaluateDueCanaries(deps, T0 + 90 * MIN)).toEqual([]);
  });
  it('without --auto in the canary plan: evaluates, says the card decides, applies nothing', async () => {
    const { r, deps, outboxRepo, start } = await windowRig();
    await start(deployParams('start'), T0);
    const [id] = await evaluateDueCanaries(deps, T0 + 31 * MIN);
    const op = typedOperation(canaryEvaluateOperation, await r.repo.require(id ?? ''));
    expect(op?.params.auto).toBe(false);
    expect(op?.plan).toBe('canary evaluate llm-chat: after 30 min (CANARY_WINDOW_MINUTES)');
    const notice = JSON.stringify((await outboxRepo.get(`canary-window:${id ?? ''}`))?.payload);
    expect(notice).toContain('Its card will offer Promote / Roll back; nothing is applied');
    // Its last step leaves the decision to the card's buttons.
    expect(op?.steps.at(-1)?.title).toBe('Leave the decision to the card');
  });
});

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Operation } from '../../../src/platform/operations/operation';
import { OperationRepository } from '../../../src/platform/operations/operation-repository';
import { openSqliteStore } from '../../../src/platform/store/sqlite-store';
import { startBotProcess, type BotProcess } from '../../support/bot-process';
import { startCaptureConnector, type CaptureConnector } from '../../support/capture-connector';
import { cardOf, teamsActivities, teamsWorld } from '../../support/teams-activities';
import {
  actionData,
  labEnv,
  resetArm,
  startArm,
  startLabWorkspace,
  until,
  type ArmEnv,
} from './lab-rig';

const WORKSPACE_PUT = /\/providers\/microsoft\.databricks\/workspaces\/[^/]+$/i;
const WORKSPACE_POLL = /\/providers\/microsoft\.databricks\/locations\/[^/]+\/operation/i;

let arm: ArmEnv;
beforeAll(async () => {
  arm = await startArm();
});
afterAll(async () => {
  await arm.stop();
});
const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

/**
 * A lab whose bot is a real process (so it can be SIGKILLed or SIGTERMed) on one DATA_DIR, with
 * a 20-second slice: before the fix, the workspace's resume token was saved only after it.
 */
async function killableLab() {
  resetArm(arm);
  const { dbx } = await startLabWorkspace();
  cleanup.push(() => dbx.stop());
  const connector: CaptureConnector = await startCaptureConnector();
  cleanup.push(() => connector.close());
  const dataDir = mkdtempSync(path.join(tmpdir(), 'llmops-kill-lab-'));
  cleanup.push(() => rmSync(dataDir, { recursive: true, force: true }));
  const env = {
    ...labEnv(arm, dbx.url),
    LOG_LEVEL: 'info',
    DATA_DIR: dataDir,
    PROVISION_STEP_SLICE_MS: '20000',
    AZURE_LRO_POLL_INTERVAL_MS: '100',
    // The killed process's lease on the operation must run out before the restart takes it.
    OPERATION_LEASE_MS: '1500',
  };
  const a = teamsActivities(teamsWorld(connector.serviceUrl));
  const start = () => startBotProcess(env, dataDir, (kill) => cleanup.push(kill));
  const operation = async (): Promise<Operation | undefined> => {
    const store = openSqliteStore(dataDir);
    try {
      return (await new OperationRepository(store).latest('llmops-lab', 5))[0];
    } finally {
      await store.close();
    }
  };
  const workspacePuts = () =>
    arm.fake.requests.filter((r) => r.method === 'PUT' && WORKSPACE_PUT.test(r.path));

  /** Plans and confirms a provision; resolves once the workspace PUT reached ARM. */
  async function provisionUntilWorkspacePut(bot: BotProcess): Promise<void> {
    // The workspace stays "Provisioning" until the test lets it finish.
    arm.fake.state.workspacePollsBeforeDone = 1_000_000;
    const ask = a.personal('provision');
    await bot.send(ask);
    await until(() => connector.requests.some((q) => q.body?.replyToId === ask.id), 'the plan');
    const plan = connector.requests.find((q) => q.body?.replyToId === ask.id);
    const id = actionData(cardOf(plan?.body))['provision.confirm']?.operationId as string;
    expect(id).toBeTruthy();
    await bot.send(
      a.invokeAction('provision.confirm', { operationId: id }, { replyToId: 'card-1' }),
    );
    await until(() => workspacePuts().length > 0, 'the workspace PUT', 30_000);
  }

  /** Lets the workspace create finish on its next poll. */
  function finishWorkspace(): void {
    arm.fake.state.workspacePollsBeforeDone = undefined;
    for (const op of arm.fake.state.ops.values()) if (!op.done) op.pollsLeft = 1;
  }

  /** After a restart: the saved operation is polled, never a second PUT, and it finishes. */
  async function resumesWithoutSecondPut(): Promise<void> {
    const mark = arm.fake.requests.length;
    finishWorkspace();
    await start();
    await until(
      async () => (await operation())?.state === 'succeeded',
      'the provision to finish after the restart',
      60_000,
    );
    expect(workspacePuts()).toHaveLength(1);
    const after = arm.fake.requests.slice(mark);
    expect(after.some((r) => r.method === 'GET' && WORKSPACE_POLL.test(r.path))).toBe(true);
  }

  return { start, operation, provisionUntilWorkspacePut, resumesWithoutSecondPut };
}

describe('provision: the bot process dies during the workspace step', { timeout: 120_000 }, () => {
  it('SIGKILL 1 s after the workspace PUT: the restart polls the saved operation, no second PUT', async () => {
    const lab = await killableLab();
    const bot = await lab.start();
    await lab.provisionUntilWorkspacePut(bot);
    await new Promise((r) => setTimeout(r, 1_000));
    bot.child.kill('SIGKILL');
    expect(await bot.exited).toBeNull();
    const saved = await lab.operation();
    expect(saved?.steps[saved.currentStep]?.id).toBe('workspace');
    expect(saved?.resumeToken).toBeTruthy();

    await lab.resumesWithoutSecondPut();
  });

  it('SIGTERM mid-step: exits within 2 s with the token saved; the next start resumes', async () => {
    const lab = await killableLab();
    const bot = await lab.start();
    await lab.provisionUntilWorkspacePut(bot);
    const sent = Date.now();
    bot.child.kill('SIGTERM');
    expect(await bot.exited).toBe(0);
    expect(Date.now() - sent).toBeLessThan(2_000);
    const saved = await lab.operation();
    expect(saved?.state).toBe('running');
    expect(saved?.steps[saved.currentStep]?.id).toBe('workspace');
    expect(saved?.resumeToken).toBeTruthy();

    await lab.resumesWithoutSecondPut();
  });
});

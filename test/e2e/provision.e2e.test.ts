import path from 'node:path';
import type { Locator } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startArmTestEnv } from '../fakes/fake-arm/arm-test-env';
import { installClusters } from '../fakes/fake-databricks/clusters';
import { FakeDatabricks } from '../fakes/fake-databricks/fake-databricks';
import { SESSION_TIMEOUT, SHOTS, startSession, STEP_TIMEOUT, type E2ESession } from './session';

/**
 * `provision` seen from a Teams-like client: the built bot (dist, a child process) against the
 * fake ARM over HTTPS (its certificate trusted through NODE_EXTRA_CA_CERTS, tokens from the
 * fake's App Service managed-identity route) and a fake Databricks workspace, behind the
 * Agents Playground in Chromium. Screenshots: artifacts/e2e/provision-*.png.
 */
const PLAYGROUND_USER = '22222222-2222-2222-2222-222222222220';

let arm: Awaited<ReturnType<typeof startArmTestEnv>>;
let dbx: FakeDatabricks;
let session: E2ESession;

/** The card alone, on a tall viewport so it is not cut by the Playground's header. */
async function cardShot(card: Locator, name: string): Promise<void> {
  await session.page.setViewportSize({ width: 1400, height: 2000 });
  try {
    await card.scrollIntoViewIfNeeded();
    await card.screenshot({ path: path.join(SHOTS, `${name}.png`) });
  } finally {
    await session.page.setViewportSize({ width: 1400, height: 900 });
  }
}

beforeAll(async () => {
  arm = await startArmTestEnv();
  dbx = new FakeDatabricks();
  await dbx.start();
  installClusters(dbx);
  session = await startSession({
    name: 'provision',
    env: {
      ADMIN_AAD_OBJECT_IDS: PLAYGROUND_USER,
      AZURE_SUBSCRIPTION_ID: arm.fake.state.subscriptionId,
      AZURE_ARM_ENDPOINT: arm.fake.url,
      AZURE_LRO_POLL_INTERVAL_MS: '20',
      PROVISION_STEP_SLICE_MS: '300',
      DATABRICKS_HOST: dbx.url,
      DATABRICKS_TOKEN: 'dapi-test-token',
      DATABRICKS_SINGLE_USER: 'ona@example.com',
      DATABRICKS_LIBRARIES: 'openai,tiktoken',
      // The child process needs these itself: Node reads NODE_EXTRA_CA_CERTS only at start.
      NODE_EXTRA_CA_CERTS: process.env.NODE_EXTRA_CA_CERTS,
      IDENTITY_ENDPOINT: arm.fake.identityEndpoint,
      IDENTITY_HEADER: arm.fake.identityHeader,
    },
  });
}, SESSION_TIMEOUT);

afterAll(async () => {
  await session?.stop();
  await dbx?.stop();
  await arm?.stop();
}, 60_000);

describe('provision in the Agents Playground', () => {
  it(
    '`provision --dry-run` shows the plan card without buttons and creates nothing',
    async () => {
      await session.sendInChat('provision --dry-run');
      const plan = session.cardWith('Provision plan');
      await plan.waitFor();
      const text = await plan.innerText();
      expect(text).toContain('rg-llmops-lab');
      expect(text).toContain('gpt-5-mini');
      expect(text).toMatch(/≈ \$\d+\/month/);
      expect(text).toContain('Dry run');
      await expect(plan.getByRole('button', { name: 'Confirm' }).count()).resolves.toBe(0);
      expect(arm.fake.isEmpty()).toBe(true);
      await cardShot(plan, 'provision-plan');
    },
    STEP_TIMEOUT,
  );

  it(
    'Confirm turns the plan into one progress card that ends with the outputs',
    async () => {
      arm.fake.state.workspacePollsBeforeDone = 1_000_000;
      await session.sendInChat('provision');
      const plan = session.cardWith(/Provision plan[\s\S]*Nothing is created until you confirm/);
      await plan.waitFor();
      await plan.getByRole('button', { name: 'Confirm' }).click();
      const progress = session.cardWith(/Provision llmops-lab[\s\S]*Databricks workspace/);
      await progress.filter({ hasText: /Databricks workspace[\s\S]*Running/ }).waitFor();
      await cardShot(progress, 'provision-progress');
      arm.fake.state.workspacePollsBeforeDone = undefined;
      for (const op of arm.fake.state.ops.values()) if (!op.done) op.pollsLeft = 1;
      const done = session.cardWith(/Provision llmops-lab[\s\S]*✔ Done[\s\S]*Workspace/);
      await done.waitFor({ timeout: 60_000 });
      const text = await done.innerText();
      expect(text).toContain('https://aoai-llmops-lab.openai.azure.com/');
      expect(text).toContain('RUNNING');
      await cardShot(done, 'provision-finished');
      await session.page.getByText('Provisioning of').last().waitFor();
      await session.shot('provision-chat');
    },
    STEP_TIMEOUT,
  );
});

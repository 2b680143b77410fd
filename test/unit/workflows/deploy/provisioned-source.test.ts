import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DeploySource } from '../../../../src/workflows/deploy/deploy-services';
import {
  provisionedOutputs,
  withProvisionedDefaults,
} from '../../../../src/workflows/deploy/provisioned-source';
import { OperationRepository } from '../../../../src/platform/operations/operation-repository';
import { openTestStore, STORE_KINDS, type TestStore } from '../../../support/test-store';

const OUTPUTS = {
  region: 'swedencentral',
  endpoint: 'https://aoai-llmops-lab.openai.azure.com/',
  account: 'aoai-llmops-lab',
  deployment: 'chat-lab',
  model: 'gpt-5-mini 2025-08-07',
};

const NOTHING: DeploySource = {
  apiBase: undefined,
  deploymentName: undefined,
  apiVersion: '2024-10-21',
  modelName: undefined,
  modelVersion: undefined,
  hasKey: true,
};

let repo: OperationRepository;
let clock = 1_000;

/** Records a finished operation of `kind` in environment llmops-lab. */
async function finished(
  kind: string,
  state: 'succeeded' | 'failed',
  outputs: Record<string, string>,
): Promise<void> {
  const op = await repo.create({
    kind,
    environment: 'llmops-lab',
    params: {},
    plan: kind,
    steps: [],
    requesterId: 'u1',
    requesterName: 'Ona',
    conversationId: 'c1',
    ttlMs: 60_000,
  });
  await repo.save({ ...op, state, outputs });
}

const latest = async () => provisionedOutputs(await repo.latest('llmops-lab'));

describe.each(STORE_KINDS)('provisionedOutputs (%s)', (kind) => {
  let t: TestStore;
  beforeEach(async () => {
    t = await openTestStore(kind);
    repo = new OperationRepository(t.store, () => (clock += 1_000));
  });
  afterEach(() => t.dispose());

  it('is the latest succeeded provision, skipping failed runs after it', async () => {
    await finished('provision', 'succeeded', { ...OUTPUTS, deployment: 'old' });
    await finished('provision', 'succeeded', OUTPUTS);
    await finished('provision', 'failed', { ...OUTPUTS, deployment: 'broken' });
    expect((await latest())?.deployment).toBe('chat-lab');
  });

  it('is nothing before any provision, and nothing after a succeeded cleanup', async () => {
    expect(await latest()).toBeUndefined();
    await finished('provision', 'succeeded', OUTPUTS);
    await finished('cleanup', 'succeeded', {});
    expect(await latest()).toBeUndefined();
    await finished('provision', 'succeeded', OUTPUTS);
    expect((await latest())?.endpoint).toBe(OUTPUTS.endpoint);
  });
});

describe('withProvisionedDefaults', () => {
  it('fills endpoint, deployment and model from the provision outputs', () => {
    expect(withProvisionedDefaults(NOTHING, OUTPUTS)).toEqual({
      ...NOTHING,
      apiBase: 'https://aoai-llmops-lab.openai.azure.com',
      deploymentName: 'chat-lab',
      modelName: 'gpt-5-mini',
      modelVersion: '2025-08-07',
    });
  });

  it('keeps every configured value', () => {
    const configured: DeploySource = {
      ...NOTHING,
      apiBase: 'https://aoai-llmops-lab.openai.azure.com',
      deploymentName: 'prod',
      modelName: 'gpt-4o-mini',
      modelVersion: '2024-07-18',
    };
    expect(withProvisionedDefaults(configured, OUTPUTS)).toEqual(configured);
    const modelOnly = { ...NOTHING, modelName: 'my-model' };
    expect(withProvisionedDefaults(modelOnly, OUTPUTS)).toMatchObject({
      deploymentName: 'chat-lab',
      modelName: 'my-model',
      modelVersion: undefined,
    });
  });

  it('ignores the outputs when another endpoint is configured, or there are none', () => {
    const elsewhere = { ...NOTHING, apiBase: 'https://other.openai.azure.com' };
    expect(withProvisionedDefaults(elsewhere, OUTPUTS)).toEqual(elsewhere);
    expect(withProvisionedDefaults(NOTHING, undefined)).toEqual(NOTHING);
  });
});

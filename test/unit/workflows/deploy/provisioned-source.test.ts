import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DeploySource } from '../../../../src/workflows/deploy/deploy-services';
import {
  provisionedOutputs,
  withProvisionedDefaults,
} from '../../../../src/workflows/deploy/provisioned-source';
import { OperationRepository } from '../../../../src/platform/operations/operation-repository';
import { openDatabase, type Database } from '../../../../src/platform/store/database';

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

let dir: string;
let db: Database;
let repo: OperationRepository;
let clock = 1_000;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'llmops-provisioned-'));
  db = openDatabase(dir);
  repo = new OperationRepository(db, () => (clock += 1_000));
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Records a finished operation of `kind` in environment llmops-lab. */
function finished(kind: string, state: 'succeeded' | 'failed', outputs: Record<string, string>) {
  const op = repo.create({
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
  repo.save({ ...op, state, outputs });
}

const latest = () => provisionedOutputs(repo.latest('llmops-lab'));

describe('provisionedOutputs', () => {
  it('is the latest succeeded provision, skipping failed runs after it', () => {
    finished('provision', 'succeeded', { ...OUTPUTS, deployment: 'old' });
    finished('provision', 'succeeded', OUTPUTS);
    finished('provision', 'failed', { ...OUTPUTS, deployment: 'broken' });
    expect(latest()?.deployment).toBe('chat-lab');
  });

  it('is nothing before any provision, and nothing after a succeeded cleanup', () => {
    expect(latest()).toBeUndefined();
    finished('provision', 'succeeded', OUTPUTS);
    finished('cleanup', 'succeeded', {});
    expect(latest()).toBeUndefined();
    finished('provision', 'succeeded', OUTPUTS);
    expect(latest()?.endpoint).toBe(OUTPUTS.endpoint);
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

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DatabricksAuth } from '../../../../src/services/databricks/databricks-auth';
import { createDatabricksHttp } from '../../../../src/services/databricks/databricks-client';
import { DatabricksSecrets } from '../../../../src/services/databricks/secrets';
import {
  DatabricksServing,
  readiness,
  servesSpec,
  type EndpointSpec,
} from '../../../../src/services/databricks/serving';
import { ServiceError } from '../../../../src/services/errors';
import { FakeDatabricks } from '../../../fakes/fake-databricks/fake-databricks';
import { installSecrets, type FakeSecretsState } from '../../../fakes/fake-databricks/secrets';
import { installServing, type FakeServingState } from '../../../fakes/fake-databricks/serving';

let fake: FakeDatabricks;
let secretsState: FakeSecretsState;
let servingState: FakeServingState;
let secrets: DatabricksSecrets;
let serving: DatabricksServing;

beforeEach(async () => {
  fake = new FakeDatabricks();
  secretsState = installSecrets(fake);
  servingState = installServing(fake, { secrets: secretsState, pollsToSettle: 1 });
  await fake.start();
  const http = createDatabricksHttp({
    host: fake.url,
    auth: new DatabricksAuth({ host: fake.url, token: 'dapi-test-token' }),
    sleep: () => Promise.resolve(),
  });
  secrets = new DatabricksSecrets(http);
  serving = new DatabricksServing(http);
});
afterEach(() => fake.stop());

const spec = (over: Partial<EndpointSpec> = {}): EndpointSpec => ({
  name: 'aoai-chat',
  modelName: 'gpt-4o-mini',
  apiBase: 'https://contoso.openai.azure.com/',
  deploymentName: 'chat',
  apiVersion: '2024-10-21',
  secretScope: 'bot',
  secretKey: 'aoai',
  ...over,
});

async function pollUntilSettled(name: string) {
  for (let i = 0; i < 10; i++) {
    const ep = await serving.get(name);
    if (!ep) throw new Error('endpoint vanished');
    const r = readiness(ep);
    if (r.phase !== 'updating') return { ep, r };
  }
  throw new Error('never settled');
}

describe('Databricks secrets', () => {
  it('creates a scope once (an existing scope is success) and overwrites secrets', async () => {
    expect(await secrets.ensureScope('bot')).toBe(true);
    expect(await secrets.ensureScope('bot')).toBe(false);
    await secrets.putSecret('bot', 'aoai', 'first');
    await secrets.putSecret('bot', 'aoai', 'second');
    expect(secretsState.scopes.get('bot')?.get('aoai')).toBe('second');
    expect(await secrets.listKeys('bot')).toEqual(['aoai']);
  });

  it('never puts the value into an error', async () => {
    const err = await secrets.putSecret('missing', 'aoai', 'VALUE-xyz').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ServiceError);
    expect((err as ServiceError).reason).toBe('not-found');
    expect(String((err as Error).message)).toContain('missing/aoai');
    expect(JSON.stringify(err)).not.toContain('VALUE-xyz');
    expect(String((err as Error).message)).not.toContain('VALUE-xyz');
  });
});

describe('Databricks serving', () => {
  it('creates an external-model endpoint that goes IN_PROGRESS → READY with config v1', async () => {
    await secrets.ensureScope('bot');
    await secrets.putSecret('bot', 'aoai', 'k');
    const created = await serving.create(spec());
    expect(readiness(created)).toEqual({
      phase: 'updating',
      note: 'config v1 updating (DEPLOYMENT_CREATING)',
    });
    const { ep, r } = await pollUntilSettled('aoai-chat');
    expect(r).toEqual({ phase: 'ready', configVersion: 1 });
    expect(servesSpec(ep.served, spec())).toBe(true);
    expect(ep.served[0]?.keyReference).toBe('{{secrets/bot/aoai}}');
    expect(ep.usageTracking).toBe(true);
    expect(ep.inferenceTable).toBeUndefined();
  });

  it('refuses a config change while an update is IN_PROGRESS, as a conflict', async () => {
    await secrets.ensureScope('bot');
    await secrets.putSecret('bot', 'aoai', 'k');
    await serving.create(spec());
    const err = await serving
      .updateConfig(spec({ deploymentName: 'other' }))
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ServiceError);
    expect((err as ServiceError).reason).toBe('conflict');
    expect((err as Error).message).toBe(
      'Endpoint aoai-chat is already being updated; wait until its update finishes.',
    );
    await pollUntilSettled('aoai-chat');
    const updated = await serving.updateConfig(spec({ deploymentName: 'other' }));
    expect(updated.pendingConfigVersion).toBe(2);
    const { ep } = await pollUntilSettled('aoai-chat');
    expect(ep.configVersion).toBe(2);
    expect(ep.served[0]?.deploymentName).toBe('other');
  });

  it('reports UPDATE_FAILED with the entity deployment message (missing secret)', async () => {
    await serving.create(spec({ secretScope: 'nope' }));
    const { r } = await pollUntilSettled('aoai-chat');
    expect(r).toEqual({
      phase: 'failed',
      message: 'UPDATE_FAILED: Secret nope/aoai does not exist or the creator cannot read it.',
    });
  });

  it('sets the AI Gateway inference table when a UC location is given, and deletes', async () => {
    servingState.failNextUpdate('boom');
    await serving.create(spec({ inferenceTable: { catalog: 'ml', schema: 'serving' } }));
    expect((await serving.get('aoai-chat'))?.inferenceTable).toBe('ml.serving');
    await serving.delete('aoai-chat');
    expect(await serving.get('aoai-chat')).toBeUndefined();
  });
});

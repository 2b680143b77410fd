import { describe, expect, it } from 'vitest';
import { toAzureError } from '../../../../src/services/azure/arm-error-mapping';
import { capRetryAfter } from '../../../../src/services/azure/arm-clients';
import {
  AzureError,
  describeAzureError,
  type AzureErrorReason,
} from '../../../../src/services/azure/azure-provisioner';

const REASONS: AzureErrorReason[] = [
  'insufficient-quota',
  'quota-id-required',
  'soft-deleted',
  'custom-domain-in-use',
  'model-not-supported',
  'model-deprecated',
  'invalid-sku',
  'no-deployable-model',
  'authorization-failed',
  'provider-not-registered',
  'managed-rg-exists',
  'provisioning-failed',
  'throttled',
  'not-found',
  'authentication-failed',
  'unavailable',
  'unexpected',
];

describe('describeAzureError', () => {
  it.each(REASONS)('%s has its own sentence with no raw token text', (reason) => {
    const text = describeAzureError(new AzureError(reason, 'x', { code: 'C', region: 'eastus2' }));
    expect(text.length).toBeGreaterThan(30);
    expect(text).not.toMatch(/Bearer|fake-mi/);
  });

  it('gives different text to different reasons', () => {
    const texts = REASONS.map((r) => describeAzureError(new AzureError(r, 'x')));
    expect(new Set(texts).size).toBe(REASONS.length);
  });
});

describe('describeAzureError in French', () => {
  it.each(REASONS)('%s has a French sentence of its own', (reason) => {
    const info = { code: 'C', region: 'eastus2', resourceName: 'oai-lab' };
    const en = describeAzureError(new AzureError(reason, 'x', info));
    const fr = describeAzureError(new AzureError(reason, 'x', info), 'fr');
    expect(fr).not.toBe(en);
    expect(fr.length).toBeGreaterThan(30);
  });

  it('keeps names, regions and codes as sent and offers models in French words', () => {
    const err = new AzureError('model-not-supported', 'x', {
      model: 'gpt-4o',
      region: 'eastus2',
      offered: ['gpt-4o-mini'],
    });
    expect(describeAzureError(err, 'fr')).toBe(
      'gpt-4o n’est pas proposé dans la région eastus2. La région eastus2 propose : gpt-4o-mini. Lancez `provision --model gpt-4o-mini`, ou `provision` sans --model pour laisser le bot choisir.',
    );
  });
});

describe('toAzureError', () => {
  it.each([
    ['InsufficientQuota', 'insufficient-quota'],
    ['QuotaExceeded', 'insufficient-quota'],
    ['SpecialFeatureOrQuotaIdRequired', 'quota-id-required'],
    ['FlagMustBeSetForRestore', 'soft-deleted'],
    ['CustomDomainInUse', 'custom-domain-in-use'],
    ['DeploymentModelNotSupported', 'model-not-supported'],
    ['ServiceModelDeprecated', 'model-deprecated'],
    ['InvalidResourceProperties', 'invalid-sku'],
    ['AuthorizationFailed', 'authorization-failed'],
    ['MissingSubscriptionRegistration', 'provider-not-registered'],
    ['SomethingNew', 'unexpected'],
  ])('recovers %s from a failed LRO message (no body kept)', (code, reason) => {
    const err = toAzureError(
      new Error(`The long-running operation has failed. ${code}. Details here`),
    );
    expect(err.azureReason).toBe(reason);
    expect(err.info.code).toBe(code);
  });

  it('prefers the inner code of the last poll body (ApplianceProvisioningFailed)', () => {
    const err = toAzureError(
      new Error('The long-running operation has failed. ResourceOperationFailure. x'),
      {
        lastBody: {
          status: 'Failed',
          error: {
            code: 'ResourceOperationFailure',
            message: 'failed',
            details: [{ code: 'ApplianceProvisioningFailed', message: 'managed group exists' }],
          },
        },
      },
    );
    expect(err).toMatchObject({
      azureReason: 'managed-rg-exists',
      info: { code: 'ApplianceProvisioningFailed' },
    });
  });

  it('maps a credential failure to authentication-failed', () => {
    const e = Object.assign(new Error('no credential'), { name: 'CredentialUnavailableError' });
    expect(toAzureError(e).azureReason).toBe('authentication-failed');
  });
});

describe('capRetryAfter', () => {
  const bag = (init: Record<string, string>) => {
    const m = new Map(Object.entries(init));
    return {
      get: (n: string) => m.get(n),
      set: (n: string, v: string) => void m.set(n, v),
      delete: (n: string) => void m.delete(n),
      m,
    };
  };
  it('keeps a short Retry-After and strips a long one, remembering the wait', () => {
    const short = bag({ 'retry-after': '5' });
    capRetryAfter(short, 429, 60_000);
    expect(short.m.get('retry-after')).toBe('5');
    const long = bag({ 'retry-after': '86400' });
    capRetryAfter(long, 429, 60_000);
    expect(long.m.has('retry-after')).toBe(false);
    expect(long.m.get('x-llmops-retry-after-ms')).toBe('86400000');
    const ok = bag({ 'retry-after': '86400' });
    capRetryAfter(ok, 200, 60_000);
    expect(ok.m.get('retry-after')).toBe('86400');
  });
});

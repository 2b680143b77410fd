import { describe, expect, it } from 'vitest';
import { ServiceError } from '../../../../src/services/errors';
import {
  displayTarget,
  HealthService,
  probeDetail,
  probeName,
  type Probe,
} from '../../../../src/platform/health/health-service';

const probe = (name: string, check: Probe['check'], configured = true): Probe => ({
  name,
  target: `https://${name.toLowerCase()}.example.test`,
  configured,
  check,
});

describe('HealthService', () => {
  it('reports a probe that is not configured without running it', async () => {
    let ran = false;
    const [r] = await new HealthService([
      probe(
        'MLflow',
        () => {
          ran = true;
          return Promise.resolve('x');
        },
        false,
      ),
    ]).checkAll();
    expect(r).toEqual({
      name: 'MLflow',
      target: 'https://mlflow.example.test',
      configured: false,
      ok: undefined,
      detail: 'not configured',
      message: { key: 'probes.notConfigured' },
      latencyMs: undefined,
    });
    expect(probeDetail(r ?? { detail: '' }, 'fr')).toBe('non configuré');
    expect(ran).toBe(false);
  });

  it('reports ok with the detail the probe returned', async () => {
    const [r] = await new HealthService([
      probe('Store', () => Promise.resolve('open, wal')),
    ]).checkAll();
    expect(r).toMatchObject({ ok: true, detail: 'open, wal', configured: true });
    expect(r?.latencyMs).toBeGreaterThanOrEqual(0);
  });

  it('describes a typed failure in user terms', async () => {
    const [r] = await new HealthService([
      probe('Databricks', () =>
        Promise.reject(new ServiceError('Databricks', 'unauthorized', 'HTTP 401')),
      ),
    ]).checkAll();
    expect(r?.ok).toBe(false);
    expect(r?.detail).toBe(
      "Databricks rejected the bot's credentials. Renew the token or secret configured for it.",
    );
  });

  it('hides the raw message of an untyped failure', async () => {
    const [r] = await new HealthService([
      probe('Azure', () => Promise.reject(new Error('secret=abc connection string leaked'))),
    ]).checkAll();
    expect(r).toMatchObject({ ok: false, detail: 'Azure check failed.' });
  });

  it('names a probe in the reader’s language when it has a label', async () => {
    const store: Probe = {
      ...probe('Store', () => Promise.reject(new Error('disk I/O error'))),
      label: { key: 'statusDetail.name.store' },
    };
    const [r] = await new HealthService([store]).checkAll();
    expect(r?.detail).toBe('Store check failed.');
    expect(r && probeName(r, 'fr')).toBe('Stockage');
    expect(r && probeDetail(r, 'fr')).toBe('La vérification de Stockage a échoué.');
  });

  it('bounds a probe that never answers by the timeout, and still reports the others', async () => {
    const results = await new HealthService(
      [
        probe('Hangs', () => new Promise<string>(() => undefined)),
        probe('Fine', () => Promise.resolve('ok')),
        probe('Off', () => Promise.resolve('x'), false),
      ],
      50,
    ).checkAll();
    expect(results.map((r) => [r.name, r.ok])).toEqual([
      ['Hangs', false],
      ['Fine', true],
      ['Off', undefined],
    ]);
    expect(results[0]?.detail).toContain('did not answer in time');
  });

  it('never throws, even when a probe throws synchronously', async () => {
    const results = await new HealthService([
      probe('Sync', () => {
        throw new ServiceError('Sync', 'unreachable', 'boom');
      }),
    ]).checkAll();
    expect(results[0]?.ok).toBe(false);
  });
});

describe('displayTarget', () => {
  it.each([
    ['https://user:pw@adb-1.azuredatabricks.net/path?token=x', 'https://adb-1.azuredatabricks.net'],
    ['http://127.0.0.1:5000/', 'http://127.0.0.1:5000'],
    [undefined, 'not configured'],
    ['::nope', 'invalid address'],
  ])('%j → %j', (url, shown) => {
    expect(displayTarget(url)).toBe(shown);
  });
});

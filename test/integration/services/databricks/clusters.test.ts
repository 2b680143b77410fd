import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  ClusterError,
  describeClusterError,
} from '../../../../src/services/databricks/cluster-error';
import {
  HttpClusterService,
  selectMlRuntime,
  selectNodeType,
} from '../../../../src/services/databricks/clusters';
import { createDatabricksHttp } from '../../../../src/services/databricks/databricks-client';
import { DatabricksAuth } from '../../../../src/services/databricks/databricks-auth';
import { HttpLibraryService } from '../../../../src/services/databricks/libraries';
import { installClusters, type ClusterFake } from '../../../fakes/fake-databricks/clusters';
import { dbxError, FakeDatabricks } from '../../../fakes/fake-databricks/fake-databricks';

const SPEC = {
  name: 'lab-ml',
  sparkVersion: '17.3.x-cpu-ml-scala2.13',
  nodeType: 'Standard_D4ds_v5',
  singleUser: 'ona@example.com',
  autoterminationMinutes: 20,
  tags: { 'llmops-environment': 'lab' },
};

describe('clusters and libraries against the fake workspace', () => {
  const fake = new FakeDatabricks();
  let area: ClusterFake;
  let clusters: HttpClusterService;
  let libraries: HttpLibraryService;
  beforeAll(async () => {
    await fake.start();
    area = installClusters(fake, { getsPerTransition: 2 });
    const http = createDatabricksHttp({
      host: fake.url,
      auth: new DatabricksAuth({ host: fake.url, token: 'dapi-test-token' }),
      sleep: () => Promise.resolve(),
    });
    clusters = new HttpClusterService(http);
    libraries = new HttpLibraryService(http);
  });
  afterAll(() => fake.stop());
  beforeEach(() => {
    area.clusters.clear();
    area.creates.length = 0;
  });

  it('picks the newest LTS CPU ML runtime with Spark > 3.4, and the preferred or smallest node', async () => {
    await expect(clusters.latestMlRuntime(true)).resolves.toEqual(area.spark[0]);
    expect(selectMlRuntime(area.spark, false)?.key).toBe('17.3.x-cpu-ml-scala2.13');
    expect(
      selectMlRuntime(
        [
          {
            key: '13.3.x-cpu-ml-scala2.12',
            name: '13.3 LTS ML (includes Apache Spark 3.4.1, Scala 2.12)',
          },
        ],
        true,
      ),
    ).toBeUndefined();
    await expect(clusters.pickNodeType('Standard_D4ds_v5')).resolves.toBe('Standard_D4ds_v5');
    const nodes = area.nodeTypes as unknown as Parameters<typeof selectNodeType>[0];
    expect(
      selectNodeType(
        nodes.filter((n) => n.node_type_id !== 'Standard_D4ds_v5'),
        'Standard_D4ds_v5',
      ),
    ).toBe('Standard_DS3_v2');
  });

  it('creates once (found again by its tag), goes PENDING → RUNNING, and survives 429/503', async () => {
    fake.failNext(/clusters\/create/, dbxError(429, 'REQUEST_LIMIT_EXCEEDED', 'slow down'));
    fake.failNext(/clusters\/get/, dbxError(503, 'TEMPORARILY_UNAVAILABLE', 'busy'));
    const first = await clusters.ensure(SPEC, 'llmops-environment');
    const again = await clusters.ensure(SPEC, 'llmops-environment');
    expect(again).toEqual({ clusterId: first.clusterId, created: false });
    expect(area.creates).toHaveLength(1);
    expect(area.creates[0]).toMatchObject({ num_workers: 0, data_security_mode: 'SINGLE_USER' });
    expect((await clusters.get(first.clusterId))?.state).toBe('PENDING');
    expect((await clusters.get(first.clusterId))?.state).toBe('RUNNING');
    await clusters.terminate(first.clusterId);
    await clusters.permanentDelete(first.clusterId);
    await expect(clusters.get(first.clusterId)).resolves.toBeUndefined();
    await expect(clusters.permanentDelete(first.clusterId)).resolves.toBeUndefined();
  });

  it('reports a cluster that ends TERMINATED with its termination reason', async () => {
    area.failNextStart({
      code: 'CLOUD_PROVIDER_RESOURCE_STOCKOUT',
      type: 'CLOUD_FAILURE',
      message: 'No capacity.',
    });
    const { clusterId } = await clusters.ensure(SPEC, 'llmops-environment');
    await clusters.get(clusterId);
    const info = await clusters.get(clusterId);
    expect(info).toMatchObject({
      state: 'ERROR',
      terminationCode: 'CLOUD_PROVIDER_RESOURCE_STOCKOUT',
    });
    const err = new ClusterError('terminated', info?.stateMessage ?? '', {
      state: info?.state,
      code: info?.terminationCode,
    });
    expect(describeClusterError(err)).toMatch(
      /ERROR: CLOUD_PROVIDER_RESOURCE_STOCKOUT\). No capacity\./,
    );
  });

  it('installs missing libraries once and reports FAILED with pip’s message', async () => {
    area.failPackage('not-a-package', 'ERROR: No matching distribution found for not-a-package');
    const { clusterId } = await clusters.ensure(SPEC, 'llmops-environment');
    await clusters.get(clusterId);
    await clusters.get(clusterId); // RUNNING
    await expect(libraries.ensureInstalled(clusterId, ['openai'])).resolves.toBe(1);
    await expect(libraries.ensureInstalled(clusterId, ['openai'])).resolves.toBe(0);
    const phases: string[] = [];
    for (let i = 0; i < 5 && phases.at(-1) !== 'installed'; i++) {
      phases.push((await libraries.progress(clusterId, ['openai'])).phase);
    }
    expect(phases.at(-1)).toBe('installed');
    await libraries.ensureInstalled(clusterId, ['not-a-package']);
    let failure: unknown;
    for (let i = 0; i < 5 && !failure; i++) {
      failure = await libraries.progress(clusterId, ['not-a-package']).then(
        () => undefined,
        (e: unknown) => e,
      );
    }
    expect(failure).toBeInstanceOf(ClusterError);
    expect(describeClusterError(failure as ClusterError)).toContain('No matching distribution');
  });
});

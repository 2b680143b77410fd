import { ServiceError } from '../errors';
import { ClusterError } from './cluster-error';
import type { HttpClient } from '../http/http-client';

export type ClusterState =
  | 'PENDING'
  | 'RUNNING'
  | 'RESTARTING'
  | 'RESIZING'
  | 'TERMINATING'
  | 'TERMINATED'
  | 'ERROR'
  | 'UNKNOWN';

export interface ClusterInfo {
  readonly clusterId: string;
  readonly name: string;
  readonly state: ClusterState;
  readonly stateMessage: string;
  readonly sparkVersion: string;
  readonly nodeType: string;
  readonly tags: Readonly<Record<string, string>>;
  readonly terminationCode: string | undefined;
}

export interface ClusterSpec {
  readonly name: string;
  readonly sparkVersion: string;
  readonly nodeType: string;
  /** A user e-mail or a service principal application id (single-user access). */
  readonly singleUser: string;
  readonly autoterminationMinutes: number;
  /** Our tags; the one named by `ownerTag` finds the cluster again before creating. */
  readonly tags: Readonly<Record<string, string>>;
}

/** Cluster lifecycle over the workspace REST API (databricks-mlflow-api.md §2). */
export interface ClusterService {
  latestMlRuntime(ltsOnly: boolean): Promise<{ key: string; name: string }>;
  pickNodeType(preferred: string): Promise<string>;
  findByTag(key: string, value: string): Promise<ClusterInfo | undefined>;
  /** Every cluster carrying tag `key`=`value` (cleanup removes them all). */
  listByTag(key: string, value: string): Promise<ClusterInfo[]>;
  /** Creates unless a cluster with the same tag `key`=`value` exists; returns its id. */
  ensure(spec: ClusterSpec, tagKey: string): Promise<{ clusterId: string; created: boolean }>;
  get(clusterId: string): Promise<ClusterInfo | undefined>;
  start(clusterId: string): Promise<void>;
  terminate(clusterId: string): Promise<void>;
  permanentDelete(clusterId: string): Promise<void>;
}

interface RawCluster {
  cluster_id?: string;
  cluster_name?: string;
  state?: string;
  state_message?: string;
  spark_version?: string;
  node_type_id?: string;
  custom_tags?: Record<string, string>;
  termination_reason?: { code?: string; type?: string };
}

interface RawNodeType {
  node_type_id: string;
  memory_mb?: number;
  num_cores?: number;
  num_gpus?: number;
  is_deprecated?: boolean;
  node_info?: { status?: string[] };
}

const toInfo = (c: RawCluster): ClusterInfo => ({
  clusterId: c.cluster_id ?? '',
  name: c.cluster_name ?? '',
  state: (c.state ?? 'UNKNOWN') as ClusterState,
  stateMessage: c.state_message ?? '',
  sparkVersion: c.spark_version ?? '',
  nodeType: c.node_type_id ?? '',
  tags: c.custom_tags ?? {},
  terminationCode: c.termination_reason?.code,
});

const IDEMPOTENT = { idempotent: true };
const EXCLUDED_KEY = /-gpu-|-photon-|-aarch64-|-hls-|apache-spark-/;
const SPARK = /Apache Spark (\d+)\.(\d+)/;
const UNAVAILABLE = new Set(['NotAvailableInRegion', 'NotEnabledOnSubscription']);

/**
 * Picks the runtime the Go SDK's SelectSparkVersion would: ML, CPU, not beta, Spark > 3.4,
 * LTS unless told otherwise, newest first, scala 2.12 over 2.13.
 */
export function selectMlRuntime(
  versions: readonly { key: string; name: string }[],
  ltsOnly: boolean,
): { key: string; name: string } | undefined {
  const numeric = (key: string) => Number(/^(\d+(?:\.\d+)?)\.x-/.exec(key)?.[1] ?? 0);
  return versions
    .filter((v) => v.key.includes('-ml-') && !EXCLUDED_KEY.test(v.key))
    .filter((v) => !/beta/i.test(v.name) && (!ltsOnly || v.name.includes('LTS')))
    .filter((v) => {
      const m = SPARK.exec(v.name);
      return m !== null && Number(m[1]) * 100 + Number(m[2]) > 304;
    })
    .sort(
      (a, b) =>
        numeric(b.key) - numeric(a.key) ||
        Number(a.key.includes('scala2.13')) - Number(b.key.includes('scala2.13')),
    )[0];
}

/**
 * The preferred node type when the workspace offers it, else the smallest available CPU type
 * with at least its cores (4 when the preference is unknown), by cores then memory.
 */
export function selectNodeType(
  nodes: readonly RawNodeType[],
  preferred: string,
): string | undefined {
  const usable = nodes.filter(
    (n) =>
      !n.is_deprecated &&
      (n.num_gpus ?? 0) === 0 &&
      !(n.node_info?.status ?? []).some((s) => UNAVAILABLE.has(s)),
  );
  if (usable.some((n) => n.node_type_id === preferred)) return preferred;
  const minCores = nodes.find((n) => n.node_type_id === preferred)?.num_cores ?? 4;
  return usable
    .filter((n) => (n.num_cores ?? 0) >= minCores)
    .sort(
      (a, b) => (a.num_cores ?? 0) - (b.num_cores ?? 0) || (a.memory_mb ?? 0) - (b.memory_mb ?? 0),
    )[0]?.node_type_id;
}

export interface HttpClusterServiceOptions {
  /** Attempts at clusters/create when it fails in a way that may have created it (default 3). */
  createAttempts?: number;
  /** Wait before looking for what a failed create made (default 1 s, doubling). */
  createRetryDelayMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

/** ClusterService over the shared Databricks HttpClient. */
export class HttpClusterService implements ClusterService {
  constructor(
    private readonly http: HttpClient,
    private readonly options: HttpClusterServiceOptions = {},
  ) {}

  async latestMlRuntime(ltsOnly: boolean) {
    const body = await this.http.get<{ versions?: { key: string; name: string }[] }>(
      '/api/2.1/clusters/spark-versions',
    );
    const pick = selectMlRuntime(body.versions ?? [], ltsOnly);
    if (!pick) throw new ClusterError('no-runtime', 'No ML runtime matched.');
    return pick;
  }

  async pickNodeType(preferred: string): Promise<string> {
    const body = await this.http.get<{ node_types?: RawNodeType[] }>(
      '/api/2.1/clusters/list-node-types',
    );
    const pick = selectNodeType(body.node_types ?? [], preferred);
    if (!pick) throw new ClusterError('no-node-type', 'No usable node type.');
    return pick;
  }

  async findByTag(key: string, value: string): Promise<ClusterInfo | undefined> {
    return (await this.listByTag(key, value, true))[0];
  }

  async listByTag(key: string, value: string, firstOnly = false): Promise<ClusterInfo[]> {
    const found: ClusterInfo[] = [];
    let pageToken: string | undefined;
    do {
      const page = await this.http.get<{ clusters?: RawCluster[]; next_page_token?: string }>(
        '/api/2.1/clusters/list',
        { page_size: 100, ...(pageToken ? { page_token: pageToken } : {}) },
      );
      for (const c of page.clusters ?? []) {
        if (c.custom_tags?.[key] !== value) continue;
        found.push(toInfo(c));
        if (firstOnly) return found;
      }
      pageToken = page.next_page_token || undefined;
    } while (pageToken);
    return found;
  }

  /**
   * Single node the classic way (num_workers 0 sent explicitly, singleNode profile and the
   * ResourceClass tag), Photon off, dedicated to one user, auto-terminating.
   */
  async ensure(spec: ClusterSpec, tagKey: string) {
    const tagValue = spec.tags[tagKey] ?? '';
    const existing = await this.findByTag(tagKey, tagValue);
    if (existing) return { clusterId: existing.clusterId, created: false };
    const attempts = this.options.createAttempts ?? 3;
    const sleep = this.options.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
    for (let attempt = 1; ; attempt++) {
      try {
        return { clusterId: await this.create(spec), created: true };
      } catch (err) {
        // A 503 or a timeout may come after Databricks made the cluster: the HTTP client does
        // not repeat the create, and we look for what the failed attempt left before trying again.
        if (!(err instanceof ServiceError) || !err.retryable || attempt >= attempts) throw err;
        await sleep((this.options.createRetryDelayMs ?? 1_000) * 2 ** (attempt - 1));
        const made = await this.findByTag(tagKey, tagValue);
        if (made) return { clusterId: made.clusterId, created: true };
      }
    }
  }

  private async create(spec: ClusterSpec): Promise<string> {
    const created = await this.http.post<{ cluster_id?: string }>('/api/2.1/clusters/create', {
      cluster_name: spec.name,
      spark_version: spec.sparkVersion,
      node_type_id: spec.nodeType,
      num_workers: 0,
      spark_conf: { 'spark.databricks.cluster.profile': 'singleNode', 'spark.master': 'local[*]' },
      custom_tags: { ...spec.tags, ResourceClass: 'SingleNode' },
      data_security_mode: 'SINGLE_USER',
      single_user_name: spec.singleUser,
      autotermination_minutes: spec.autoterminationMinutes,
      runtime_engine: 'STANDARD',
      azure_attributes: { availability: 'ON_DEMAND_AZURE' },
    });
    if (!created.cluster_id) {
      throw new ServiceError(
        'Databricks',
        'invalid-response',
        'clusters/create sent no cluster_id.',
      );
    }
    return created.cluster_id;
  }

  async get(clusterId: string): Promise<ClusterInfo | undefined> {
    try {
      return toInfo(
        await this.http.get<RawCluster>('/api/2.1/clusters/get', { cluster_id: clusterId }),
      );
    } catch (err) {
      if (isMissing(err)) return undefined;
      throw err;
    }
  }

  /** Start, delete and permanent-delete act on one cluster id: a repeat makes nothing new. */
  async start(clusterId: string): Promise<void> {
    await this.http.post('/api/2.1/clusters/start', { cluster_id: clusterId }, IDEMPOTENT);
  }

  async terminate(clusterId: string): Promise<void> {
    await this.ignoreMissing(() =>
      this.http.post('/api/2.1/clusters/delete', { cluster_id: clusterId }, IDEMPOTENT),
    );
  }

  async permanentDelete(clusterId: string): Promise<void> {
    await this.ignoreMissing(() =>
      this.http.post('/api/2.1/clusters/permanent-delete', { cluster_id: clusterId }, IDEMPOTENT),
    );
  }

  private async ignoreMissing(call: () => Promise<unknown>): Promise<void> {
    try {
      await call();
    } catch (err) {
      if (!isMissing(err)) throw err;
    }
  }
}

/** Databricks answers 400 INVALID_PARAMETER_VALUE or 404 for a cluster that no longer exists. */
export function isMissing(err: unknown): boolean {
  if (!(err instanceof ServiceError)) return false;
  const code = err.details.code ?? '';
  return (
    err.reason === 'not-found' ||
    code === 'RESOURCE_DOES_NOT_EXIST' ||
    (code === 'INVALID_PARAMETER_VALUE' && /does not exist/i.test(err.message))
  );
}

import { ServiceError } from '../errors';
import type { HttpClient } from '../http/http-client';

/** Why a cluster step cannot go on; each maps to its own next step for the user. */
export type ClusterErrorReason = 'terminated' | 'no-runtime' | 'no-node-type' | 'library-failed';

/** A cluster or library failure with what Databricks said (termination code, pip message). */
export class ClusterError extends ServiceError {
  constructor(
    readonly clusterReason: ClusterErrorReason,
    message: string,
    readonly info: { clusterId?: string; code?: string; state?: string; library?: string } = {},
  ) {
    super('Databricks', clusterReason === 'terminated' ? 'conflict' : 'not-found', message, {
      ...(info.code !== undefined ? { code: info.code } : {}),
    });
    this.name = 'ClusterError';
  }
}

/** The sentence and next step for a cluster failure; exhaustive so a new reason fails the build. */
export function describeClusterError(err: ClusterError): string {
  const reason: ClusterErrorReason = err.clusterReason;
  switch (reason) {
    case 'terminated':
      return `The cluster stopped (${err.info.state ?? 'TERMINATED'}${err.info.code ? `: ${err.info.code}` : ''}). ${err.message} Fix the cause (quota, node type) and run provision again.`;
    case 'no-runtime':
      return 'The workspace offers no non-beta, non-GPU ML runtime with Spark above 3.4. Set DATABRICKS_RUNTIME_LTS_ONLY=false or check the workspace.';
    case 'no-node-type':
      return 'The workspace offers no usable node type. Set DATABRICKS_NODE_TYPE to one listed in the workspace.';
    case 'library-failed':
      return `Installing ${err.info.library ?? 'a library'} failed: ${err.message} Fix DATABRICKS_LIBRARIES and run provision again.`;
    default: {
      const unreachable: never = reason;
      return unreachable;
    }
  }
}

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

/** ClusterService over the shared Databricks HttpClient. */
export class HttpClusterService implements ClusterService {
  constructor(private readonly http: HttpClient) {}

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
    let pageToken: string | undefined;
    do {
      const page = await this.http.get<{ clusters?: RawCluster[]; next_page_token?: string }>(
        '/api/2.1/clusters/list',
        { page_size: 100, ...(pageToken ? { page_token: pageToken } : {}) },
      );
      const hit = (page.clusters ?? []).find((c) => c.custom_tags?.[key] === value);
      if (hit) return toInfo(hit);
      pageToken = page.next_page_token || undefined;
    } while (pageToken);
    return undefined;
  }

  /**
   * Single node the classic way (num_workers 0 sent explicitly, singleNode profile and the
   * ResourceClass tag), Photon off, dedicated to one user, auto-terminating.
   */
  async ensure(spec: ClusterSpec, tagKey: string) {
    const tagValue = spec.tags[tagKey] ?? '';
    const existing = await this.findByTag(tagKey, tagValue);
    if (existing) return { clusterId: existing.clusterId, created: false };
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
    return { clusterId: created.cluster_id, created: true };
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

  async start(clusterId: string): Promise<void> {
    await this.http.post('/api/2.1/clusters/start', { cluster_id: clusterId });
  }

  async terminate(clusterId: string): Promise<void> {
    await this.ignoreMissing(() =>
      this.http.post('/api/2.1/clusters/delete', { cluster_id: clusterId }),
    );
  }

  async permanentDelete(clusterId: string): Promise<void> {
    await this.ignoreMissing(() =>
      this.http.post('/api/2.1/clusters/permanent-delete', { cluster_id: clusterId }),
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

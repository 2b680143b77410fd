import { dbxError, ok, type FakeDatabricks } from './fake-databricks';

export interface FakeCluster {
  id: string;
  spec: Record<string, unknown>;
  state: 'PENDING' | 'RUNNING' | 'TERMINATING' | 'TERMINATED' | 'ERROR';
  stateMessage: string;
  /** Gets left before the current transition completes. */
  getsLeft: number;
  terminationReason?: { code: string; type: string; parameters?: Record<string, string> };
  libraries: Map<string, { state: string; getsLeft: number; messages: string[] }>;
}

export interface ClusterFakeOptions {
  /** `clusters/get` calls a PENDING/TERMINATING cluster answers before moving on (default 2). */
  getsPerTransition?: number;
  /** `cluster-status` calls per library state (PENDING → INSTALLING → INSTALLED) (default 1). */
  statusPerLibraryState?: number;
}

/** The cluster + libraries area of the fake workspace, with state readable by tests. */
export interface ClusterFake {
  readonly clusters: Map<string, FakeCluster>;
  /** Every create body as received (to check num_workers: 0 really went over the wire). */
  readonly creates: Record<string, unknown>[];
  /** The next created cluster ends in ERROR/TERMINATED with this reason instead of RUNNING. */
  failNextStart(reason: { code: string; type?: string; message?: string }): void;
  /**
   * The next `times` creates make the cluster and then answer 503, as when Databricks' front
   * end loses the answer: a client that repeats the create makes a second cluster.
   */
  createThenFail(times?: number): void;
  /** Installing this package fails with pip's message. */
  failPackage(name: string, message: string): void;
  spark: { key: string; name: string }[];
  nodeTypes: Record<string, unknown>[];
}

const DEFAULT_SPARK = [
  { key: '17.3.x-cpu-ml-scala2.13', name: '17.3 LTS ML (includes Apache Spark 4.0.0, Scala 2.13)' },
  {
    key: '17.3.x-gpu-ml-scala2.13',
    name: '17.3 LTS ML (includes Apache Spark 4.0.0, GPU, Scala 2.13)',
  },
  {
    key: '18.0.x-cpu-ml-scala2.13',
    name: '18.0 ML (Beta) (includes Apache Spark 4.1.0, Scala 2.13)',
  },
  { key: '17.2.x-cpu-ml-scala2.13', name: '17.2 ML (includes Apache Spark 4.0.0, Scala 2.13)' },
  { key: '16.4.x-cpu-ml-scala2.12', name: '16.4 LTS ML (includes Apache Spark 3.5.2, Scala 2.12)' },
  {
    key: '16.4.x-photon-scala2.12',
    name: '16.4 LTS Photon (includes Apache Spark 3.5.2, Scala 2.12)',
  },
  { key: '13.3.x-cpu-ml-scala2.12', name: '13.3 LTS ML (includes Apache Spark 3.4.1, Scala 2.12)' },
];

const node = (id: string, cores: number, memGb: number, extra: Record<string, unknown> = {}) => ({
  node_type_id: id,
  num_cores: cores,
  memory_mb: memGb * 1024,
  num_gpus: 0,
  category: 'General Purpose',
  is_deprecated: false,
  ...extra,
});

const DEFAULT_NODES = [
  node('Standard_D8ds_v5', 8, 32),
  node('Standard_D4ds_v5', 4, 16),
  node('Standard_DS3_v2', 4, 14),
  node('Standard_F4', 4, 8, { is_deprecated: true }),
  node('Standard_NC4as_T4_v3', 4, 28, { num_gpus: 1 }),
];

/** Registers spark-versions, node types, clusters and libraries routes with their state machines. */
export function installClusters(
  fake: FakeDatabricks,
  options: ClusterFakeOptions = {},
): ClusterFake {
  const perTransition = options.getsPerTransition ?? 2;
  const perLibState = options.statusPerLibraryState ?? 1;
  const clusters = new Map<string, FakeCluster>();
  const creates: Record<string, unknown>[] = [];
  const failingPackages = new Map<string, string>();
  let nextFailure: { code: string; type?: string; message?: string } | undefined;
  let lostAnswers = 0;
  let seq = 0;
  const area: ClusterFake = {
    clusters,
    creates,
    failNextStart: (r) => {
      nextFailure = r;
    },
    createThenFail: (times = 1) => {
      lostAnswers = times;
    },
    failPackage: (name, message) => failingPackages.set(name, message),
    spark: [...DEFAULT_SPARK],
    nodeTypes: [...DEFAULT_NODES],
  };

  const find = (id: unknown) => (typeof id === 'string' ? clusters.get(id) : undefined);
  const missing = (id: unknown) =>
    dbxError(400, 'INVALID_PARAMETER_VALUE', `Cluster ${String(id)} does not exist`);

  const advance = (c: FakeCluster) => {
    if (c.state !== 'PENDING' && c.state !== 'TERMINATING') return;
    if (--c.getsLeft > 0) return;
    if (c.state === 'TERMINATING') {
      c.state = 'TERMINATED';
      c.stateMessage = '';
    } else if (c.terminationReason) {
      c.state = c.terminationReason.type === 'CLOUD_FAILURE' ? 'ERROR' : 'TERMINATED';
    } else {
      c.state = 'RUNNING';
      c.stateMessage = '';
    }
  };
  const body = (c: FakeCluster) => ({
    ...c.spec,
    cluster_id: c.id,
    state: c.state,
    state_message: c.stateMessage,
    ...(c.terminationReason ? { termination_reason: c.terminationReason } : {}),
  });

  fake.route('GET', /^\/api\/2\.1\/clusters\/spark-versions$/, () => ok({ versions: area.spark }));
  fake.route('GET', /^\/api\/2\.1\/clusters\/list-node-types$/, () =>
    ok({ node_types: area.nodeTypes }),
  );
  fake.route('GET', /^\/api\/2\.1\/clusters\/list$/, () =>
    ok({ clusters: [...clusters.values()].map(body) }),
  );
  fake.route('POST', /^\/api\/2\.1\/clusters\/create$/, (req) => {
    creates.push(req.body);
    const b = req.body;
    if (typeof b.spark_version !== 'string' || !area.spark.some((s) => s.key === b.spark_version)) {
      return dbxError(
        400,
        'INVALID_PARAMETER_VALUE',
        `Invalid spark version ${String(b.spark_version)}.`,
      );
    }
    if (!area.nodeTypes.some((n) => n.node_type_id === b.node_type_id)) {
      return dbxError(
        400,
        'INVALID_PARAMETER_VALUE',
        `Node type ${String(b.node_type_id)} is not supported.`,
      );
    }
    if (b.num_workers === undefined && b.autoscale === undefined) {
      return dbxError(400, 'INVALID_PARAMETER_VALUE', 'Missing required field: num_workers');
    }
    const id = `0101-${String(++seq).padStart(6, '0')}-fake${seq}`;
    const c: FakeCluster = {
      id,
      spec: b,
      state: 'PENDING',
      stateMessage: 'Finding instances for new nodes',
      getsLeft: perTransition,
      libraries: new Map(),
    };
    if (nextFailure) {
      c.terminationReason = {
        code: nextFailure.code,
        type: nextFailure.type ?? 'CLIENT_ERROR',
        parameters: { databricks_error_message: nextFailure.message ?? nextFailure.code },
      };
      c.stateMessage = nextFailure.message ?? nextFailure.code;
      nextFailure = undefined;
    }
    clusters.set(id, c);
    if (lostAnswers > 0) {
      lostAnswers -= 1;
      return dbxError(503, 'TEMPORARILY_UNAVAILABLE', 'The service is temporarily unavailable.');
    }
    return ok({ cluster_id: id });
  });
  fake.route('GET', /^\/api\/2\.1\/clusters\/get$/, (req) => {
    const id = req.query.get('cluster_id');
    const c = find(id);
    if (!c) return missing(id);
    advance(c);
    return ok(body(c));
  });
  fake.route('POST', /^\/api\/2\.1\/clusters\/start$/, (req) => {
    const c = find(req.body.cluster_id);
    if (!c) return missing(req.body.cluster_id);
    if (c.state === 'TERMINATED') {
      c.state = 'PENDING';
      c.getsLeft = perTransition;
      delete c.terminationReason;
    }
    return ok({});
  });
  fake.route('POST', /^\/api\/2\.1\/clusters\/delete$/, (req) => {
    const c = find(req.body.cluster_id);
    if (!c) return missing(req.body.cluster_id);
    if (c.state !== 'TERMINATED') {
      c.state = 'TERMINATING';
      c.getsLeft = perTransition;
    }
    return ok({});
  });
  fake.route('POST', /^\/api\/2\.1\/clusters\/permanent-delete$/, (req) => {
    const id = req.body.cluster_id;
    if (!find(id)) return missing(id);
    clusters.delete(String(id));
    return ok({});
  });

  fake.route('POST', /^\/api\/2\.0\/libraries\/install$/, (req) => {
    const c = find(req.body.cluster_id);
    if (!c) return missing(req.body.cluster_id);
    const libs = Array.isArray(req.body.libraries) ? (req.body.libraries as unknown[]) : [];
    for (const l of libs) {
      const pkg = (l as { pypi?: { package?: string } }).pypi?.package;
      if (!pkg)
        return dbxError(400, 'INVALID_PARAMETER_VALUE', 'Only pypi libraries are supported here.');
      c.libraries.set(pkg, { state: 'PENDING', getsLeft: perLibState, messages: [] });
    }
    return ok({});
  });
  fake.route('GET', /^\/api\/2\.0\/libraries\/cluster-status$/, (req) => {
    const id = req.query.get('cluster_id');
    const c = find(id);
    if (!c) return missing(id);
    const statuses = [...c.libraries.entries()].map(([pkg, l]) => {
      if (
        c.state === 'RUNNING' &&
        l.state !== 'INSTALLED' &&
        l.state !== 'FAILED' &&
        --l.getsLeft <= 0
      ) {
        l.getsLeft = perLibState;
        const failure = failingPackages.get(pkg);
        if (l.state === 'PENDING') l.state = 'INSTALLING';
        else if (failure) {
          l.state = 'FAILED';
          l.messages = [failure];
        } else l.state = 'INSTALLED';
      }
      return {
        library: { pypi: { package: pkg } },
        status: l.state,
        messages: l.messages,
        is_library_for_all_clusters: false,
      };
    });
    return ok({ cluster_id: c.id, library_statuses: statuses });
  });
  return area;
}

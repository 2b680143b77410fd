/** Run lifecycle states as MLflow reports them; the same on the open-source server and Databricks. */
export type RunStatus = 'RUNNING' | 'SCHEDULED' | 'FINISHED' | 'FAILED' | 'KILLED';

/** For validating what the server sends: an unknown status must not reach a card. */
export const RUN_STATUSES: readonly RunStatus[] = [
  'RUNNING',
  'SCHEDULED',
  'FINISHED',
  'FAILED',
  'KILLED',
];

/** Where the tracking server lives decides how UI links look and which APIs exist. */
export type MlflowFlavor = 'oss' | 'databricks';

/** An experiment, camelCased from the wire; tags flattened to a record for lookups. */
export interface MlflowExperiment {
  experimentId: string;
  /** Any string on open-source MLflow; an absolute workspace path on Databricks. */
  name: string;
  lifecycleStage: string;
  artifactLocation: string | undefined;
  tags: Record<string, string>;
}

/** A param or tag; values are strings in MLflow (params may be up to 6000 chars). */
export interface KeyValue {
  key: string;
  value: string;
}

/** One logged metric value; `value` may be NaN or ±Infinity, which MLflow allows. */
export interface MetricPoint {
  key: string;
  value: number;
  timestamp: number;
  step: number;
}

/** Run metadata; times are undefined rather than 0 when the server omits them. */
export interface RunInfo {
  runId: string;
  runName: string;
  experimentId: string;
  status: RunStatus;
  /** Epoch milliseconds. */
  startTime: number | undefined;
  endTime: number | undefined;
  userId: string | undefined;
  artifactUri: string | undefined;
  lifecycleStage: string;
}

/** A run as cards need it: info plus latest metrics, params and tags. */
export interface MlflowRun {
  info: RunInfo;
  /** Latest value per key. */
  metrics: MetricPoint[];
  params: KeyValue[];
  tags: KeyValue[];
}

/** One page of a paged MLflow listing; `nextPageToken` is absent on the last page. */
export interface Page<T> {
  items: T[];
  nextPageToken: string | undefined;
}

/** A registered model version; `runId` links it back to the run that produced it. */
export interface ModelVersion {
  name: string;
  version: string;
  status: string;
  runId: string | undefined;
  source: string | undefined;
  aliases: string[];
  currentStage: string | undefined;
  creationTimestamp: number | undefined;
}

/** One entry of an artifact listing; directories have no size. */
export interface ArtifactFile {
  path: string;
  isDir: boolean;
  fileSize: number | undefined;
}

/** runs/search arguments; the view type is fixed to ACTIVE_ONLY by the service. */
export interface SearchRunsOptions {
  experimentIds: string[];
  /** MLflow search syntax, passed through unchanged. */
  filter?: string;
  orderBy?: string[];
  maxResults?: number;
  pageToken?: string;
}

/** experiments/search arguments (active experiments only). */
export interface SearchExperimentsOptions {
  filter?: string;
  orderBy?: string[];
  maxResults?: number;
  pageToken?: string;
}

/** runs/create arguments; start time defaults to now. */
export interface CreateRunOptions {
  experimentId: string;
  runName?: string;
  startTime?: number;
  tags?: KeyValue[];
}

/** runs/log-batch payload; callers keep within MLflow limits (1000 metrics, 100 params, 100 tags). */
export interface LogBatchOptions {
  metrics?: MetricPoint[];
  params?: KeyValue[];
  tags?: KeyValue[];
}

/** runs/update arguments: finish, fail or kill a run, or rename it. */
export interface UpdateRunOptions {
  status?: RunStatus;
  endTime?: number;
  runName?: string;
}

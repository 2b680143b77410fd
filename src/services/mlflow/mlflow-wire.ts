import type {
  ArtifactFile,
  KeyValue,
  MetricPoint,
  MlflowExperiment,
  MlflowRun,
  ModelVersion,
  RunStatus,
} from './mlflow-types';
import { RUN_STATUSES } from './mlflow-types';

/** MLflow's JSON shapes (snake_case, everything optional because proto3 drops defaults). */
export interface WireExperiment {
  experiment_id?: string;
  name?: string;
  lifecycle_stage?: string;
  artifact_location?: string;
  tags?: { key?: string; value?: string }[];
}

/** Run as JSON; `run_uuid` is the pre-2.0 name of `run_id`, still sent by servers. */
export interface WireRun {
  info?: {
    run_id?: string;
    run_uuid?: string;
    run_name?: string;
    experiment_id?: string;
    status?: string;
    start_time?: number | string;
    end_time?: number | string;
    user_id?: string;
    artifact_uri?: string;
    lifecycle_stage?: string;
  };
  data?: {
    metrics?: WireMetric[];
    params?: { key?: string; value?: string }[];
    tags?: { key?: string; value?: string }[];
  };
}

/** Metric as JSON; numbers may arrive as strings ("NaN", long ints). */
export interface WireMetric {
  key?: string;
  value?: number | string;
  timestamp?: number | string;
  step?: number | string;
}

/** Model version as JSON; UC registries send `version` as a number. */
export interface WireModelVersion {
  name?: string;
  version?: string | number;
  status?: string;
  run_id?: string;
  source?: string;
  aliases?: string[];
  current_stage?: string;
  creation_timestamp?: number | string;
}

/** Artifact listing entry as JSON. */
export interface WireArtifact {
  path?: string;
  is_dir?: boolean;
  file_size?: number | string;
}

const num = (v: number | string | undefined): number | undefined => {
  if (v === undefined || v === '') return undefined;
  const n = Number(v);
  return Number.isFinite(n) ? n : undefined;
};

/** Metric values may be NaN or ±Infinity; JSON carries those as strings ("NaN"). */
const metricValue = (v: number | string | undefined): number => (v === undefined ? NaN : Number(v));

const pairs = (list: { key?: string; value?: string }[] | undefined): KeyValue[] =>
  (list ?? []).map((p) => ({ key: p.key ?? '', value: p.value ?? '' }));

/** Wire → domain; tolerant of missing fields because proto3 omits defaults. */
export function fromWireExperiment(e: WireExperiment | undefined): MlflowExperiment {
  return {
    experimentId: e?.experiment_id ?? '',
    name: e?.name ?? '',
    lifecycleStage: e?.lifecycle_stage ?? 'active',
    artifactLocation: e?.artifact_location,
    tags: Object.fromEntries(pairs(e?.tags).map((t) => [t.key, t.value])),
  };
}

/** Wire → domain; a missing step or timestamp is 0, as MLflow defaults them. */
export function fromWireMetric(m: WireMetric): MetricPoint {
  return {
    key: m.key ?? '',
    value: metricValue(m.value),
    timestamp: num(m.timestamp) ?? 0,
    step: num(m.step) ?? 0,
  };
}

/** Wire → domain; run name and user fall back to the mlflow.runName / mlflow.user tags. */
export function fromWireRun(r: WireRun | undefined): MlflowRun {
  const info = r?.info ?? {};
  const tags = pairs(r?.data?.tags);
  const status = (RUN_STATUSES as readonly string[]).includes(info.status ?? '')
    ? (info.status as RunStatus)
    : 'RUNNING';
  const userTag = tags.find((t) => t.key === 'mlflow.user')?.value;
  return {
    info: {
      runId: info.run_id ?? info.run_uuid ?? '',
      runName: info.run_name ?? tags.find((t) => t.key === 'mlflow.runName')?.value ?? '',
      experimentId: info.experiment_id ?? '',
      status,
      startTime: num(info.start_time),
      endTime: num(info.end_time),
      userId: info.user_id || userTag || undefined,
      artifactUri: info.artifact_uri,
      lifecycleStage: info.lifecycle_stage ?? 'active',
    },
    metrics: (r?.data?.metrics ?? []).map(fromWireMetric),
    params: pairs(r?.data?.params),
    tags,
  };
}

/** Wire → domain; versions become strings for both workspace and UC registries. */
export function fromWireModelVersion(v: WireModelVersion): ModelVersion {
  return {
    name: v.name ?? '',
    version: String(v.version ?? ''),
    status: v.status ?? 'READY',
    runId: v.run_id,
    source: v.source,
    aliases: v.aliases ?? [],
    currentStage: v.current_stage,
    creationTimestamp: num(v.creation_timestamp),
  };
}

/** Wire → domain. */
export function fromWireArtifact(a: WireArtifact): ArtifactFile {
  return { path: a.path ?? '', isDir: a.is_dir ?? false, fileSize: num(a.file_size) };
}

/** Metrics go out as numbers; NaN/Infinity are not JSON, MLflow accepts them as strings. */
export function toWireMetric(m: MetricPoint): Record<string, unknown> {
  return {
    key: m.key,
    value: Number.isFinite(m.value) ? m.value : String(m.value),
    timestamp: m.timestamp,
    step: m.step,
  };
}

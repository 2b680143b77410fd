import { ServiceError } from '../errors';
import { HttpClient } from '../http/http-client';
import type { HttpObserver } from '../http/http-observer';
import { toMlflowError } from './mlflow-error';
import type { MlflowService } from './mlflow-service';
import type {
  ArtifactFile,
  CreateRunOptions,
  LogBatchOptions,
  MetricPoint,
  MlflowExperiment,
  MlflowFlavor,
  MlflowRun,
  ModelVersion,
  Page,
  RunInfo,
  SearchExperimentsOptions,
  SearchRunsOptions,
  UpdateRunOptions,
} from './mlflow-types';
import {
  fromWireArtifact,
  fromWireExperiment,
  fromWireMetric,
  fromWireModelVersion,
  fromWireRun,
  toWireMetric,
  type WireArtifact,
  type WireExperiment,
  type WireMetric,
  type WireModelVersion,
  type WireRun,
} from './mlflow-wire';
import { authHeaders, type MlflowAuth } from './mlflow-auth';

/** Everything configurable is injected, so tests can point it at a local server or peer. */
export interface HttpMlflowServiceOptions {
  /** Tracking URI (open-source) or the workspace URL (Databricks). */
  baseUrl: string;
  flavor?: MlflowFlavor;
  /** Where people open the UI, when it differs from the API address (e.g. behind a proxy). */
  uiBaseUrl?: string;
  auth?: MlflowAuth;
  timeoutMs?: number;
  fetch?: typeof fetch;
  maxRetries?: number;
  /** Telemetry for every call (spans, 429s); none by default. */
  observer?: HttpObserver;
}

const API = 'api/2.0/mlflow';
const HISTORY_PAGE = 25_000;

/** Databricks serves MLflow from the workspace host; its UI layout differs from open source. */
export function detectFlavor(baseUrl: string): MlflowFlavor {
  const host = URL.canParse(baseUrl) ? new URL(baseUrl).hostname : '';
  return /\.(azuredatabricks\.net|cloud\.databricks\.com|gcp\.databricks\.com)$/.test(host)
    ? 'databricks'
    : 'oss';
}

/** MlflowService over the MLflow REST API 2.0, through the shared HttpClient. */
export class HttpMlflowService implements MlflowService {
  readonly flavor: MlflowFlavor;
  private readonly http: HttpClient;
  private readonly uiBase: string;

  constructor(options: HttpMlflowServiceOptions) {
    this.flavor = options.flavor ?? detectFlavor(options.baseUrl);
    this.uiBase = (options.uiBaseUrl ?? options.baseUrl).replace(/\/+$/, '');
    const auth = authHeaders(options.auth ?? { kind: 'none' });
    this.http = new HttpClient({
      service: 'MLflow',
      baseUrl: options.baseUrl,
      ...(auth ? { auth } : {}),
      ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
      ...(options.fetch ? { fetch: options.fetch } : {}),
      ...(options.maxRetries !== undefined ? { maxRetries: options.maxRetries } : {}),
      ...(options.observer ? { observer: options.observer } : {}),
    });
  }

  async getExperiment(experimentId: string): Promise<MlflowExperiment> {
    const res = await this.get<{ experiment?: WireExperiment }>('experiments/get', {
      experiment_id: experimentId,
    });
    return fromWireExperiment(res.experiment);
  }

  async getExperimentByName(name: string): Promise<MlflowExperiment> {
    const res = await this.get<{ experiment?: WireExperiment }>('experiments/get-by-name', {
      experiment_name: name,
    });
    return fromWireExperiment(res.experiment);
  }

  async searchExperiments(options: SearchExperimentsOptions = {}): Promise<Page<MlflowExperiment>> {
    const res = await this.post<{ experiments?: WireExperiment[]; next_page_token?: string }>(
      'experiments/search',
      {
        max_results: options.maxResults ?? 1000,
        view_type: 'ACTIVE_ONLY',
        ...(options.filter ? { filter: options.filter } : {}),
        ...(options.orderBy ? { order_by: options.orderBy } : {}),
        ...(options.pageToken ? { page_token: options.pageToken } : {}),
      },
      { idempotent: true }, // a search reads only
    );
    return {
      items: (res.experiments ?? []).map(fromWireExperiment),
      nextPageToken: res.next_page_token || undefined,
    };
  }

  async searchRuns(options: SearchRunsOptions): Promise<Page<MlflowRun>> {
    const res = await this.post<{ runs?: WireRun[]; next_page_token?: string }>(
      'runs/search',
      {
        experiment_ids: options.experimentIds,
        run_view_type: 'ACTIVE_ONLY',
        max_results: options.maxResults ?? 100,
        ...(options.filter ? { filter: options.filter } : {}),
        ...(options.orderBy ? { order_by: options.orderBy } : {}),
        ...(options.pageToken ? { page_token: options.pageToken } : {}),
      },
      { idempotent: true }, // a search reads only
    );
    return {
      items: (res.runs ?? []).map(fromWireRun),
      nextPageToken: res.next_page_token || undefined,
    };
  }

  async getRun(runId: string): Promise<MlflowRun> {
    const res = await this.get<{ run?: WireRun }>('runs/get', { run_id: runId });
    return fromWireRun(res.run);
  }

  async getMetricHistory(runId: string, key: string, maxPoints = 100_000): Promise<MetricPoint[]> {
    const points: MetricPoint[] = [];
    let pageToken: string | undefined;
    do {
      const res = await this.get<{ metrics?: WireMetric[]; next_page_token?: string }>(
        'metrics/get-history',
        {
          run_id: runId,
          metric_key: key,
          max_results: Math.min(HISTORY_PAGE, maxPoints - points.length),
          page_token: pageToken,
        },
      );
      points.push(...(res.metrics ?? []).map(fromWireMetric));
      pageToken = res.next_page_token || undefined;
    } while (pageToken !== undefined && points.length < maxPoints);
    return points.slice(0, maxPoints).sort((a, b) => a.step - b.step || a.timestamp - b.timestamp);
  }

  /**
   * On Databricks the default registry is Unity Catalog, served under `unity-catalog/`; the
   * workspace registry may still hold older models, so both are asked. A workspace without
   * UC (or without access to it) just contributes nothing from that path.
   */
  async modelVersionsForRun(runId: string): Promise<ModelVersion[]> {
    const query = { filter: `run_id='${runId.replace(/'/g, '')}'`, max_results: 100 };
    const search = (path: string) =>
      this.get<{ model_versions?: WireModelVersion[] }>(path, query).then((r) =>
        (r.model_versions ?? []).map(fromWireModelVersion),
      );
    if (this.flavor !== 'databricks') return search('model-versions/search');
    const [workspace, uc] = await Promise.all([
      search('model-versions/search'),
      search('unity-catalog/model-versions/search').catch((err: unknown) => {
        const reason = err instanceof ServiceError ? err.reason : undefined;
        if (reason === 'not-found' || reason === 'bad-request' || reason === 'forbidden') return [];
        throw err;
      }),
    ]);
    return [...workspace, ...uc];
  }

  async listArtifacts(runId: string, path?: string): Promise<ArtifactFile[]> {
    const res = await this.get<{ files?: WireArtifact[] }>('artifacts/list', {
      run_id: runId,
      path,
    });
    return (res.files ?? []).map(fromWireArtifact);
  }

  async createExperiment(name: string, tags: Record<string, string> = {}): Promise<string> {
    const res = await this.post<{ experiment_id?: string }>('experiments/create', {
      name,
      tags: Object.entries(tags).map(([key, value]) => ({ key, value })),
    });
    return res.experiment_id ?? '';
  }

  /** Not retried (nor experiments/create): a repeat after a lost answer makes a second run. */
  async createRun(options: CreateRunOptions): Promise<MlflowRun> {
    const res = await this.post<{ run?: WireRun }>('runs/create', {
      experiment_id: options.experimentId,
      start_time: options.startTime ?? Date.now(),
      ...(options.runName !== undefined ? { run_name: options.runName } : {}),
      ...(options.tags ? { tags: options.tags } : {}),
    });
    return fromWireRun(res.run);
  }

  async logBatch(runId: string, batch: LogBatchOptions): Promise<void> {
    // Safe to repeat: the same points (same timestamps and steps), params and tags again.
    await this.post(
      'runs/log-batch',
      {
        run_id: runId,
        metrics: (batch.metrics ?? []).map(toWireMetric),
        params: batch.params ?? [],
        tags: batch.tags ?? [],
      },
      { idempotent: true },
    );
  }

  async updateRun(runId: string, update: UpdateRunOptions): Promise<void> {
    // Sets fields to given values, so a repeat changes nothing (same for set-tag).
    await this.post(
      'runs/update',
      {
        run_id: runId,
        ...(update.status ? { status: update.status } : {}),
        ...(update.endTime !== undefined ? { end_time: update.endTime } : {}),
        ...(update.runName !== undefined ? { run_name: update.runName } : {}),
      },
      { idempotent: true },
    );
  }

  async setTag(runId: string, key: string, value: string): Promise<void> {
    await this.post('runs/set-tag', { run_id: runId, key, value }, { idempotent: true });
  }

  async logJsonArtifact(run: RunInfo, path: string, content: unknown): Promise<boolean> {
    const root = /^mlflow-artifacts:\/+(.+?)\/*$/.exec(run.artifactUri ?? '')?.[1];
    if (root === undefined) return false;
    const file = [...root.split('/'), ...path.split('/')].map(encodeURIComponent).join('/');
    try {
      await this.http.request({
        method: 'PUT',
        path: `api/2.0/mlflow-artifacts/artifacts/${file}`,
        body: content,
      });
    } catch (err) {
      throw toMlflowError(err);
    }
    return true;
  }

  runLink(run: { experimentId: string; runId: string }): string {
    const exp = encodeURIComponent(run.experimentId);
    const id = encodeURIComponent(run.runId);
    return this.flavor === 'databricks'
      ? `${this.uiBase}/ml/experiments/${exp}/runs/${id}`
      : `${this.uiBase}/#/experiments/${exp}/runs/${id}`;
  }

  experimentLink(experimentId: string): string {
    const exp = encodeURIComponent(experimentId);
    return this.flavor === 'databricks'
      ? `${this.uiBase}/ml/experiments/${exp}`
      : `${this.uiBase}/#/experiments/${exp}`;
  }

  private async get<T>(path: string, query: Record<string, string | number | undefined>) {
    try {
      return (await this.http.get<T>(`${API}/${path}`, query)) ?? ({} as T);
    } catch (err) {
      throw toMlflowError(err);
    }
  }

  private async post<T = unknown>(
    path: string,
    body: unknown,
    options: { idempotent?: boolean } = {},
  ): Promise<T> {
    try {
      return (await this.http.post<T>(`${API}/${path}`, body, options)) ?? ({} as T);
    } catch (err) {
      throw toMlflowError(err);
    }
  }
}

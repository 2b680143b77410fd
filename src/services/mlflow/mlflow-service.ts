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

/**
 * What the bot needs from an MLflow tracking server, the same for open-source MLflow and
 * Databricks. Dialogs depend on this interface only; failures are MlflowError (a ServiceError).
 */
export interface MlflowService {
  readonly flavor: MlflowFlavor;
  getExperiment(experimentId: string): Promise<MlflowExperiment>;
  getExperimentByName(name: string): Promise<MlflowExperiment>;
  searchExperiments(options?: SearchExperimentsOptions): Promise<Page<MlflowExperiment>>;
  /** Active runs only: deleted runs never reach a card. */
  searchRuns(options: SearchRunsOptions): Promise<Page<MlflowRun>>;
  getRun(runId: string): Promise<MlflowRun>;
  /** Follows next_page_token up to `maxPoints`, so a long history cannot exhaust memory. */
  getMetricHistory(runId: string, key: string, maxPoints?: number): Promise<MetricPoint[]>;
  /** Registered model versions whose source run is `runId`. */
  modelVersionsForRun(runId: string): Promise<ModelVersion[]>;
  /** Top level (or `path`) of the run's artifacts, one page. */
  listArtifacts(runId: string, path?: string): Promise<ArtifactFile[]>;
  createExperiment(name: string, tags?: Record<string, string>): Promise<string>;
  createRun(options: CreateRunOptions): Promise<MlflowRun>;
  logBatch(runId: string, batch: LogBatchOptions): Promise<void>;
  updateRun(runId: string, update: UpdateRunOptions): Promise<void>;
  setTag(runId: string, key: string, value: string): Promise<void>;
  /**
   * Uploads `content` as a JSON file artifact through the server's artifact proxy (runs whose
   * artifact URI is `mlflow-artifacts:`, i.e. open-source `--serve-artifacts`). Returns false
   * where the server has no proxy (Databricks, local stores): artifacts are logged where supported.
   */
  logJsonArtifact(run: RunInfo, path: string, content: unknown): Promise<boolean>;
  /** Link to the run in the MLflow UI (open-source or Databricks layout). */
  runLink(run: { experimentId: string; runId: string }): string;
  experimentLink(experimentId: string): string;
}

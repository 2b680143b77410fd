import type { HttpClient } from '../http/http-client';

/** A job run as the bot reports it; `terminal` once Databricks will not change it again. */
export interface JobRun {
  runId: number;
  lifeCycleState: string;
  resultState: string | undefined;
  stateMessage: string | undefined;
  runPageUrl: string | undefined;
  terminal: boolean;
  succeeded: boolean;
}

/** Databricks Jobs (databricks-mlflow-api.md §5): what "Start retraining" needs. */
export interface DatabricksJobs {
  /**
   * Starts a run. The idempotency token makes a retried or double-clicked request return the
   * same run instead of launching a second one.
   */
  runNow(
    jobId: number,
    options: { idempotencyToken: string; jobParameters?: Record<string, string> },
  ): Promise<{ runId: number }>;
  getRun(runId: number): Promise<JobRun>;
}

const TERMINAL = new Set(['TERMINATED', 'SKIPPED', 'INTERNAL_ERROR']);

interface RunWire {
  run_id: number;
  state?: { life_cycle_state?: string; result_state?: string; state_message?: string };
  run_page_url?: string;
}

/** Jobs API 2.1 over the shared workspace client. */
export class HttpDatabricksJobs implements DatabricksJobs {
  constructor(private readonly http: HttpClient) {}

  async runNow(
    jobId: number,
    options: { idempotencyToken: string; jobParameters?: Record<string, string> },
  ): Promise<{ runId: number }> {
    // The idempotency token makes Databricks answer a repeat with the first run, not a new one.
    const res = await this.http.post<{ run_id: number }>(
      '/api/2.1/jobs/run-now',
      {
        job_id: jobId,
        idempotency_token: options.idempotencyToken.slice(0, 64),
        ...(options.jobParameters ? { job_parameters: options.jobParameters } : {}),
      },
      { idempotent: true },
    );
    return { runId: res.run_id };
  }

  async getRun(runId: number): Promise<JobRun> {
    const r = await this.http.get<RunWire>('/api/2.1/jobs/runs/get', { run_id: runId });
    const life = r.state?.life_cycle_state ?? 'PENDING';
    const result = r.state?.result_state;
    return {
      runId: r.run_id,
      lifeCycleState: life,
      resultState: result,
      stateMessage: r.state?.state_message || undefined,
      runPageUrl: r.run_page_url,
      terminal: TERMINAL.has(life),
      succeeded: TERMINAL.has(life) && result === 'SUCCESS',
    };
  }
}

import { dbxError, ok, type FakeDatabricks } from './fake-databricks';

export interface JobsFakeOptions {
  /** Jobs that exist. */
  jobIds: number[];
  /** How a run ends. */
  resultState?: 'SUCCESS' | 'FAILED' | 'CANCELED';
  /** runs/get calls a run stays PENDING, then RUNNING, before TERMINATED. */
  pendingPolls?: number;
  runningPolls?: number;
}

export interface FakeRun {
  runId: number;
  jobId: number;
  token: string | undefined;
  polls: number;
  parameters: Record<string, string> | undefined;
}

export interface JobsFakeState {
  runs: FakeRun[];
}

/**
 * Jobs run-now / runs/get (databricks-mlflow-api.md §5): idempotency tokens return the run
 * they started, runs move PENDING → RUNNING → TERMINATED with a result state.
 */
export function installJobs(fake: FakeDatabricks, options: JobsFakeOptions): JobsFakeState {
  const state: JobsFakeState = { runs: [] };
  const pending = options.pendingPolls ?? 1;
  const running = options.runningPolls ?? 1;
  fake.route('POST', /^\/api\/2\.[12]\/jobs\/run-now$/, (req) => {
    const jobId = Number(req.body.job_id);
    if (!options.jobIds.includes(jobId)) {
      return dbxError(400, 'INVALID_PARAMETER_VALUE', `Job ${jobId} does not exist.`);
    }
    const token =
      typeof req.body.idempotency_token === 'string' ? req.body.idempotency_token : undefined;
    if (token !== undefined && token.length > 64) {
      return dbxError(400, 'INVALID_PARAMETER_VALUE', 'idempotency_token is longer than 64');
    }
    const existing = token ? state.runs.find((r) => r.token === token) : undefined;
    const run = existing ?? {
      runId: 1000 + state.runs.length + 1,
      jobId,
      token,
      polls: 0,
      parameters: req.body.job_parameters as Record<string, string> | undefined,
    };
    if (!existing) state.runs.push(run);
    return ok({ run_id: run.runId, number_in_job: state.runs.length });
  });
  fake.route('GET', /^\/api\/2\.[12]\/jobs\/runs\/get$/, (req) => {
    const run = state.runs.find((r) => r.runId === Number(req.query.get('run_id')));
    if (!run) return dbxError(404, 'RESOURCE_DOES_NOT_EXIST', 'Run does not exist.');
    const polls = run.polls++;
    const life = polls < pending ? 'PENDING' : polls < pending + running ? 'RUNNING' : 'TERMINATED';
    const result = options.resultState ?? 'SUCCESS';
    return ok({
      run_id: run.runId,
      job_id: run.jobId,
      state: {
        life_cycle_state: life,
        ...(life === 'TERMINATED'
          ? {
              result_state: result,
              state_message: result === 'SUCCESS' ? '' : 'Task retrain failed.',
            }
          : { state_message: '' }),
      },
      run_page_url: `https://adb-1.azuredatabricks.net/#job/${run.jobId}/run/${run.runId}`,
    });
  });
  return state;
}

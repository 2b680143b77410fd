import { toAzureError } from './arm-error-mapping';

/**
 * How a caller drives one long-running ARM step. A Teams turn cannot wait minutes, so the
 * operation runner persists the token it receives and, after a restart, passes it back as
 * `resumeFrom`: polling continues without sending the create/delete again.
 */
export interface LroControl {
  /** A token from an earlier `onResumeToken` for this same step and arguments. */
  resumeFrom?: string;
  /** Called once the request was accepted, before waiting; persist the token here. */
  onResumeToken?: (token: string) => void | Promise<void>;
  /** Stops waiting (the ARM operation itself continues and can be resumed). */
  abortSignal?: AbortSignal;
}

/** The part of the SDK's SimplePollerLike we rely on. */
export interface ResumablePoller<T> {
  toString(): string;
  pollUntilDone(options?: { abortSignal?: AbortSignal }): Promise<T>;
}

/** Options every `beginX` of the ARM SDKs accepts. */
export interface BeginOptions {
  resumeFrom?: string;
  updateIntervalInMs: number;
  onResponse: (raw: { parsedBody?: unknown }) => void;
}

/**
 * Starts (or resumes) an LRO, hands out its resume token and waits for it. The last response
 * body is kept so a failure inside the LRO keeps its ARM code and details (reference §3).
 */
export async function runLro<T>(
  begin: (options: BeginOptions) => Promise<ResumablePoller<T>>,
  control: LroControl,
  pollIntervalMs: number,
  context: { region?: string; resourceName?: string } = {},
): Promise<T> {
  let lastBody: unknown;
  const options: BeginOptions = {
    updateIntervalInMs: pollIntervalMs,
    onResponse: (raw) => {
      lastBody = raw.parsedBody;
    },
    ...(control.resumeFrom !== undefined ? { resumeFrom: control.resumeFrom } : {}),
  };
  try {
    const poller = await begin(options);
    await control.onResumeToken?.(poller.toString());
    return await poller.pollUntilDone(
      control.abortSignal ? { abortSignal: control.abortSignal } : undefined,
    );
  } catch (err) {
    if (control.abortSignal?.aborted) throw err;
    throw toAzureError(err, { lastBody, ...context });
  }
}

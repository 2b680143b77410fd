import type { LroControl } from '../../services/azure/azure-provisioner';
import { describeError } from '../../services/describe-error';
import type { Logger } from '../../platform/logging/logger';
import type { StepOutcome } from '../../platform/operations/operation';

/** The result of one slice of a long ARM call: finished, or the token to resume it with. */
export type Sliced<T> = { done: T } | { token: string };

/**
 * Runs an ARM `ensure`/`delete` for at most `sliceMs`. When it is still going, stops waiting
 * (the ARM operation continues) and hands back its resume token, so the runner can persist
 * it and return to it later, after a restart too, without sending the request again.
 */
export async function sliced<T>(
  sliceMs: number,
  resumeToken: string | undefined,
  run: (lro: LroControl) => Promise<T>,
): Promise<Sliced<T>> {
  const abort = new AbortController();
  let token = resumeToken;
  const pending = run({
    ...(resumeToken ? { resumeFrom: resumeToken } : {}),
    onResumeToken: (t) => {
      token = t;
    },
    abortSignal: abort.signal,
  });
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), sliceMs);
  });
  const first = await Promise.race([pending.then((v) => ({ v })), timeout]).finally(() =>
    clearTimeout(timer),
  );
  if (first !== 'timeout') return { done: first.v };
  abort.abort();
  try {
    return { done: await pending };
  } catch (err) {
    if (token) return { token };
    throw err;
  }
}

/** The sentence a user reads on the card for a failed step; typed errors say what to do. */
export function stepErrorText(err: unknown): string {
  return (
    describeError(err) ??
    'An unexpected error stopped this step; the bot log has the details. Retry the command.'
  );
}

/**
 * Runs a step body and turns a thrown error into a 'failed' outcome with the user's text
 * (logged in full; the card gets the sentence only). `onError` may record a recovery offer.
 */
export async function guarded(
  log: Logger,
  body: () => Promise<StepOutcome>,
  onError?: (err: unknown) => void,
): Promise<StepOutcome> {
  try {
    return await body();
  } catch (err) {
    log.warn({ err }, 'step failed');
    onError?.(err);
    return { status: 'failed', error: stepErrorText(err) };
  }
}

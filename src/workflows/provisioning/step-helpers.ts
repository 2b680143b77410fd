import type { LroControl } from '../../services/azure/azure-provisioner';
import type { Logger } from '../../platform/logging/logger';
import type { StepOutcome } from '../../platform/operations/operation';
import type { SaidInEveryLang } from '../../chat/stored-message';
import { stepErrorMessage } from '../../platform/operations/step-text';

/** The result of one slice of a long ARM call: finished, or the token to resume it with. */
export type Sliced<T> = { done: T } | { token: string };

/** How a slice reaches its runner: persist a token now, and stop early when the runner stops. */
export interface SliceHooks {
  /** Called with each new token as soon as ARM accepted the request, before any waiting. */
  saveToken?: (token: string) => Promise<void>;
  /** Ends the slice early (the ARM operation continues; the token resumes it). */
  stop?: AbortSignal;
}

/** The hooks of a step context whose resume token is the LRO token itself. */
export const sliceHooks = (ctx: {
  saveResumeToken?: (token: string) => Promise<void>;
  stopSignal?: AbortSignal;
}): SliceHooks => ({
  ...(ctx.saveResumeToken ? { saveToken: ctx.saveResumeToken } : {}),
  ...(ctx.stopSignal ? { stop: ctx.stopSignal } : {}),
});

/**
 * Runs an ARM `ensure`/`delete` for at most `sliceMs` (less when `hooks.stop` fires). When it
 * is still going, stops waiting (the ARM operation continues) and hands back its resume token.
 * The token is also saved through `hooks.saveToken` the moment it exists: a crash inside the
 * slice then resumes the operation after a restart instead of sending the request again.
 */
export async function sliced<T>(
  sliceMs: number,
  resumeToken: string | undefined,
  run: (lro: LroControl) => Promise<T>,
  hooks: SliceHooks = {},
): Promise<Sliced<T>> {
  const abort = new AbortController();
  let token = resumeToken;
  const pending = run({
    ...(resumeToken ? { resumeFrom: resumeToken } : {}),
    onResumeToken: async (t) => {
      token = t;
      if (t !== resumeToken) await hooks.saveToken?.(t);
    },
    abortSignal: abort.signal,
  });
  let timer: NodeJS.Timeout | undefined;
  let onStop: (() => void) | undefined;
  const cut = new Promise<'cut'>((resolve) => {
    timer = setTimeout(() => resolve('cut'), sliceMs);
    onStop = () => resolve('cut');
    if (hooks.stop?.aborted) resolve('cut');
    else hooks.stop?.addEventListener('abort', onStop, { once: true });
  });
  const first = await Promise.race([pending.then((v) => ({ v })), cut]).finally(() => {
    clearTimeout(timer);
    if (onStop) hooks.stop?.removeEventListener('abort', onStop);
  });
  if (first !== 'cut') return { done: first.v };
  abort.abort();
  try {
    return { done: await pending };
  } catch (err) {
    if (token) return { token };
    throw err;
  }
}

/**
 * The sentence a user reads on the card for a failed step, in every language (the card picks
 * its reader's); typed errors say what to do.
 */
export function stepErrorText(err: unknown): SaidInEveryLang {
  return stepErrorMessage(err, 'opsNotes.errors.unexpectedRetry');
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

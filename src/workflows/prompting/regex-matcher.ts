import { Worker } from 'node:worker_threads';

/** How long one regex may run against one answer before it is stopped and the assertion fails. */
export const REGEX_TIME_LIMIT_MS = 500;

export type RegexOutcome =
  { kind: 'done'; matched: boolean } | { kind: 'timeout' } | { kind: 'error'; message: string };

/**
 * The worker's whole program. Inline (eval) rather than a file, so it runs the same from
 * dist/ and from the TypeScript sources under test, with no loader for a .ts worker.
 */
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
parentPort.on('message', ({ source, text }) => {
  try {
    parentPort.postMessage({ kind: 'done', matched: new RegExp(source).test(text) });
  } catch (err) {
    parentPort.postMessage({ kind: 'error', message: String(err && err.message ? err.message : err) });
  }
});
`;

/**
 * Runs suite regexes off the event loop. A regex written by a suite author can backtrack
 * catastrophically (`(a+)+$` against `aaaa…b`), and JavaScript cannot interrupt a regex it is
 * running itself: on the main thread that froze every conversation. Here it runs in a worker
 * that is terminated when the time limit passes (V8 can stop a worker mid-match), and the next
 * regex gets a fresh worker.
 *
 * One worker serves a whole suite run: starting one costs ~50 ms, a match after that well under
 * a millisecond. Regexes run one at a time, so each gets the full limit from when it starts.
 */
export class RegexMatcher {
  private worker: Promise<Worker> | undefined;
  private tail: Promise<unknown> = Promise.resolve();

  constructor(readonly timeLimitMs = REGEX_TIME_LIMIT_MS) {}

  /** Tests `source` against `text`; never throws, never blocks the event loop. */
  test(source: string, text: string): Promise<RegexOutcome> {
    const run = this.tail.then(() => this.run(source, text));
    this.tail = run;
    return run;
  }

  /** Stops the worker; the matcher may still be used afterwards (it starts a new one). */
  async close(): Promise<void> {
    await this.tail;
    const worker = this.worker;
    this.worker = undefined;
    if (worker) await (await worker).terminate();
  }

  private started(): Promise<Worker> {
    this.worker ??= new Promise<Worker>((resolve, reject) => {
      const w = new Worker(WORKER_SOURCE, {
        eval: true,
        // A regex over a long answer needs little memory; a runaway one should not take the host's.
        resourceLimits: { maxOldGenerationSizeMb: 64 },
      });
      w.unref();
      // The limit counts from a running worker: a slow start must not fail a fast regex.
      w.once('online', () => resolve(w));
      w.once('error', reject);
    });
    return this.worker;
  }

  private async run(source: string, text: string): Promise<RegexOutcome> {
    let worker: Worker;
    try {
      worker = await this.started();
    } catch (err) {
      this.worker = undefined;
      return { kind: 'error', message: `could not start the regex worker: ${String(err)}` };
    }
    return new Promise<RegexOutcome>((resolve) => {
      const finish = (outcome: RegexOutcome, discard: boolean) => {
        clearTimeout(timer);
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
        if (discard) {
          this.worker = undefined;
          void worker.terminate();
        }
        resolve(outcome);
      };
      const onMessage = (m: RegexOutcome) => finish(m, false);
      const onError = (err: Error) => finish({ kind: 'error', message: err.message }, true);
      const onExit = () => finish({ kind: 'error', message: 'the regex worker stopped' }, true);
      const timer = setTimeout(() => finish({ kind: 'timeout' }, true), this.timeLimitMs);
      worker.on('message', onMessage);
      worker.once('error', onError);
      worker.once('exit', onExit);
      worker.postMessage({ source, text });
    });
  }
}

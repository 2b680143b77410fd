import { toAzureError } from '../../services/azure/arm-error-mapping';
import type { HostingClients } from '../../services/azure/hosting-clients';
import { hostingNames, hostingTags, type HostingNames, type HostingTarget } from './hosting-names';

/** One line of progress: a step starts, finishes, is found already done, or fails. */
export interface HostingEvent {
  readonly step: string;
  readonly status: 'running' | 'done' | 'kept' | 'failed';
  /** Short, secret-free detail: "created", "already there", a host name. */
  readonly detail?: string;
}

/** What every hosting step needs; waiting and time are injected so tests run fast. */
export interface HostingContext {
  readonly clients: HostingClients;
  readonly target: HostingTarget;
  readonly names: HostingNames;
  readonly tags: Record<string, string>;
  readonly pollIntervalMs: number;
  /** How long a resource may stay "in progress" before the run gives up (it can be re-run). */
  readonly maxWaitMs: number;
  readonly sleep: (ms: number) => Promise<void>;
  readonly report: (event: HostingEvent) => void;
}

export interface HostingContextOptions {
  pollIntervalMs?: number;
  maxWaitMs?: number;
  sleep?: (ms: number) => Promise<void>;
  report?: (event: HostingEvent) => void;
}

export function hostingContext(
  clients: HostingClients,
  target: HostingTarget,
  o: HostingContextOptions = {},
): HostingContext {
  return {
    clients,
    target,
    names: hostingNames(target.name),
    tags: hostingTags(target.name),
    pollIntervalMs: o.pollIntervalMs ?? 5_000,
    maxWaitMs: o.maxWaitMs ?? 30 * 60_000,
    sleep: o.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
    report: o.report ?? (() => undefined),
  };
}

/** A GET that answers undefined for 404, so "absent" is a value and not an exception. */
export async function found<T>(get: () => Promise<T>): Promise<T | undefined> {
  try {
    return await get();
  } catch (err) {
    if ((err as { statusCode?: unknown }).statusCode === 404) return undefined;
    throw toAzureError(err);
  }
}

/**
 * Runs one named step: reports it, and turns any SDK failure into an AzureError naming the
 * resource, so the CLI can say which step failed and what to do.
 */
export async function step<T>(
  ctx: HostingContext,
  title: string,
  resourceName: string,
  run: () => Promise<{ value: T; created: boolean; detail?: string }>,
): Promise<T> {
  ctx.report({ step: title, status: 'running' });
  try {
    const { value, created, detail } = await run();
    ctx.report({
      step: title,
      status: created ? 'done' : 'kept',
      detail: detail ?? (created ? 'created' : 'already there'),
    });
    return value;
  } catch (err) {
    ctx.report({ step: title, status: 'failed' });
    throw toAzureError(err, { resourceName });
  }
}

/**
 * Waits until `read` says the resource left its in-progress state. A re-run after an
 * interrupted create lands here instead of sending a second PUT for the same resource.
 */
export async function waitUntilSettled<T>(
  ctx: HostingContext,
  read: () => Promise<T | undefined>,
  busy: (value: T) => boolean,
  what: string,
): Promise<T> {
  const deadline = Date.now() + ctx.maxWaitMs;
  for (;;) {
    const value = await read();
    if (value === undefined) throw new Error(`${what} disappeared while it was being created.`);
    if (!busy(value)) return value;
    if (Date.now() > deadline) {
      throw new Error(`${what} is still being created; run the same command again later.`);
    }
    await ctx.sleep(ctx.pollIntervalMs);
  }
}

/** ARM's in-progress provisioning states (anything not terminal). */
export const isBusy = (state: string | undefined): boolean =>
  state !== undefined &&
  !['succeeded', 'failed', 'canceled', 'ready'].includes(state.toLowerCase());

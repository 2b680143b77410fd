import type { ArmClients } from './arm-clients';

/** How provisioning uses ARM: regions, model choice, capacity, LRO pacing. */
export interface ArmProvisioningOptions {
  readonly pollIntervalMs: number;
  readonly capacity: number;
  readonly preferences: readonly string[];
  readonly regions: readonly string[];
  readonly minLifetimeDays: number;
  readonly regionFallback: 'next-region' | 'ask';
  readonly workspaceSku: 'premium' | 'trial';
}

/** What every provisioning step needs; time, randomness and waiting are injected for tests. */
export interface ArmContext extends ArmProvisioningOptions {
  readonly clients: ArmClients;
  readonly rng: () => number;
  readonly now: () => Date;
  readonly sleep: (ms: number) => Promise<void>;
}

export interface ArmContextDeps {
  rng?: () => number;
  now?: () => Date;
  sleep?: (ms: number) => Promise<void>;
}

/**
 * Builds the context; defaults are the real clock and Math.random. The SDK clients are built
 * at the first step that reaches ARM, so a bot that never provisions never loads the ARM SDKs.
 */
export function armContext(
  o: ArmProvisioningOptions,
  clients: () => ArmClients,
  deps: ArmContextDeps = {},
): ArmContext {
  let built: ArmClients | undefined;
  return {
    get clients() {
      return (built ??= clients());
    },
    pollIntervalMs: o.pollIntervalMs,
    capacity: o.capacity,
    preferences: o.preferences,
    regions: o.regions,
    minLifetimeDays: o.minLifetimeDays,
    regionFallback: o.regionFallback,
    workspaceSku: o.workspaceSku,
    rng: deps.rng ?? Math.random,
    now: deps.now ?? (() => new Date()),
    sleep: deps.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
  };
}

/** A short lowercase suffix from the injected rng, for fresh names (subdomains, managed RGs). */
export function randomSuffix(rng: () => number, length = 6): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[Math.floor(rng() * alphabet.length)] ?? 'x';
  return out;
}

/** Collects a paged SDK listing. */
export async function collect<T>(iter: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iter) out.push(item);
  return out;
}

import type { Config } from '../../config';
import type { ArmClients } from './arm-clients';

/** What every provisioning step needs; time, randomness and waiting are injected for tests. */
export interface ArmContext {
  readonly clients: ArmClients;
  readonly pollIntervalMs: number;
  readonly capacity: number;
  readonly preferences: readonly string[];
  readonly regions: readonly string[];
  readonly minLifetimeDays: number;
  readonly regionFallback: 'next-region' | 'ask';
  readonly workspaceSku: 'premium' | 'trial';
  readonly rng: () => number;
  readonly now: () => Date;
  readonly sleep: (ms: number) => Promise<void>;
}

export interface ArmContextDeps {
  rng?: () => number;
  now?: () => Date;
  sleep?: (ms: number) => Promise<void>;
}

/** Builds the context from validated config; defaults are the real clock and Math.random. */
export function armContextFromConfig(
  config: Config,
  clients: ArmClients,
  deps: ArmContextDeps = {},
): ArmContext {
  return {
    clients,
    pollIntervalMs: config.azure.lroPollIntervalMs,
    capacity: config.azure.deploymentCapacity,
    preferences: config.azure.modelPreferences,
    regions: config.azure.regions,
    minLifetimeDays: config.azure.modelMinLifetimeDays,
    regionFallback: config.azure.quotaRegionFallback,
    workspaceSku: config.azure.databricksWorkspaceSku,
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

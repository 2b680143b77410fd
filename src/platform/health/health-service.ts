import { describeServiceError, ServiceError } from '../../services/errors';

/** What a probe checks; `status` looks up the variables that configure it by this. */
export type ProbeKind = 'store' | 'azure' | 'databricks' | 'mlflow' | 'model';

/** One dependency's state as shown by `status` and `/readyz`; never holds a secret. */
export interface ProbeResult {
  name: string;
  kind?: ProbeKind;
  /** The target is a path on the bot's server: not for every channel member's eyes. */
  serverPath?: boolean;
  /** Where it points (host only), or why it is not set up. */
  target: string;
  configured: boolean;
  ok: boolean | undefined;
  detail: string;
  latencyMs: number | undefined;
}

export interface Probe {
  name: string;
  kind?: ProbeKind;
  serverPath?: boolean;
  /** Host or path shown to users: no credentials, no query strings. */
  target: string;
  configured: boolean;
  /** Resolves with a short detail when the dependency answers; throws otherwise. */
  check(): Promise<string>;
}

/** Strips credentials, paths and queries: `status` shows where, never how to get in. */
export function displayTarget(url: string | undefined): string {
  if (url === undefined) return 'not configured';
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}`;
  } catch {
    return 'invalid address';
  }
}

/** Runs every probe in parallel, each bounded by its own timeout, and never throws. */
export class HealthService {
  constructor(
    private readonly probes: readonly Probe[],
    private readonly timeoutMs = 5_000,
  ) {}

  async checkAll(): Promise<ProbeResult[]> {
    return Promise.all(this.probes.map((p) => this.run(p)));
  }

  private async run(p: Probe): Promise<ProbeResult> {
    const base = {
      name: p.name,
      target: p.target,
      configured: p.configured,
      ...(p.kind ? { kind: p.kind } : {}),
      ...(p.serverPath ? { serverPath: true } : {}),
    };
    if (!p.configured) {
      return { ...base, ok: undefined, detail: 'not configured', latencyMs: undefined };
    }
    const started = performance.now();
    let timer: NodeJS.Timeout | undefined;
    try {
      const detail = await Promise.race([
        p.check(),
        new Promise<never>((_, reject) => {
          timer = setTimeout(
            () => reject(new ServiceError(p.name, 'timeout', `${p.name} timed out.`)),
            this.timeoutMs,
          );
        }),
      ]);
      return { ...base, ok: true, detail, latencyMs: Math.round(performance.now() - started) };
    } catch (err) {
      const detail =
        err instanceof ServiceError ? describeServiceError(err) : `${p.name} check failed.`;
      return { ...base, ok: false, detail, latencyMs: Math.round(performance.now() - started) };
    } finally {
      clearTimeout(timer);
    }
  }
}

import { createReadStream, statSync } from 'node:fs';
import { Readable } from 'node:stream';
import type { TokenCredential } from '@azure/core-auth';
import { ServiceError } from '../errors';
import { ARM_SCOPE } from './arm-clients';

/** Kudu's deployment record (`GET /api/deployments/...`); status 4 is success, 3 failure. */
export interface KuduDeployment {
  readonly id?: string;
  readonly status?: number;
  readonly complete?: boolean;
  readonly status_text?: string;
  readonly message?: string;
  readonly log_url?: string;
}

export const KUDU_SUCCESS = 4;
export const KUDU_FAILED = 3;

export interface KuduClientOptions {
  /** The publish host, from the site's `hostNameSslStates` entry of type Repository. */
  readonly scmHost: string;
  readonly credential: TokenCredential;
  /** Deadline of a status call; the upload gets `uploadTimeoutMs`. */
  readonly timeoutMs: number;
  readonly uploadTimeoutMs: number;
}

/**
 * The App Service publish API (Kudu) with an Entra token for ARM: no publishing password or
 * basic-auth credential is ever created or stored.
 */
export class KuduClient {
  constructor(private readonly o: KuduClientOptions) {}

  /** The latest deployment, or undefined on a site that never had one. */
  async latest(): Promise<KuduDeployment | undefined> {
    const res = await this.call('GET', '/api/deployments/latest', this.o.timeoutMs);
    if (res.status === 404) return undefined;
    return this.json(res, 'read the latest deployment');
  }

  /**
   * Uploads the zip (streamed from disk) and returns the URL to poll. Not retried: a second
   * upload after a lost answer would start a second deployment.
   */
  async zipDeploy(file: string, message: string): Promise<string> {
    const query = new URLSearchParams({ isAsync: 'true', deployer: 'llmops-bot', message });
    const res = await this.call(
      'POST',
      `/api/zipdeploy?${query.toString()}`,
      this.o.uploadTimeoutMs,
      {
        body: Readable.toWeb(createReadStream(file)) as ReadableStream<Uint8Array>,
        headers: {
          'content-type': 'application/zip',
          'content-length': String(statSync(file).size),
        },
      },
    );
    if (res.status !== 202 && res.status !== 200) {
      await this.fail(res, 'accept the upload');
    }
    const location = res.headers.get('location');
    return location ?? `https://${this.o.scmHost}/api/deployments/latest`;
  }

  async deployment(url: string): Promise<KuduDeployment> {
    const path = new URL(url, `https://${this.o.scmHost}`);
    const res = await this.call('GET', `${path.pathname}${path.search}`, this.o.timeoutMs);
    return this.json(res, 'report the deployment');
  }

  private async call(
    method: 'GET' | 'POST',
    path: string,
    timeoutMs: number,
    extra: { body?: ReadableStream<Uint8Array>; headers?: Record<string, string> } = {},
  ): Promise<Response> {
    const token = await this.o.credential.getToken(ARM_SCOPE);
    if (!token)
      throw new ServiceError('App Service', 'unauthorized', 'No Azure token for publishing.');
    try {
      return await fetch(`https://${this.o.scmHost}${path}`, {
        method,
        headers: { authorization: `Bearer ${token.token}`, ...extra.headers },
        ...(extra.body ? { body: extra.body, duplex: 'half' } : {}),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (err) {
      const timedOut = (err as { name?: string }).name === 'TimeoutError';
      throw new ServiceError(
        'App Service',
        timedOut ? 'timeout' : 'unreachable',
        timedOut
          ? `The publish endpoint ${this.o.scmHost} did not answer within ${timeoutMs} ms.`
          : `The publish endpoint ${this.o.scmHost} could not be reached.`,
        { cause: err },
      );
    }
  }

  private async json(res: Response, what: string): Promise<KuduDeployment> {
    if (!res.ok) await this.fail(res, what);
    return (await res.json()) as KuduDeployment;
  }

  private async fail(res: Response, what: string): Promise<never> {
    const reason =
      res.status === 401 ? 'unauthorized' : res.status === 403 ? 'forbidden' : 'server-error';
    // Kudu's error bodies are short text; cut them so a page of HTML never reaches the terminal.
    const text = (await res.text().catch(() => '')).slice(0, 200);
    throw new ServiceError(
      'App Service',
      reason,
      `The publish endpoint did not ${what} (HTTP ${res.status}${text ? `: ${text}` : ''}).`,
      { status: res.status },
    );
  }
}

import type { TokenCredential } from '@azure/identity';
import { ServiceError } from '../errors';

/** The AzureDatabricks first-party application; its token opens any workspace the identity may use. */
export const DATABRICKS_ENTRA_SCOPE = '2ff814a6-3304-4ab8-85cb-cd0e6f879c1d/.default';

/** Azure Databricks rejects tokens with 30 s or less left; refresh a little before that. */
const REFRESH_EARLY_MS = 40_000;

export interface DatabricksAuthOptions {
  host: string;
  token?: string | undefined;
  clientId?: string | undefined;
  clientSecret?: string | undefined;
  /** Entra token source (DefaultAzureCredential) when neither a PAT nor OAuth M2M is set. */
  azureCredential?: () => TokenCredential;
  fetch?: typeof fetch;
  now?: () => number;
}

export type DatabricksAuthKind = 'pat' | 'oauth-m2m' | 'entra';

/**
 * Bearer headers for a workspace: PAT, else OAuth machine-to-machine (`/oidc/v1/token`,
 * cached, refreshed early, one refresh in flight), else an Entra token for the AzureDatabricks
 * app. Token values never appear in errors.
 */
export class DatabricksAuth {
  readonly kind: DatabricksAuthKind;
  private cached: { token: string; expiresAt: number } | undefined;
  private refreshing: Promise<string> | undefined;
  private readonly now: () => number;

  constructor(private readonly o: DatabricksAuthOptions) {
    this.kind = o.token ? 'pat' : o.clientId && o.clientSecret ? 'oauth-m2m' : 'entra';
    this.now = o.now ?? Date.now;
  }

  async headers(): Promise<Record<string, string>> {
    return { authorization: `Bearer ${await this.bearer()}` };
  }

  private async bearer(): Promise<string> {
    if (this.kind === 'pat') return this.o.token ?? '';
    if (this.cached && this.cached.expiresAt - REFRESH_EARLY_MS > this.now())
      return this.cached.token;
    this.refreshing ??= (this.kind === 'oauth-m2m' ? this.oauth() : this.entra()).finally(() => {
      this.refreshing = undefined;
    });
    return this.refreshing;
  }

  private async oauth(): Promise<string> {
    const url = new URL(
      'oidc/v1/token',
      this.o.host.endsWith('/') ? this.o.host : `${this.o.host}/`,
    );
    const basic = Buffer.from(`${this.o.clientId ?? ''}:${this.o.clientSecret ?? ''}`).toString(
      'base64',
    );
    let res: Response;
    try {
      res = await (this.o.fetch ?? fetch)(url, {
        method: 'POST',
        headers: {
          authorization: `Basic ${basic}`,
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: 'grant_type=client_credentials&scope=all-apis',
        signal: AbortSignal.timeout(15_000),
      });
    } catch (err) {
      throw new ServiceError(
        'Databricks',
        'unreachable',
        'Databricks OAuth could not be reached.',
        { cause: err },
      );
    }
    if (!res.ok) {
      throw new ServiceError(
        'Databricks',
        res.status === 401 || res.status === 400 ? 'unauthorized' : 'server-error',
        `Databricks OAuth refused the client credentials (HTTP ${res.status}).`,
        { status: res.status },
      );
    }
    const body = (await res.json()) as { access_token?: string; expires_in?: number };
    if (!body.access_token)
      throw new ServiceError('Databricks', 'invalid-response', 'Databricks OAuth sent no token.');
    this.cached = {
      token: body.access_token,
      expiresAt: this.now() + (body.expires_in ?? 3600) * 1000,
    };
    return body.access_token;
  }

  private async entra(): Promise<string> {
    if (!this.o.azureCredential) {
      throw new ServiceError(
        'Databricks',
        'not-configured',
        'No Databricks credentials: set DATABRICKS_TOKEN, or DATABRICKS_CLIENT_ID and DATABRICKS_CLIENT_SECRET, or an Azure identity.',
      );
    }
    const token = await this.o.azureCredential().getToken(DATABRICKS_ENTRA_SCOPE);
    if (!token)
      throw new ServiceError('Databricks', 'unauthorized', 'No Entra token for Azure Databricks.');
    this.cached = { token: token.token, expiresAt: token.expiresOnTimestamp };
    return token.token;
  }
}

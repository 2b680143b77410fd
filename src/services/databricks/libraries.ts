import type { HttpClient } from '../http/http-client';
import { ClusterError } from './cluster-error';

export type LibraryState =
  | 'PENDING'
  | 'RESOLVING'
  | 'INSTALLING'
  | 'INSTALLED'
  | 'FAILED'
  | 'SKIPPED'
  | 'RESTORED'
  | 'UNINSTALL_ON_RESTART';

export interface LibraryStatus {
  readonly pypi: string;
  readonly state: LibraryState;
  readonly messages: readonly string[];
}

/** Where the wanted libraries stand: all installed, still working, or one failed. */
export type LibrariesProgress =
  | { readonly phase: 'installed'; readonly statuses: readonly LibraryStatus[] }
  | { readonly phase: 'installing'; readonly statuses: readonly LibraryStatus[] };

/** PyPI libraries on a cluster (databricks-mlflow-api.md §2). */
export interface LibraryService {
  /** Installs those of `packages` the cluster does not already have; returns how many were sent. */
  ensureInstalled(clusterId: string, packages: readonly string[]): Promise<number>;
  /** Throws ClusterError('library-failed') with pip's message when one failed. */
  progress(clusterId: string, packages: readonly string[]): Promise<LibrariesProgress>;
}

interface RawStatus {
  library?: { pypi?: { package?: string } };
  status?: string;
  messages?: string[];
}

const DONE = new Set<LibraryState>(['INSTALLED', 'SKIPPED', 'RESTORED']);

/** LibraryService over the shared Databricks HttpClient. */
export class HttpLibraryService implements LibraryService {
  constructor(private readonly http: HttpClient) {}

  private async statuses(clusterId: string): Promise<LibraryStatus[]> {
    const body = await this.http.get<{ library_statuses?: RawStatus[] }>(
      '/api/2.0/libraries/cluster-status',
      { cluster_id: clusterId },
    );
    return (body.library_statuses ?? [])
      .filter((s) => s.library?.pypi?.package)
      .map((s) => ({
        pypi: s.library?.pypi?.package ?? '',
        state: (s.status ?? 'PENDING') as LibraryState,
        messages: s.messages ?? [],
      }));
  }

  async ensureInstalled(clusterId: string, packages: readonly string[]): Promise<number> {
    const have = new Set(
      (await this.statuses(clusterId)).filter((s) => s.state !== 'FAILED').map((s) => s.pypi),
    );
    const missing = packages.filter((p) => !have.has(p));
    if (missing.length === 0) return 0;
    // Databricks keeps one entry per library on a cluster, so a repeat installs nothing twice.
    await this.http.post(
      '/api/2.0/libraries/install',
      { cluster_id: clusterId, libraries: missing.map((p) => ({ pypi: { package: p } })) },
      { idempotent: true },
    );
    return missing.length;
  }

  async progress(clusterId: string, packages: readonly string[]): Promise<LibrariesProgress> {
    const wanted = new Set(packages);
    const statuses = (await this.statuses(clusterId)).filter((s) => wanted.has(s.pypi));
    const failed = statuses.find((s) => s.state === 'FAILED');
    if (failed) {
      throw new ClusterError(
        'library-failed',
        (failed.messages.join(' ') || 'no message from Databricks').slice(0, 300),
        { clusterId, library: failed.pypi, state: 'FAILED' },
      );
    }
    const done = statuses.filter((s) => DONE.has(s.state)).length === wanted.size;
    return { phase: done ? 'installed' : 'installing', statuses };
  }
}

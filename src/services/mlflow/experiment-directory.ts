import type { Logger } from '../logging/logger';
import type { MlflowService } from './mlflow-service';
import { nearestNames } from './mlflow-settings';
import type { MlflowExperiment } from './mlflow-types';

/** An experiment found by name or id, or the nearest names when there is none. */
export type DirectoryLookup =
  | { ok: true; experiment: Pick<MlflowExperiment, 'experimentId' | 'name'> }
  | { ok: false; suggestions: string[]; loaded: boolean };

/**
 * The most recently updated experiments (one search page), kept in memory so a synchronous
 * caller — a subscription kind's `prepare` — can resolve a name or id and suggest near
 * misses without a network call. Refreshed at start, periodically by the watcher, and in the
 * background after a miss, so an experiment created a moment ago resolves on the next try.
 */
export class ExperimentDirectory {
  private byName = new Map<string, Pick<MlflowExperiment, 'experimentId' | 'name'>>();
  private byId = new Map<string, Pick<MlflowExperiment, 'experimentId' | 'name'>>();
  private loadedAt: number | undefined;
  private refreshing: Promise<void> | undefined;

  constructor(
    private readonly mlflow: MlflowService,
    private readonly log: Logger,
    private readonly now: () => number = Date.now,
    private readonly pageSize = 1000,
  ) {}

  /** One experiments/search call; failures are logged and leave the previous list. */
  refresh(): Promise<void> {
    this.refreshing ??= (async () => {
      try {
        const page = await this.mlflow.searchExperiments({
          maxResults: this.pageSize,
          orderBy: ['last_update_time DESC'],
        });
        this.byName = new Map(page.items.map((e) => [e.name.toLowerCase(), e]));
        this.byId = new Map(page.items.map((e) => [e.experimentId, e]));
        this.loadedAt = this.now();
      } catch (err) {
        this.log.warn({ err }, 'MLflow experiment list not refreshed');
      } finally {
        this.refreshing = undefined;
      }
    })();
    return this.refreshing;
  }

  /** Refreshes when the list is older than `maxAgeMs` (or was never loaded). */
  async refreshIfOlder(maxAgeMs: number): Promise<void> {
    if (this.loadedAt === undefined || this.now() - this.loadedAt > maxAgeMs) await this.refresh();
  }

  /** Adds an experiment learnt elsewhere (e.g. a stored subscription). */
  remember(experiment: Pick<MlflowExperiment, 'experimentId' | 'name'>): void {
    this.byName.set(experiment.name.toLowerCase(), experiment);
    this.byId.set(experiment.experimentId, experiment);
  }

  /** Databricks names are workspace paths; people type the last segment. Only if unique. */
  private byBase(ref: string) {
    const lower = ref.toLowerCase();
    const hits = [...this.byId.values()].filter(
      (e) =>
        e.name.includes('/') && e.name.slice(e.name.lastIndexOf('/') + 1).toLowerCase() === lower,
    );
    return hits.length === 1 ? hits[0] : undefined;
  }

  lookup(ref: string): DirectoryLookup {
    const found = this.byId.get(ref) ?? this.byName.get(ref.toLowerCase()) ?? this.byBase(ref);
    if (found) return { ok: true, experiment: found };
    // A miss may be an experiment created since the last refresh: look again in the background.
    void this.refresh();
    const names = [...this.byName.values()].map((e) => e.name);
    return {
      ok: false,
      suggestions: nearestNames(ref, names, 3),
      loaded: this.loadedAt !== undefined,
    };
  }
}

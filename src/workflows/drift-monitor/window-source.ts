import type { FeatureName, FeatureWindow } from '../../drift/inference-features';
import type { TimeRange } from '../../drift/drift-windows';

/**
 * Where a drift check reads a window of predictions: the embedded inference log, or a
 * Databricks inference table. Implementations count the WHOLE window in their store (GROUP BY
 * feature, value) and bin a numerical feature only past `maxDistinct` values, saying so.
 */
export interface InferenceWindowSource {
  /** Shown on cards ("bot inference log", "main.ml.chat_payload"). */
  readonly name: string;
  load(
    target: string,
    range: TimeRange,
    features: readonly FeatureName[],
    maxDistinct: number,
  ): Promise<FeatureWindow>;
  /**
   * The targets this source has predictions for; absent when it cannot tell (a table template
   * turns any name into a table), and then every name is tried.
   */
  knownTargets?(): Promise<readonly string[]>;
}

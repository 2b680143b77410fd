import { binWidthFor, countedWindow, type FeatureValueCount } from '../../drift/counted-window';
import {
  INFERENCE_FEATURES,
  type FeatureDefinition,
  type FeatureName,
  type FeatureWindow,
} from '../../drift/inference-features';
import type { TimeRange } from '../../drift/drift-windows';
import type { InferenceLogRepository } from '../prompting/inference-log-repository';
import type { InferenceWindowSource } from './window-source';

/** Reads windows from the bot's own inference log (what ask/chat/test and imports fill). */
export class LogWindowSource implements InferenceWindowSource {
  readonly name = 'bot inference log';

  constructor(private readonly log: InferenceLogRepository) {}

  /**
   * The whole window, counted by the store per feature (GROUP BY): exact, with no row cap. A
   * numerical feature with more distinct values than `maxDistinct` is binned (and says so).
   */
  async load(
    target: string,
    range: TimeRange,
    features: readonly FeatureName[],
    maxDistinct: number,
  ): Promise<FeatureWindow> {
    const groups: FeatureValueCount[] = [];
    for (const feature of features) {
      const def: FeatureDefinition = INFERENCE_FEATURES[feature];
      let binWidth = 0;
      if (def.type === 'numerical') {
        const distinct = await this.log.distinctValues(target, range.from, range.to, feature);
        binWidth = binWidthFor(distinct, maxDistinct, def.resolution);
      }
      const counts = await this.log.valueCounts(target, range.from, range.to, feature, binWidth);
      for (const c of counts) groups.push({ feature, ...c, binWidth });
    }
    return countedWindow(groups, features);
  }

  knownTargets(): Promise<readonly string[]> {
    return this.log.targets();
  }
}

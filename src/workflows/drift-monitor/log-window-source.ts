import {
  featureWindow,
  type FeatureName,
  type FeatureWindow,
  type InferenceFacts,
} from '../../drift/inference-features';
import type { TimeRange } from '../../drift/drift-windows';
import type {
  InferenceLogRepository,
  InferenceRecord,
} from '../prompting/inference-log-repository';
import type { InferenceWindowSource } from './window-source';

/** The facts the embedded log keeps about one prediction. */
export function factsFromRecord(r: InferenceRecord): InferenceFacts {
  return {
    promptTokens: r.promptTokens,
    completionTokens: r.completionTokens,
    totalTokens: r.totalTokens,
    latencyMs: r.latencyMs,
    promptChars: r.promptChars,
    responseChars: r.responseChars,
    finishReason: r.finishReason ?? null,
    model: r.model,
    status: r.status,
    contentFiltered: r.filterStage !== undefined || r.finishReason === 'content_filter',
  };
}

/** Reads windows from the bot's own inference log (what ask/chat/test and imports fill). */
export class LogWindowSource implements InferenceWindowSource {
  readonly name = 'bot inference log';

  constructor(private readonly log: InferenceLogRepository) {}

  async load(
    target: string,
    range: TimeRange,
    features: readonly FeatureName[],
    maxRows: number,
  ): Promise<FeatureWindow> {
    const records = await this.log.window(target, range.from, range.to, maxRows + 1);
    const truncated = records.length > maxRows;
    return featureWindow(records.slice(0, maxRows).map(factsFromRecord), features, truncated);
  }

  knownTargets(): Promise<readonly string[]> {
    return this.log.targets();
  }
}

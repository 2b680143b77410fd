import type { LlmConfig } from '../../config/llm-config';
import type { HttpObserver } from '../../services/http/http-observer';
import type { LlmService } from '../../services/llm/llm-service';
import type { AccessTokenGetter, LlmTargetOptions } from '../../services/llm/llm-target';
import { OpenAiEmbeddingsService } from '../../services/llm/openai-embeddings-service';
import type { Logger } from '../../platform/logging/logger';
import type { UserMessage } from '../../services/errors';
import type { SuiteGrading } from './model-graded';

/** The suite grading parts, and the settings that are set but could not be used (for the user). */
export interface GradingSetup {
  readonly grading: SuiteGrading;
  /** e.g. `SUITE_GRADER_TARGET "gpt-x" names no configured target (azure, databricks)`. */
  readonly problems: readonly UserMessage[];
}

/**
 * The grader is one of the chat targets (so it has their timeouts, retries and auth); the
 * embeddings deployment lives on the `azure` target's account, with its key or Entra token.
 */
export function createSuiteGrading(
  llmConfig: Pick<
    LlmConfig,
    'suiteGraderTarget' | 'suiteEmbeddingsDeployment' | 'timeoutMs' | 'maxRetryWaitMs'
  >,
  deps: {
    llm: LlmService;
    azureOpenAI: LlmTargetOptions['azureOpenAI'];
    azureToken: AccessTokenGetter;
    log: Logger;
    observer?: HttpObserver | undefined;
  },
): GradingSetup {
  const grading: { -readonly [K in keyof SuiteGrading]: SuiteGrading[K] } = {};
  const problems: UserMessage[] = [];
  const name = llmConfig.suiteGraderTarget;
  if (name) {
    const target = deps.llm.findTarget(name);
    if (target) {
      // Temperature 0: the same answer graded twice should get the same verdict.
      grading.grader = {
        target,
        complete: (messages) => deps.llm.complete(target, messages, { temperature: 0 }),
      };
    } else {
      const known = deps.llm.targets.map((t) => t.name).join(', ');
      problems.push(
        known
          ? { key: 'suiteErrors.graderUnknown', vars: { name, known } }
          : { key: 'suiteErrors.graderNoTargets', vars: { name } },
      );
    }
  }
  const deployment = llmConfig.suiteEmbeddingsDeployment;
  const aoai = deps.azureOpenAI;
  if (deployment) {
    if (aoai.endpoint) {
      grading.embeddings = new OpenAiEmbeddingsService({
        endpoint: aoai.endpoint,
        deployment,
        apiVersion: aoai.apiVersion,
        auth: aoai.apiKey ? { apiKey: aoai.apiKey } : { azureADTokenProvider: deps.azureToken },
        log: deps.log,
        timeoutMs: llmConfig.timeoutMs,
        maxRetryWaitMs: llmConfig.maxRetryWaitMs,
        ...(deps.observer ? { observer: deps.observer } : {}),
      });
    } else problems.push({ key: 'suiteErrors.embeddingsNoEndpoint' });
  }
  return { grading, problems };
}

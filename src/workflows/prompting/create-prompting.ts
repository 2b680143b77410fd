import type { TokenCredential } from '@azure/core-auth';
import type { Config } from '../../config';
import type { ServiceOptions } from '../../config/service-options';
import type { Logger } from '../../platform/logging/logger';
import type { Store } from '../../platform/store/store';
import type { HttpObserver } from '../../services/http/http-observer';
import { cognitiveServicesToken, configuredTargets } from '../../services/llm/llm-target';
import { OpenAiLlmService } from '../../services/llm/openai-llm-service';
import type { MlflowService } from '../../services/mlflow/mlflow-service';
import { createPromptRunTracker } from '../deploy/create-deploy';
import { ChatSessionRepository } from './chat-session-repository';
import { InferenceLogRepository } from './inference-log-repository';
import { PromptSuiteLibrary } from './prompt-suite';
import { createSuiteGrading } from './create-suite-grading';
import type { PromptingServices } from './prompting-services';

/** The conversational side's services: the model client, its logs, sessions and suites. */
export function createPrompting(
  config: Readonly<Config>,
  deps: {
    store: Store;
    llmTargets: ServiceOptions['llmTargets'];
    azureCredential: () => TokenCredential;
    mlflow: MlflowService | undefined;
    log: Logger;
    observer?: HttpObserver;
  },
): PromptingServices {
  const { store, log } = deps;
  const azureToken = cognitiveServicesToken(deps.azureCredential);
  const llm = new OpenAiLlmService({
    targets: configuredTargets(deps.llmTargets, azureToken),
    defaultTarget: config.llm.defaultTarget,
    log: log.child({ component: 'llm' }),
    maxPromptChars: config.llm.maxPromptChars,
    timeoutMs: config.llm.timeoutMs,
    maxRetryWaitMs: config.llm.maxRetryWaitMs,
    ...(deps.observer ? { observer: deps.observer } : {}),
  });
  return {
    llm,
    suiteGrading: createSuiteGrading(config.llm, {
      llm,
      azureOpenAI: deps.llmTargets.azureOpenAI,
      azureToken,
      log: log.child({ component: 'suite-grading' }),
      observer: deps.observer,
    }),
    inferenceLog: new InferenceLogRepository(store, { redactText: config.llm.redactInferenceText }),
    chatSessions: new ChatSessionRepository(store),
    suites: new PromptSuiteLibrary(config.llm.promptSuitesDir),
    chatHistoryTokenBudget: config.llm.chatHistoryTokenBudget,
    tracker: createPromptRunTracker(config, deps.mlflow, log),
  };
}

import type { ChatSessionRepository } from './chat-session-repository';
import type { InferenceLogRepository } from './inference-log-repository';
import type { PromptRunTracker } from './prompt-run-tracker';
import type { PromptSuiteLibrary } from './prompt-suite';
import type { GradingSetup } from './create-suite-grading';
import type { LlmService } from '../../services/llm/llm-service';

/**
 * Everything the query and prompt-testing commands need, grouped so the composition root
 * wires it once and dialogs reach it through one optional field.
 */
export interface PromptingServices {
  readonly llm: LlmService;
  readonly inferenceLog: InferenceLogRepository;
  readonly chatSessions: ChatSessionRepository;
  readonly suites: PromptSuiteLibrary;
  /** The grader model and embeddings deployment of model-graded assertions; absent = none. */
  readonly suiteGrading?: GradingSetup | undefined;
  /** Estimated tokens of history sent with each chat turn; older turns are dropped first. */
  readonly chatHistoryTokenBudget: number;
  /** MLflow runs for suites and chat sessions; absent without MLflow. Never breaks an answer. */
  readonly tracker?: PromptRunTracker | undefined;
}

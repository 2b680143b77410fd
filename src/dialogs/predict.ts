import type { PredictionSource } from '../workflows/prompting/inference-log-repository';
import type { ChatMessage, ChatSettings, LlmResult } from '../services/llm/llm-service';
import type { LlmTarget } from '../services/llm/llm-target';
import type { PromptingServices } from '../workflows/prompting/prompting-services';
import type { CommandContext } from './command';
import type { Reply } from '../chat/reply';
import { textReply } from '../chat/reply';
import { escapeMarkdown } from '../chat/escape-markdown';

/** The reply when the bot has no model to talk to. */
export const NO_TARGET_REPLY: Reply = textReply(
  'No model is configured. Set AZURE_OPENAI_ENDPOINT/API_KEY/DEPLOYMENT, DATABRICKS_HOST/TOKEN + DATABRICKS_SERVING_ENDPOINT, or OPENAI_BASE_URL/API_KEY/MODEL, then restart. See `status`.',
);

/**
 * One prediction, recorded in the inference log whatever its outcome: the single path every
 * command uses, so nothing reaches a model without leaving a row for the drift monitor.
 */
export async function predict(
  ctx: CommandContext,
  p: PromptingServices,
  call: {
    source: PredictionSource;
    target: LlmTarget;
    messages: ChatMessage[];
    settings?: ChatSettings;
    /** The text to log as the prompt (the new user message). */
    prompt: string;
    runId?: string;
  },
): Promise<LlmResult> {
  const result = await p.llm.complete(call.target, call.messages, call.settings ?? {});
  await p.inferenceLog.record({
    source: call.source,
    target: call.target,
    prompt: call.prompt,
    result,
    userId: ctx.actor.key,
    conversationId: ctx.conversation.conversationId,
    runId: call.runId,
  });
  ctx.log.info(
    {
      source: call.source,
      target: call.target.name,
      status: result.status,
      latencyMs: Math.round(result.latencyMs),
    },
    'prediction',
  );
  return result;
}

/** Resolves `a,b` (or one name, or nothing → the default) to targets, or says which is unknown. */
export function resolveTargets(
  p: PromptingServices,
  names: string | true | undefined,
): { targets: LlmTarget[] } | { problem: string } {
  if (typeof names !== 'string') {
    const d = p.llm.defaultTarget;
    return d
      ? { targets: [d] }
      : { problem: NO_TARGET_REPLY.kind === 'text' ? NO_TARGET_REPLY.text : '' };
  }
  const targets: LlmTarget[] = [];
  for (const name of names
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const t = p.llm.findTarget(name);
    if (!t) {
      const known = p.llm.targets.map((x) => x.name).join(', ') || 'none configured';
      return { problem: `Unknown target "${escapeMarkdown(name)}". Targets: ${known}.` };
    }
    targets.push(t);
  }
  return targets.length ? { targets } : { problem: 'Name at least one target.' };
}

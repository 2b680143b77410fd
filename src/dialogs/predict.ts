import type { PredictionSource } from '../workflows/prompting/inference-log-repository';
import type { ChatMessage, ChatSettings, LlmResult } from '../services/llm/llm-service';
import type { LlmTarget } from '../services/llm/llm-target';
import type { PromptingServices } from '../workflows/prompting/prompting-services';
import type { CommandContext } from './command';
import { escapeMarkdown } from '../chat/escape-markdown';
import { translator, type Translate } from '../chat/i18n';

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
  t: Translate = translator('en'),
): { targets: LlmTarget[] } | { problem: string } {
  if (typeof names !== 'string') {
    const d = p.llm.defaultTarget;
    return d ? { targets: [d] } : { problem: t('chat.noTarget') };
  }
  const targets: LlmTarget[] = [];
  for (const name of names
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const found = p.llm.findTarget(name);
    if (!found) {
      const known = p.llm.targets.map((x) => x.name).join(', ') || t('chat.noneConfigured');
      return { problem: t('chat.unknownTarget', { name: escapeMarkdown(name), known }) };
    }
    targets.push(found);
  }
  return targets.length ? { targets } : { problem: t('chat.nameAtLeastOneTarget') };
}

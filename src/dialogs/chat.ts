import { clip } from '../cards/answer-card';
import { buildChatSettingsCard, SAVE_CHAT_SETTINGS } from '../cards/chat-settings-card';
import { fitHistory } from '../workflows/prompting/history-budget';
import type { ChatSession } from '../workflows/prompting/chat-session-repository';
import { describeLlmFailure } from '../services/describe-error';
import type { PromptingServices } from '../workflows/prompting/prompting-services';
import { defineCommand, type ActionResult, type CommandContext, type ContextWith } from './command';
import { cardReply, textReply, type Reply } from '../chat/reply';
import { commandArgs, flag } from './command-args';
import { predict, resolveTargets } from './predict';
import { escapeMarkdown } from '../chat/escape-markdown';
import { en } from '../chat/messages/catalogues';

type ChatContext = ContextWith<'model'>;
const noSession = (ctx: CommandContext) => textReply(ctx.t('chat.noSession'));

function settingsCard(ctx: CommandContext, p: PromptingServices, s: ChatSession, note?: string) {
  return buildChatSettingsCard({
    lang: ctx.lang,
    systemPrompt: s.systemPrompt,
    temperature: s.temperature,
    maxTokens: s.maxTokens,
    target: s.target,
    targets: p.llm.targets.map((t) => t.name),
    defaultTarget: p.llm.defaultTarget?.name,
    ...(note ? { note } : {}),
  });
}

/**
 * A plain message from a user with an active session: send it with the bounded history, store
 * the exchange only when the model answered, and reply with the answer text.
 */
export async function continueChat(ctx: ChatContext, message: string): Promise<Reply> {
  const p = ctx.services.prompting;
  const conv = ctx.conversation.conversationId;
  const user = ctx.actor.key;
  const session = await p.chatSessions.get(conv, user);
  if (!session) return noSession(ctx);
  const resolved = resolveTargets(p, session.target, ctx.t);
  if ('problem' in resolved) return textReply(resolved.problem);
  const target = resolved.targets[0];
  if (!target) return noSession(ctx);
  const fit = fitHistory(session.systemPrompt, session.history, message, p.chatHistoryTokenBudget);
  const result = await predict(ctx, p, {
    source: 'chat',
    target,
    messages: fit.messages,
    settings: {
      ...(session.temperature !== undefined ? { temperature: session.temperature } : {}),
      ...(session.maxTokens !== undefined ? { maxTokens: session.maxTokens } : {}),
    },
    prompt: message,
  });
  if (result.status !== 'ok') return textReply(describeLlmFailure(result, ctx.lang));
  const answer = result.text ?? '';
  // Appended to the history as stored now (another replica may have answered meanwhile);
  // the oldest messages the budget dropped are forgotten for good.
  await p.chatSessions.appendTurn(conv, user, {
    user: message,
    assistant: answer,
    forget: session.history.slice(0, fit.dropped),
  });
  const tracked = await p.tracker?.logChatTurn(
    { ...sessionRunKey(session, target.name), user: ctx.actor.name ?? user },
    { latencyMs: result.latencyMs, usage: result.usage },
  );
  const footer =
    (fit.dropped > 0 ? ctx.t('chat.dropped', { count: fit.dropped }) : '') +
    (tracked?.note ? `\n\n_${tracked.note}_` : '');
  return textReply(`${clip(answer || ctx.t('chat.emptyAnswer'), 8_000)}${footer}`);
}

/** Which MLflow run a session's turns go to. */
function sessionRunKey(s: ChatSession, target: string) {
  return {
    conversationId: s.conversationId,
    userId: s.userId,
    startedAt: s.startedAt,
    target,
    systemPrompt: s.systemPrompt,
  };
}

/** Closes the session's MLflow run (if any) before the session ends or restarts. */
async function endChatRun(p: PromptingServices, s: ChatSession | undefined): Promise<void> {
  if (!s || !p.tracker) return;
  await p.tracker.endChat(sessionRunKey(s, s.target ?? p.llm.defaultTarget?.name ?? 'default'));
}

async function saveSettings(
  ctx: ChatContext,
  data: Record<string, unknown>,
): Promise<ActionResult> {
  const p = ctx.services.prompting;
  const conv = ctx.conversation.conversationId;
  const user = ctx.actor.key;
  const session = await p.chatSessions.get(conv, user);
  if (!session) return { reply: noSession(ctx) };
  const str = (k: string): string => {
    const v = data[k];
    return typeof v === 'string' || typeof v === 'number' ? String(v).trim() : '';
  };
  const num = (k: string, min: number, max: number): number | undefined | null => {
    const v = str(k);
    if (v === '' || v === 'undefined') return undefined;
    const n = Number(v);
    return Number.isFinite(n) && n >= min && n <= max ? n : null;
  };
  const temperature = num('temperature', 0, 2);
  const maxTokens = num('maxTokens', 1, 32_000);
  const targetName = str('target');
  if (
    temperature === null ||
    maxTokens === null ||
    (maxTokens !== undefined && !Number.isInteger(maxTokens))
  ) {
    return {
      card: settingsCard(ctx, p, session, ctx.t('chat.notSavedRange')),
    };
  }
  if (targetName !== '' && !p.llm.findTarget(targetName)) {
    return {
      card: settingsCard(
        ctx,
        p,
        session,
        ctx.t('chat.notSavedTarget', { name: escapeMarkdown(targetName) }),
      ),
    };
  }
  const updated = await p.chatSessions.updateSettings(conv, user, {
    systemPrompt: str('systemPrompt') || undefined,
    temperature,
    maxTokens,
    target: targetName || undefined,
  });
  return {
    card: settingsCard(ctx, p, updated ?? session, ctx.t('chat.saved')),
  };
}

export const chatCommand = defineCommand({
  id: 'chat',
  group: 'Models and prompts',
  description: en.commands.chat,
  usage: 'chat [--target T] [system prompt] | chat settings | chat reset | chat end',
  examples: ['chat You are a terse SQL expert.', 'chat settings', 'chat reset', 'chat end'],
  mutating: false,
  args: commandArgs({ flags: { target: flag.text('--target azure') } }),
  requires: ['model'],
  async handle(ctx, args) {
    const p = ctx.services.prompting;
    const conv = ctx.conversation.conversationId;
    const user = ctx.actor.key;
    const sub = args.positional.length === 1 ? args.positional[0]?.toLowerCase() : undefined;
    if (sub === 'end') await endChatRun(p, await p.chatSessions.get(conv, user));
    if (sub === 'end') {
      return (await p.chatSessions.end(conv, user))
        ? textReply(ctx.t('chat.ended'))
        : noSession(ctx);
    }
    if (sub === 'reset') {
      return (await p.chatSessions.reset(conv, user))
        ? textReply(ctx.t('chat.reset'))
        : noSession(ctx);
    }
    if (sub === 'settings') {
      const s = await p.chatSessions.get(conv, user);
      return s ? cardReply(settingsCard(ctx, p, s), ctx.t('chat.settings.title')) : noSession(ctx);
    }
    const resolved = resolveTargets(p, args.flags.target, ctx.t);
    if ('problem' in resolved) return textReply(resolved.problem);
    const systemPrompt = args.text;
    const target = args.flags.target !== undefined ? resolved.targets[0]?.name : undefined;
    await endChatRun(p, await p.chatSessions.get(conv, user));
    await p.chatSessions.start(conv, user, {
      ...(systemPrompt ? { systemPrompt } : {}),
      ...(target ? { target } : {}),
    });
    const using = target ?? p.llm.defaultTarget?.name ?? ctx.t('chat.defaultTarget');
    return textReply(
      ctx.t(systemPrompt ? 'chat.startedWithPrompt' : 'chat.started', { target: using }),
    );
  },
  actions: {
    [SAVE_CHAT_SETTINGS]: {
      mutating: false,
      run: (ctx, data) => saveSettings(ctx, data),
    },
  },
  freeText: {
    claims: (ctx) => hasChatSession(ctx),
    handle: (ctx, text) => continueChat(ctx, text),
  },
});

/** The router's question: should this non-command text continue the user's chat session? */
export async function hasChatSession(ctx: CommandContext): Promise<boolean> {
  const sessions = ctx.services.prompting?.chatSessions;
  return (await sessions?.isActive(ctx.conversation.conversationId, ctx.actor.key)) ?? false;
}

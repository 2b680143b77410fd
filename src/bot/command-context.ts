import { actorKey, type Actor, type MemberProfile } from '../chat/actor';
import { langOf, translator } from '../chat/i18n';
import type { AnyCommand, CommandContext } from '../dialogs/command';
import type { DialogServices } from '../dialogs/dialog-services';
import { isListedAdmin } from '../dialogs/permissions';
import type { Logger } from '../platform/logging/logger';
import type { ConversationRecord } from '../platform/store/conversation-repository';

/** What a context is built from besides the turn (the router's deps). */
export interface ContextDeps {
  services: DialogServices;
  commands: readonly AnyCommand[];
  /** The clock commands read; Date.now unless a test injects one. */
  now?: (() => number) | undefined;
}

/** What a turn says beyond its sender and conversation. */
export interface TurnFacts {
  locale?: string | undefined;
  replyToId?: string | undefined;
  /** The sender's member profile, looked up when a change is tried. */
  member?: () => Promise<MemberProfile | undefined>;
}

/**
 * The context a handler sees, from plain values (no botbuilder types): who asks, where, in which
 * language, and the services and audit trail the command may use.
 */
export function commandContext(
  deps: ContextDeps,
  actor: Actor,
  conversation: ConversationRecord,
  log: Logger,
  turn: TurnFacts = {},
): CommandContext {
  const { audit } = deps.services;
  const key = actorKey(actor);
  const lang = conversation.languageOverride ?? langOf(turn.locale ?? conversation.locale);
  return {
    actor: { ...actor, key },
    conversation,
    // By object id only: a group member is found by a Graph call, made when a change is tried.
    isAdmin: isListedAdmin(actor, deps.services.admins),
    locale: turn.locale,
    lang,
    t: translator(lang),
    services: deps.services,
    log,
    commands: deps.commands,
    ...(turn.replyToId ? { replyToId: turn.replyToId } : {}),
    audit: async (note) => {
      await audit.append({
        actorId: key,
        actorName: actor.name,
        conversationId: conversation.conversationId,
        action: note.action,
        plan: note.plan,
        result: note.result,
        detail: note.detail,
        durationMs: undefined,
      });
    },
    now: deps.now ?? Date.now,
    member: turn.member ?? (() => Promise.resolve(undefined)),
  };
}

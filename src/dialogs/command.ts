import type { ActionData, AdaptiveCard } from '../chat/adaptive-card';
import type { Actor } from '../chat/actor';
import type { Reply } from '../chat/reply';
import type { Logger } from '../platform/logging/logger';
import type { AuditResult } from '../platform/store/audit-repository';
import type { ConversationRecord } from '../platform/store/conversation-repository';
import type { ParsedArgs } from './parse-command';
import type { DialogServices } from './dialog-services';

/** An audit entry as a command writes it; who and where come from the context. */
export interface AuditNote {
  action: string;
  result: AuditResult;
  detail?: string | undefined;
  plan?: string | undefined;
}

/** What every command handler receives; no botbuilder types cross this line. */
export interface CommandContext {
  /** Who sent the turn; `key` is the identity permissions and ownership are compared by. */
  readonly actor: Actor & { readonly key: string };
  readonly conversation: ConversationRecord;
  readonly isAdmin: boolean;
  readonly locale: string | undefined;
  readonly services: DialogServices;
  readonly log: Logger;
  /** The registry, so help can describe every command. */
  readonly commands: readonly Command[];
  /** For card buttons: the id of the message holding the clicked card (to update it later). */
  readonly replyToId?: string;
  /** Appends to the audit log as this actor, in this conversation. */
  audit(note: AuditNote): void;
  /** The clock commands read (injected in tests). */
  now(): number;
}

/** Help sections, in the order the help card shows them. */
export const COMMAND_GROUPS = ['Models and prompts', 'MLflow', 'Drift', 'Lab', 'Bot'] as const;
export type CommandGroup = (typeof COMMAND_GROUPS)[number];

/** One chat command: declarative metadata (help, manifest, permissions) plus a handler. */
export interface Command {
  /** The first word that selects it, lower-case. */
  readonly id: string;
  /** Short description for help and the manifest command menu (≤ 128 chars). */
  readonly description: string;
  /** Syntax, e.g. `provision [--region R] [--dry-run]`. */
  readonly usage: string;
  readonly examples: readonly string[];
  /** Mutating commands need a permitted user, a plan and confirmation, and are audited. */
  readonly mutating: boolean;
  /** Section of the help card. */
  readonly group: CommandGroup;
  /**
   * Whether it appears in the Teams command menu (the manifest allows 10 entries per list);
   * every command stays in help either way.
   */
  readonly menu?: boolean;
  handle(ctx: CommandContext, args: ParsedArgs): Promise<Reply>;
  /**
   * Lets a command take plain messages that are not commands, e.g. an active chat session.
   * The router asks `claims` first and falls back to help when no command claims the text.
   */
  readonly freeText?: {
    claims(ctx: CommandContext): boolean;
    handle(ctx: CommandContext, text: string): Promise<Reply>;
  };
  /** Card buttons this command owns, keyed by verb. */
  readonly actions?: Readonly<Record<string, CardActionHandler>>;
}

/** What a card button returns: a card that replaces the clicked one, and/or a new message. */
export interface ActionResult {
  card?: AdaptiveCard;
  reply?: Reply;
}

export type CardActionHandler = (ctx: CommandContext, data: ActionData) => Promise<ActionResult>;

import type { ActionData, AdaptiveCard } from '../chat/adaptive-card';
import type { Actor, MemberProfile } from '../chat/actor';
import type { Reply } from '../chat/reply';
import type { Lang, Translate } from '../chat/i18n';
import type { Logger } from '../platform/logging/logger';
import type { AuditResult } from '../platform/store/audit-repository';
import type { ConversationRecord } from '../platform/store/conversation-repository';
import type { ArgsSchema, CommandArgs } from './command-args';
import type { Requirement, ServicesWith } from './requirements';
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
  /** The turn's language: the conversation's override, else this activity's locale. */
  readonly lang: Lang;
  /** The catalogue translator bound to `lang`. */
  readonly t: Translate;
  readonly services: DialogServices;
  readonly log: Logger;
  /** The registry, so help can describe every command. */
  readonly commands: readonly AnyCommand[];
  /** For card buttons: the id of the message holding the clicked card (to update it later). */
  readonly replyToId?: string;
  /** Appends to the audit log as this actor, in this conversation. */
  audit(note: AuditNote): Promise<void>;
  /** The clock commands read (injected in tests). */
  now(): number;
  /** The sender's Teams profile (UPN, e-mail), read on demand; undefined when Teams gives none. */
  member(): Promise<MemberProfile | undefined>;
}

/** Help sections, in the order the help card shows them. */
export const COMMAND_GROUPS = ['Models and prompts', 'MLflow', 'Drift', 'Lab', 'Bot'] as const;
export type CommandGroup = (typeof COMMAND_GROUPS)[number];

/** A context whose services are known to meet the requirements `R`. */
export type ContextWith<R extends Requirement> = Omit<CommandContext, 'services'> & {
  readonly services: ServicesWith<R>;
};

/** The command line every command gets when it declares no flags. */
export type NoArgs = CommandArgs<Record<never, never>>;

/**
 * One chat command, declared: metadata (help, manifest), its arguments (checked by the router
 * before the handler runs), what it needs configured (one "not configured" answer for all),
 * whether it mutates (permission, plan, confirmation, audit), and its buttons.
 */
export interface Command<A = NoArgs, R extends Requirement = never> {
  /** The first word that selects it, lower-case. */
  readonly id: string;
  /** Short description for help and the manifest command menu (≤ 128 chars). */
  readonly description: string;
  /** Syntax, e.g. `provision [--region R] [--dry-run]`. */
  readonly usage: string;
  readonly examples: readonly string[];
  /** Mutating commands need a permitted user, a plan and confirmation, and are audited. */
  readonly mutating: boolean;
  /**
   * Calls of a mutating command that change nothing (`--dry-run`): they only read, so they are
   * open to everyone who may read, like any other read-only command.
   */
  readOnly?(args: A): boolean;
  /**
   * A mutating command whose change takes effect at once, with no plan to confirm (subscribe):
   * help must not promise a confirmation that never comes.
   */
  readonly actsAtOnce?: boolean;
  /** Section of the help card. */
  readonly group: CommandGroup;
  /**
   * Whether it appears in the Teams command menu (the manifest allows 10 entries per list);
   * every command stays in help either way.
   */
  readonly menu?: boolean;
  /**
   * Other first words that run it exactly like its id (`aide` for help), set by the registry
   * from its synonym table and listed in the French help.
   */
  readonly aliases?: readonly string[];
  /** Its flags and words; without it the command takes no flags. */
  readonly args: ArgsSchema<A>;
  /** What must be configured; the router answers for the command when something is not. */
  readonly requires?: readonly R[];
  handle(ctx: ContextWith<R>, args: A): Promise<Reply>;
  /**
   * Lets a command take plain messages that are not commands, e.g. an active chat session.
   * The router asks `claims` first and falls back to help when no command claims the text.
   */
  readonly freeText?: {
    claims(ctx: CommandContext): Promise<boolean>;
    handle(ctx: ContextWith<R>, text: string): Promise<Reply>;
  };
  /** Card buttons this command owns, keyed by verb. */
  readonly actions?: Readonly<Record<string, CardButton<R>>>;
}

/** Any command, as the registry and the router hold it. */
export type AnyCommand = Command<unknown, Requirement>;

/** What a card button returns: a card that replaces the clicked one, and/or a new message. */
export interface ActionResult {
  card?: AdaptiveCard;
  reply?: Reply;
}

/**
 * A card button. Permission is the button's own: Acknowledge on an alert changes something
 * (checked, audited) even though the `drift` report that owns it does not.
 */
export interface CardButton<R extends Requirement = never> {
  readonly mutating: boolean;
  run(ctx: ContextWith<R>, data: ActionData): Promise<ActionResult>;
}

/** Declares a command; the generic parameters are inferred from `args` and `requires`. */
export function defineCommand<A, R extends Requirement = never>(c: Command<A, R>): AnyCommand {
  return c;
}

import { randomUUID } from 'node:crypto';
import { TurnContext, type Activity } from 'botbuilder';
import type { ActionData } from '../chat/adaptive-card';
import type { ActionResult, CardActionHandler, Command, CommandContext } from '../dialogs/command';
import { actorKey, type Actor } from '../chat/actor';
import type { Reply } from '../chat/reply';
import type { DialogServices } from '../dialogs/dialog-services';
import { helpReply } from '../dialogs/help';
import { normalizeText, parseCommand } from '../dialogs/parse-command';
import { decidePermission } from '../dialogs/permissions';
import type { Logger } from '../platform/logging/logger';
import type { ConversationRecord } from '../platform/store/conversation-repository';
import { toActivity } from './conversations';
import { userErrorText } from './user-error-text';

export interface RouterDeps {
  commands: readonly Command[];
  services: DialogServices;
  log: Logger;
  /** The clock commands read; Date.now unless a test injects one. */
  now?: () => number;
}

const actorOf = (a: Partial<Activity>): Actor => ({
  id: a.from?.id ?? 'unknown',
  aadObjectId: a.from?.aadObjectId,
  name: a.from?.name,
});

/** True when the message is an Action.Submit from one of our cards rather than typed text. */
export function submittedAction(activity: Partial<Activity>): ActionData | undefined {
  const v = activity.value as Record<string, unknown> | undefined;
  return v && typeof v === 'object' && typeof v.verb === 'string' ? (v as ActionData) : undefined;
}

/**
 * The thin router: strip the mention, match the first word exactly, check permission,
 * dispatch. Card buttons go through the same permission check via the verb table.
 */
export class Router {
  private readonly byId: ReadonlyMap<string, Command>;
  private readonly verbs: ReadonlyMap<string, { command: Command; handler: CardActionHandler }>;

  constructor(private readonly deps: RouterDeps) {
    this.byId = new Map(deps.commands.map((c) => [c.id, c]));
    const verbs = new Map<string, { command: Command; handler: CardActionHandler }>();
    for (const command of deps.commands) {
      for (const [verb, handler] of Object.entries(command.actions ?? {})) {
        if (verbs.has(verb)) throw new Error(`card verb "${verb}" is registered twice`);
        verbs.set(verb, { command, handler });
      }
    }
    this.verbs = verbs;
  }

  context(turn: TurnContext, conversation: ConversationRecord, log: Logger): CommandContext {
    return this.contextFor(actorOf(turn.activity), conversation, log, {
      locale: turn.activity.locale,
      replyToId: turn.activity.replyToId,
    });
  }

  /** The context a handler sees, from plain values (no botbuilder types). */
  contextFor(
    actor: Actor,
    conversation: ConversationRecord,
    log: Logger,
    turn: { locale?: string | undefined; replyToId?: string | undefined } = {},
  ): CommandContext {
    const { audit } = this.deps.services;
    const key = actorKey(actor);
    return {
      actor: { ...actor, key },
      conversation,
      isAdmin: decidePermission(actor, this.deps.services.admins).allowed,
      locale: turn.locale,
      services: this.deps.services,
      log,
      commands: this.deps.commands,
      ...(turn.replyToId ? { replyToId: turn.replyToId } : {}),
      audit: (note) =>
        audit.append({
          actorId: key,
          actorName: actor.name,
          conversationId: conversation.conversationId,
          action: note.action,
          plan: note.plan,
          result: note.result,
          detail: note.detail,
          durationMs: undefined,
        }),
      now: this.deps.now ?? Date.now,
    };
  }

  /** Handles a typed message; always answers, even for empty or unknown input. */
  async onMessage(turn: TurnContext, ctx: CommandContext): Promise<void> {
    const text = TurnContext.removeRecipientMention(turn.activity) ?? turn.activity.text ?? '';
    const args = parseCommand(text);
    const name = this.deps.services.info.name;
    const command = this.byId.get(args.command);
    const taker = command || args.command === '' ? undefined : this.freeTextTaker(ctx);
    if (taker?.freeText) {
      const handler = taker.freeText;
      const reply = await this.run(ctx, taker, () => handler.handle(ctx, normalizeText(text)));
      await this.send(turn, reply);
      return;
    }
    if (!command) {
      const hint =
        args.command === '' ? undefined : `I don't know "${args.command}". Here is what I can do:`;
      await this.send(turn, helpReply(name, this.deps.commands, hint));
      return;
    }
    ctx.log.info({ command: command.id }, 'command');
    const reply = await this.run(ctx, command, () => command.handle(ctx, args));
    await this.send(turn, reply);
  }

  private freeTextTaker(ctx: CommandContext): Command | undefined {
    return this.deps.commands.find((c) => c.freeText?.claims(ctx) === true);
  }

  /** Runs a card button; the same permission rule as typing the command. */
  async onAction(ctx: CommandContext, data: ActionData): Promise<ActionResult> {
    if (data.verb === 'run' && typeof data.command === 'string') {
      const command = this.byId.get(data.command);
      if (!command) return { reply: { kind: 'text', text: `Unknown command "${data.command}".` } };
      const reply = await this.run(ctx, command, () =>
        command.handle(ctx, parseCommand(command.id)),
      );
      return { reply };
    }
    const entry = this.verbs.get(data.verb);
    if (!entry) {
      return {
        reply: { kind: 'text', text: 'This button is no longer supported. Run the command again.' },
      };
    }
    const denied = this.denial(ctx, entry.command, `action:${data.verb}`);
    if (denied) return { reply: denied };
    return entry.handler(ctx, data);
  }

  /** Reports an error the user can act on; unknown errors get a reference id. */
  errorReply(err: unknown, log: Logger): Reply {
    const ref = randomUUID().slice(0, 8);
    log.error({ err, ref }, 'turn failed');
    return { kind: 'text', text: userErrorText(err, ref) };
  }

  async send(turn: TurnContext, reply: Reply): Promise<string | undefined> {
    const activity = toActivity(reply);
    if (!activity) return undefined;
    return (await turn.sendActivity(activity))?.id;
  }

  private async run(
    ctx: CommandContext,
    command: Command,
    fn: () => Promise<Reply>,
  ): Promise<Reply> {
    const denied = this.denial(ctx, command, command.id);
    if (denied) return denied;
    try {
      return await fn();
    } catch (err) {
      return this.errorReply(err, ctx.log);
    }
  }

  private denial(ctx: CommandContext, command: Command, action: string): Reply | undefined {
    if (!command.mutating) return undefined;
    const decision = decidePermission(ctx.actor, this.deps.services.admins);
    if (decision.allowed) return undefined;
    ctx.audit({ action, result: 'denied', detail: decision.why });
    ctx.log.warn({ command: command.id, actor: ctx.actor.aadObjectId }, 'permission denied');
    const what = action.startsWith('action:')
      ? `use this button (it needs the permission for \`${command.id}\`)`
      : `run \`${command.id}\``;
    return { kind: 'text', text: `You may not ${what}. ${decision.why}` };
  }
}

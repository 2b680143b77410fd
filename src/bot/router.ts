import { randomUUID } from 'node:crypto';
import { TurnContext, type Activity } from 'botbuilder';
import type { ActionData } from '../chat/adaptive-card';
import type { ActionResult, AnyCommand, CardButton, CommandContext } from '../dialogs/command';
import { isReadOnlyCall, prepareCall, withRequirements } from '../dialogs/command-call';
import type { Actor } from '../chat/actor';
import type { Reply } from '../chat/reply';
import type { DialogServices } from '../dialogs/dialog-services';
import type { Requirement } from '../dialogs/requirements';
import { helpReply } from '../dialogs/help';
import { normalizeText, parseCommand, type ParsedArgs } from '../dialogs/parse-command';
import { checkPermission, refusalText } from '../dialogs/permissions';
import type { CommandSynonyms } from '../dialogs/suggest-command';
import { answerUnknownInput } from '../dialogs/unknown-input';
import { runRequest } from '../dialogs/command-tools';
import type { Logger } from '../platform/logging/logger';
import type { ConversationRecord } from '../platform/store/conversation-repository';
import type { TurnOutcome, TurnRecord } from '../platform/telemetry/telemetry';
import { commandContext, type TurnFacts } from './command-context';
import { toActivity } from './conversations';
import { memberLookup } from './member-lookup';
import { replyWithin } from './turn-deadline';
import { turnRecordOf } from './turn-record';
import { userErrorText } from './user-error-text';
import { escapeMarkdown } from '../chat/escape-markdown';
import type { Lang } from '../chat/i18n';

export interface RouterDeps {
  commands: readonly AnyCommand[];
  /** Other words for commands, to answer a message that is no command (src/bot/commands.ts). */
  synonyms?: CommandSynonyms;
  services: DialogServices;
  log: Logger;
  /** The clock commands read; Date.now unless a test injects one. */
  now?: () => number;
  /** TURN_TIMEOUT_MS: how long a handler may take before the user is told it took too long. */
  turnTimeoutMs?: number;
}

type Button = CardButton<Requirement>;

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
  private readonly byId: ReadonlyMap<string, AnyCommand>;
  /** Typed first words that run a command as if its id were typed (`aide` runs help). */
  private readonly byAlias: ReadonlyMap<string, AnyCommand>;
  private readonly verbs: ReadonlyMap<string, { command: AnyCommand; button: Button }>;
  /** Each turn's telemetry record, by the context handed to its handlers. */
  private readonly records = new WeakMap<CommandContext, TurnRecord>();

  constructor(private readonly deps: RouterDeps) {
    this.byId = new Map(deps.commands.map((c) => [c.id, c]));
    this.byAlias = new Map(deps.commands.flatMap((c) => (c.aliases ?? []).map((w) => [w, c])));
    const verbs = new Map<string, { command: AnyCommand; button: Button }>();
    for (const command of deps.commands) {
      for (const [verb, button] of Object.entries(command.actions ?? {})) {
        if (verbs.has(verb)) throw new Error(`card verb "${verb}" is registered twice`);
        verbs.set(verb, { command, button });
      }
    }
    this.verbs = verbs;
  }

  context(turn: TurnContext, conversation: ConversationRecord, log: Logger): CommandContext {
    const ctx = this.contextFor(actorOf(turn.activity), conversation, log, {
      locale: turn.activity.locale,
      replyToId: turn.activity.replyToId,
      member: memberLookup(turn, log),
    });
    this.records.set(ctx, turnRecordOf(turn));
    return ctx;
  }

  /** What the turn is counted as: its command once known, and how it ended. */
  private mark(ctx: CommandContext, command: string, outcome?: TurnOutcome): void {
    const record = this.records.get(ctx);
    if (!record) return;
    record.command = command;
    if (outcome) record.outcome = outcome;
  }

  /** The context a handler sees, from plain values (no botbuilder types). */
  contextFor(
    actor: Actor,
    conversation: ConversationRecord,
    log: Logger,
    turn: TurnFacts = {},
  ): CommandContext {
    return commandContext(this.deps, actor, conversation, log, turn);
  }

  /** Handles a typed message; always answers, even for empty or unknown input. */
  async onMessage(turn: TurnContext, ctx: CommandContext): Promise<void> {
    // botbuilder's mention stripping throws on a mention entity in a message without text.
    const typed = turn.activity.text;
    const text = typed ? (TurnContext.removeRecipientMention(turn.activity) ?? typed) : '';
    const args = parseCommand(text);
    const name = this.deps.services.info.name;
    const command = this.commandNamed(args.command);
    const taker = command || args.command === '' ? undefined : await this.freeTextTaker(ctx);
    if (taker?.freeText) {
      const handler = taker.freeText;
      const reply = await this.run(ctx, taker, taker.id, () => {
        const ready = withRequirements(taker, ctx);
        return ready.ok
          ? handler.handle(ready.ctx, normalizeText(text))
          : Promise.resolve(ready.reply);
      });
      await this.send(turn, reply);
      return;
    }
    if (!command) {
      this.mark(ctx, args.command === '' ? 'empty' : 'unknown');
      await this.send(
        turn,
        args.command === ''
          ? helpReply(name, this.deps.commands, undefined, ctx.lang)
          : await answerUnknownInput(ctx, text, this.deps.synonyms ?? {}),
      );
      return;
    }
    ctx.log.info({ command: command.id }, 'command');
    const reply = await this.run(
      ctx,
      command,
      command.id,
      () => this.call(command, ctx, text, args),
      isReadOnlyCall(command, text, args),
    );
    await this.send(turn, reply);
  }

  /** Checks requirements and arguments, then runs the handler; `routed` is onMessage's parse. */
  private call(
    command: AnyCommand,
    ctx: CommandContext,
    text: string,
    routed?: ParsedArgs,
  ): Promise<Reply> {
    const prepared = prepareCall(command, ctx, text, routed);
    return prepared.ok
      ? command.handle(prepared.ctx, prepared.args)
      : Promise.resolve(prepared.reply);
  }

  /** The command a typed first word selects: its id, or one of its accepted synonyms. */
  private commandNamed(word: string): AnyCommand | undefined {
    return this.byId.get(word) ?? this.byAlias.get(word);
  }

  private async freeTextTaker(ctx: CommandContext): Promise<AnyCommand | undefined> {
    for (const c of this.deps.commands) if (await c.freeText?.claims(ctx)) return c;
    return undefined;
  }

  /** True when a button with this data has a handler (a known verb, or `run` of a command). */
  knowsAction(data: ActionData): boolean {
    // A typed line always gets an answer: "Unknown command" names the word that was wrong.
    if (data.verb === 'run')
      return typeof data.line === 'string' || this.byId.has(runRequest(data)?.command ?? '');
    return this.verbs.has(data.verb);
  }

  /** Runs a card button; the same permission rule as typing the command. */
  async onAction(ctx: CommandContext, data: ActionData): Promise<ActionResult> {
    // A line typed or edited in a card, or a suggestion's `args`, is checked like typed text.
    const request = data.verb === 'run' ? runRequest(data) : undefined;
    if (request) {
      const command = this.byId.get(request.command);
      if (!command) {
        this.mark(ctx, 'unknown');
        const text = ctx.t('suggestion.unknownCommand', {
          command: escapeMarkdown(request.command),
        });
        return { reply: { kind: 'text', text } };
      }
      const reply = await this.run(ctx, command, command.id, () =>
        this.call(command, ctx, request.line),
      );
      return { reply };
    }
    const entry = this.verbs.get(data.verb);
    if (!entry) {
      return { reply: { kind: 'text', text: ctx.t('errors.buttonGone') } };
    }
    const { command, button } = entry;
    this.mark(ctx, command.id);
    const denied = button.mutating
      ? await this.denial(ctx, command, `action:${data.verb}`)
      : undefined;
    if (denied) {
      this.mark(ctx, command.id, 'denied');
      return { reply: denied };
    }
    const ready = withRequirements(command, ctx);
    if (!ready.ok) return { reply: ready.reply };
    return button.run(ready.ctx, data);
  }

  /** Reports an error the user can act on; unknown errors get a reference id. */
  errorReply(err: unknown, log: Logger, lang: Lang = 'en'): Reply {
    const ref = randomUUID().slice(0, 8);
    log.error({ err, ref }, 'turn failed');
    return { kind: 'text', text: userErrorText(err, ref, lang) };
  }

  async send(turn: TurnContext, reply: Reply): Promise<string | undefined> {
    const activity = toActivity(reply);
    if (!activity) return undefined;
    return (await turn.sendActivity(activity))?.id;
  }

  private async run(
    ctx: CommandContext,
    command: AnyCommand,
    action: string,
    fn: () => Promise<Reply>,
    readOnly = false,
  ): Promise<Reply> {
    this.mark(ctx, command.id);
    const denied =
      command.mutating && !readOnly ? await this.denial(ctx, command, action) : undefined;
    if (denied) {
      this.mark(ctx, command.id, 'denied');
      return denied;
    }
    try {
      return await this.withDeadline(ctx, command, fn());
    } catch (err) {
      this.mark(ctx, command.id, 'error');
      return this.errorReply(err, ctx.log, ctx.lang);
    }
  }

  /** The turn's own deadline (turn-deadline.ts); a late handler's failure is only logged. */
  private withDeadline(ctx: CommandContext, command: AnyCommand, work: Promise<Reply>) {
    const ms = this.deps.turnTimeoutMs ?? 60_000;
    return replyWithin(work, ms, ctx.lang, (lateWork) => {
      lateWork.catch((err: unknown) =>
        ctx.log.warn({ err, command: command.id }, 'handler failed after the turn deadline'),
      );
      ctx.log.warn({ command: command.id, timeoutMs: ms }, 'turn deadline passed; answered for it');
      this.mark(ctx, command.id, 'timeout');
    });
  }

  private async denial(
    ctx: CommandContext,
    command: AnyCommand,
    action: string,
  ): Promise<Reply | undefined> {
    const { admins, groups } = this.deps.services;
    const decision = await checkPermission(ctx.actor, admins, groups, ctx.lang);
    if (decision.allowed) return undefined;
    await ctx.audit({ action, result: 'denied', detail: decision.why });
    ctx.log.warn({ command: command.id, actor: ctx.actor.aadObjectId }, 'permission denied');
    const what = ctx.t(action.startsWith('action:') ? 'args.whatButton' : 'args.whatRun', {
      command: command.id,
    });
    const dryRunOf = command.readOnly && !action.startsWith('action:') ? command.id : undefined;
    return { kind: 'text', text: refusalText(what, ctx.actor, decision, ctx.lang, dryRunOf) };
  }
}

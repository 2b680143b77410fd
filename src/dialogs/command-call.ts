import { textReply, type Reply } from '../chat/reply';
import type { AnyCommand, CommandContext, ContextWith } from './command';
import { parseCommand, type ParsedArgs } from './parse-command';
import { missingRequirements, type Requirement } from './requirements';
import { commandSyntax } from '../chat/command-syntax';

/** A command ready to run: its context (requirements met) and its checked arguments. */
export type PreparedCall =
  { ok: true; ctx: ContextWith<Requirement>; args: unknown } | { ok: false; reply: Reply };

/**
 * The checks every command gets before its handler runs, in one place: what it needs is
 * configured (one "not configured" answer naming the variables), and its command line parses
 * (a bad argument is answered with the command's syntax).
 */
export function prepareCall(
  command: AnyCommand,
  ctx: CommandContext,
  text: string,
  routed?: ParsedArgs,
): PreparedCall {
  const ready = withRequirements(command, ctx);
  if (!ready.ok) return ready;
  const parsed = command.args.parse(reuseOrParse(text, command.args.switches, routed), ctx.lang);
  if (!parsed.ok) {
    const example = command.examples[0];
    const vars = { problem: parsed.problem, usage: commandSyntax(command.usage) };
    return {
      ok: false,
      reply: textReply(
        example
          ? ctx.t('args.usageExample', { ...vars, example: commandSyntax(example) })
          : ctx.t('args.usage', vars),
      ),
    };
  }
  return { ok: true, ctx: ready.ctx, args: parsed.value };
}

/**
 * True when this call of a mutating command changes nothing (its `readOnly` says so for these
 * arguments, e.g. `--dry-run`), so the permission check for changes does not apply.
 */
export function isReadOnlyCall(command: AnyCommand, text: string, routed?: ParsedArgs): boolean {
  if (!command.readOnly) return false;
  const parsed = command.args.parse(reuseOrParse(text, command.args.switches, routed));
  return parsed.ok && command.readOnly(parsed.value);
}

/**
 * The context for a command's handler or button once its requirements are checked. The
 * registry holds commands with their requirements erased; each handler was typed with its own.
 */
export function withRequirements(
  command: AnyCommand,
  ctx: CommandContext,
): { ok: true; ctx: ContextWith<Requirement> } | { ok: false; reply: Reply } {
  const missing = missingRequirements(ctx.services, command.requires ?? [], ctx.lang);
  if (missing) return { ok: false, reply: textReply(missing) };
  return { ok: true, ctx: ctx as ContextWith<Requirement> };
}

/**
 * The router has already parsed the line with the default switches to find the command. A
 * command's switches only decide whether the word after a `--flag` is its value, so a line
 * without flags parses the same whatever they are, and is not parsed (nor normalized) again.
 */
function reuseOrParse(
  text: string,
  switches: ReadonlySet<string>,
  routed: ParsedArgs | undefined,
): ParsedArgs {
  if (routed && Object.keys(routed.flags).length === 0) return routed;
  return parseCommand(text, switches);
}

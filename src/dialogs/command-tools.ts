import type { ActionData } from '../chat/adaptive-card';
import type { ToolCall, ToolDefinition } from '../services/llm/llm-service';
import type { AnyCommand } from './command';
import { normalizeText, parseCommand } from './parse-command';

/**
 * The registry as functions a model may call: one per command, named by its id, described by
 * its description, syntax and examples, taking what follows the command word as `args`. The
 * model only picks and fills in a command line; the user still runs it.
 */
export function commandTools(commands: readonly AnyCommand[]): ToolDefinition[] {
  return commands.map((c) => ({
    name: c.id,
    description: `${c.description} Syntax: ${c.usage}. Examples: ${c.examples.join(' ; ')}`,
    parameters: {
      type: 'object',
      properties: {
        args: {
          type: 'string',
          description: `Everything after the word "${c.id}", following the syntax; empty for none.`,
        },
      },
      required: ['args'],
      additionalProperties: false,
    },
  }));
}

/** Characters that would break out of the code span the reading is shown in, or its card. */
const UNSAFE = /[`{}<>\r\n]/g;

/** The command line a model's tool call stands for, or undefined when it names no command. */
export function commandLineOf(call: ToolCall, commands: readonly AnyCommand[]): string | undefined {
  if (!commands.some((c) => c.id === call.name)) return undefined;
  let args = '';
  try {
    const parsed = JSON.parse(call.arguments) as { args?: unknown };
    if (typeof parsed.args === 'string') args = parsed.args;
  } catch {
    // A model may write broken JSON; the command alone is still a reading the user can edit.
  }
  return normalizeText(`${call.name} ${args.replace(UNSAFE, ' ')}`).slice(0, 300);
}

/**
 * What a `run` button asks for: a command line typed into a card (`line`), or a command with
 * optional `args`. Undefined when the data names neither.
 */
export function runRequest(data: ActionData): { command: string; line: string } | undefined {
  if (typeof data.line === 'string') {
    return { command: parseCommand(data.line).command, line: normalizeText(data.line) };
  }
  if (typeof data.command !== 'string') return undefined;
  const args = typeof data.args === 'string' ? ` ${data.args}` : '';
  return { command: data.command, line: `${data.command}${args}` };
}

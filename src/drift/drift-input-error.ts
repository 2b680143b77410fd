/**
 * Why the drift engine or the `drift` command refused its input. A closed union so callers
 * (the CLI, the chat handler) can map each cause to a message or an exit code without parsing
 * error text.
 */
export type DriftInputErrorReason =
  | 'unparsable-line'
  | 'unknown-column'
  | 'missing-file'
  | 'bad-spec'
  | 'bad-value'
  | 'bad-option'
  | 'missing-flag'
  | 'unknown-flag';

/**
 * Thrown for input the engine cannot judge (not for drift itself, which is a normal result).
 * Typed so the CLI can print one clear line and exit 2 instead of a stack trace.
 */
export class DriftInputError extends Error {
  constructor(
    readonly reason: DriftInputErrorReason,
    message: string,
  ) {
    super(message);
    this.name = 'DriftInputError';
  }
}

import type { Bindings } from 'pino';
import type { Logger } from '../platform/logging/logger';

const LEVELS: ReadonlySet<string | symbol> = new Set([
  'fatal',
  'error',
  'warn',
  'info',
  'debug',
  'trace',
]);

/**
 * `parent.child(bindings)`, built when first needed. Every turn gets a logger with its activity
 * and conversation ids, but most turns write no line at the configured level (a `help` at
 * LOG_LEVEL=warn writes none), and pino builds a child by running the redaction paths over its
 * bindings: a cost per turn for lines never written. A call at a disabled level is pino's no-op
 * either way; anything else (an enabled level, `child`, `level`, `bindings`) is the real child's.
 */
export function lazyChild(parent: Logger, bindings: Bindings): Logger {
  let child: Logger | undefined;
  const real = (): Logger => (child ??= parent.child(bindings));
  return new Proxy(parent, {
    get(target, prop) {
      // A child logs at its parent's level until someone sets its own, which builds it.
      if (child === undefined && LEVELS.has(prop) && !target.isLevelEnabled(prop as string)) {
        return Reflect.get(target, prop, target) as unknown;
      }
      const logger = real();
      const value: unknown = Reflect.get(logger, prop, logger);
      return typeof value === 'function' ? (value as () => unknown).bind(logger) : value;
    },
    set(_target, prop, value) {
      return Reflect.set(real(), prop, value);
    },
  });
}

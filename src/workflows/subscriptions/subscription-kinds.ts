import { scheduleText, sustainedText } from './schedule-text';
import { translator, type Lang, type MessageKey, type MessageVars } from '../../chat/i18n';
import type { Subscription } from './subscription-repository';
import { escapeMarkdown } from '../../chat/escape-markdown';

/**
 * Why a subscribe request cannot be accepted; the message is shown to the user as is, or, when
 * the error carries a catalogue text (`said`), in the user's language (`textIn`).
 */
export class SubscriptionError extends Error {
  constructor(
    readonly reason: 'unknown-kind' | 'bad-target' | 'bad-option' | 'not-configured',
    message: string,
    readonly said?: { key: MessageKey; vars?: MessageVars },
  ) {
    super(message);
    this.name = 'SubscriptionError';
  }

  /** The message is written for the user who typed the request (see describeError). */
  get userMessage(): string {
    return this.message;
  }

  /** The sentence in `lang` (the English message when no catalogue text was given). */
  textIn(lang: Lang): string {
    return this.said ? translator(lang)(this.said.key, this.said.vars) : this.message;
  }
}

/** A SubscriptionError whose English message is the catalogue's own text. */
export function subscriptionError(
  reason: SubscriptionError['reason'],
  key: MessageKey,
  vars: MessageVars = {},
): SubscriptionError {
  return new SubscriptionError(reason, translator('en')(key, vars), { key, vars });
}

/** What a kind stores for a subscribe request. */
export interface PreparedSubscription {
  target: string;
  params: Record<string, unknown>;
}

/**
 * One kind of subscription (drift checks; MLflow run watching later). The `subscribe` and
 * `unsubscribe` commands dispatch on the first word through this registry, so a new kind is
 * one object registered in src/index.ts, with no change to the commands.
 */
export interface SubscriptionKind {
  /** The word after `subscribe`, e.g. `drift`. */
  readonly kind: string;
  /** For the subscriptions list and help, e.g. "Drift check". */
  readonly label: string;
  /** Cron used when `--every` is not given. */
  readonly defaultCron: string;
  /**
   * False for kinds served by one shared job (the MLflow watcher polls once for every
   * channel): their subscriptions get no scheduler job of their own.
   */
  readonly scheduledPerSubscription?: boolean;
  /**
   * Validates the target and kind-specific flags at subscribe time (throws SubscriptionError)
   * and returns the target to store ('' = default) plus kind parameters. May be async, so a
   * kind can check the target against the live system (an MLflow experiment) rather than a cache.
   */
  prepare(
    target: string | undefined,
    flags: Readonly<Record<string, string | true>>,
  ): PreparedSubscription | Promise<PreparedSubscription>;
  /** One scheduled run for a slot (ms); must be safe to call again for the same slot. */
  run(subscription: Subscription, slot: number): Promise<void>;
  /** Called after unsubscribe, to close what the kind keeps (open incidents...). */
  removed?(subscription: Subscription): Promise<void>;
  /**
   * One short line for `subscriptions` and the subscribe confirmation, in the kind's own
   * terms (e.g. "churn-model · failed runs only"); without it, target · schedule · sustained.
   */
  describe?(subscription: Subscription, lang?: Lang): string;
}

/** What a stored subscription does, in words: the kind's own line, or the generic one. */
export function describeSubscription(
  kind: SubscriptionKind | undefined,
  s: Subscription,
  lang: Lang = 'en',
): string {
  if (kind?.describe) return kind.describe(s, lang);
  const parts = [s.target, scheduleText(s, lang), sustainedText(s, lang)];
  return parts.filter((p) => p !== '').join(' · ');
}

/** The kinds this bot knows, by word. */
export class SubscriptionKindRegistry {
  private readonly kinds = new Map<string, SubscriptionKind>();

  register(kind: SubscriptionKind): this {
    if (this.kinds.has(kind.kind)) throw new Error(`subscription kind "${kind.kind}" twice`);
    this.kinds.set(kind.kind, kind);
    return this;
  }

  get(kind: string): SubscriptionKind | undefined {
    return this.kinds.get(kind.toLowerCase());
  }

  /** Returns the kind or throws a SubscriptionError naming the known kinds. */
  require(kind: string | undefined): SubscriptionKind {
    const found = kind ? this.get(kind) : undefined;
    if (found) return found;
    const known = [...this.kinds.keys()].map((k) => `\`${k}\``).join(', ') || '(none)';
    throw kind
      ? subscriptionError('unknown-kind', 'subscriptions.unknownKind', {
          kind: escapeMarkdown(kind),
          known,
        })
      : subscriptionError('unknown-kind', 'subscriptions.noKind', { known });
  }

  list(): SubscriptionKind[] {
    return [...this.kinds.values()];
  }
}

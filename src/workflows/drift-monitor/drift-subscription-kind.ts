import { scheduleText, sustainedText } from '../subscriptions/schedule-text';
import { translator } from '../../chat/i18n';
import { subscriptionError, type SubscriptionKind } from '../subscriptions/subscription-kinds';
import type { Subscription } from '../subscriptions/subscription-repository';
import { commandSyntax } from '../../chat/command-syntax';

/** What the `drift` kind needs from the monitor. */
export interface DriftChecks {
  targetOf(explicit: string | undefined): string | undefined;
  check(sub: Subscription, slot: number): Promise<void>;
  /** Ends the subscription's open incident when it is removed. */
  resolveRemoved(sub: Subscription): Promise<void>;
}

/** The `drift` subscription kind for the registry: validates the target, runs checks. */
export function driftSubscriptionKind(monitor: DriftChecks): SubscriptionKind {
  return {
    kind: 'drift',
    label: 'Drift check',
    defaultCron: '0 * * * *',
    prepare: (target) => {
      const t = monitor.targetOf(target);
      if (!t) {
        throw subscriptionError('bad-target', 'subscriptions.whichTarget', {
          syntax: commandSyntax('subscribe drift <target>'),
        });
      }
      if (!/^[\w.:-]{1,100}$/.test(t)) {
        throw subscriptionError('bad-target', 'subscriptions.badTarget', { target: t });
      }
      return { target: target?.trim() ? t : '', params: {} };
    },
    run: (sub, slot) => monitor.check(sub, slot),
    removed: (sub) => monitor.resolveRemoved(sub),
    describe: (sub, lang = 'en') =>
      [
        monitor.targetOf(sub.target) ?? translator(lang)('subscriptions.noTarget'),
        scheduleText(sub, lang),
        sustainedText(sub, lang),
      ]
        .filter((p) => p !== '')
        .join(' · '),
  };
}

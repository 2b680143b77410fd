import type { Lang } from '../../chat/i18n';
import type { Reply } from '../../chat/reply';
import type {
  Operation,
  OperationType,
  OperationView,
  StepContext,
  StepOutcome,
} from './operation';

/** A step as the runner calls it, with its kind's outside world already bound. */
export interface BoundStep {
  id: string;
  title: string;
  run(ctx: StepContext<unknown>): Promise<StepOutcome>;
}

/**
 * A kind as the runner holds it: its type, the outside world and the view bound together,
 * with the params checked once at this boundary. Built in the composition root.
 */
export interface RegisteredKind {
  readonly kind: string;
  /** Undefined when the stored params do not pass the kind's schema. */
  steps(op: Operation): readonly BoundStep[] | undefined;
  /** In the language of the operation's conversation (English when not given). */
  render(op: Operation, now: number, lang?: Lang): Reply | undefined;
  /** Runs the kind's end-of-operation side effects, then the message to send, if any. */
  finished(op: Operation, lang?: Lang): Promise<Reply | undefined>;
}

export function registerKind<P, D>(
  type: OperationType<P, D>,
  deps: D,
  view: OperationView<P>,
): RegisteredKind {
  const typed = (op: Operation) => {
    const parsed = type.params.safeParse(op.params);
    return parsed.success ? { ...op, params: parsed.data } : undefined;
  };
  return {
    kind: type.kind,
    steps(op) {
      const t = typed(op);
      if (!t) return undefined;
      return type.steps(t.params).map((s) => ({
        id: s.id,
        title: s.title,
        run: (ctx) => s.run({ ...ctx, operation: t }, deps),
      }));
    },
    render(op, now, lang = 'en') {
      const t = typed(op);
      if (!t) return undefined;
      const titles = lang === 'en' ? undefined : type.stepTitles?.(t.params, lang);
      const steps = titles
        ? t.steps.map((s) => ({ ...s, title: titles[s.id] ?? s.title }))
        : t.steps;
      return view.render({ ...t, steps }, now, lang);
    },
    async finished(op, lang = 'en') {
      const t = typed(op);
      if (!t) return undefined;
      await type.finished?.(t, deps);
      return view.finished?.(t, lang);
    },
  };
}

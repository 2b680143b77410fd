import { translator, type Lang } from '../../chat/i18n';
import { textReply } from '../../chat/reply';
import type { Logger } from '../../platform/logging/logger';
import { plannedSteps, typedOperation, type Operation } from '../../platform/operations/operation';
import type { OperationRepository } from '../../platform/operations/operation-repository';
import { startOperation } from '../../platform/operations/start-operation';
import type { Outbox } from '../../platform/outbox/outbox';
import { CronSchedule } from '../../platform/scheduler/cron-schedule';
import type { ScheduledJob } from '../../platform/scheduler/scheduler';
import { readCanaryState } from '../../services/databricks/canary-state';
import type { ServingService } from '../../services/databricks/serving';
import { deployOperation } from '../deploy/deploy-operation';
import { canaryEvaluateOperation } from './evaluate-operation';
import { canaryLock, evaluationParams } from './evaluation-params';

export const CANARY_WINDOW_JOB = 'canary-window';

export interface CanaryWindowDeps {
  operations: OperationRepository;
  serving: Pick<ServingService, 'get'>;
  suite: string | undefined;
  windowMinutes: number;
  outbox: Outbox;
  /** Wakes the runner so the evaluation starts now rather than at its next poll. */
  nudge: () => void;
  log: Logger;
  languageOf?: (conversationId: string) => Promise<Lang>;
}

const endpointLock = (endpoint: string) => `endpoint:${endpoint}`;
const TOOK_PLACE = new Set(['running', 'succeeded', 'failed']);

/**
 * Evaluates each canary once its window (CANARY_WINDOW_MINUTES) has passed, in the conversation
 * that started it; with `--auto` only when the canary's approved plan had it. Everything is read from the store (the canary's deploy
 * operation, later operations on the endpoint, earlier evaluations), so a restart or another
 * replica neither loses a due evaluation nor starts a second one.
 */
export function canaryWindowJob(d: CanaryWindowDeps): ScheduledJob {
  return {
    id: CANARY_WINDOW_JOB,
    schedule: new CronSchedule('* * * * *'),
    run: async () => void (await evaluateDueCanaries(d)),
  };
}

/** Starts the evaluations that are due; returns their operation ids. */
export async function evaluateDueCanaries(
  d: CanaryWindowDeps,
  now = Date.now(),
): Promise<string[]> {
  const windowMs = d.windowMinutes * 60_000;
  const seen = new Set<string>();
  const started: string[] = [];
  for (const op of await d.operations.latestOfKind(deployOperation.kind, 50)) {
    const p = typedOperation(deployOperation, op)?.params;
    const endpoint = p?.model.endpoint;
    // Only the newest deploy of each endpoint: a later one ended that canary.
    if (!p || !endpoint || seen.has(endpoint) || !TOOK_PLACE.has(op.state)) continue;
    seen.add(endpoint);
    const since = op.finishedAt ?? now;
    if (p.canary?.action !== 'start' || op.state !== 'succeeded' || since + windowMs > now)
      continue;
    if (await evaluatedSince(d.operations, endpoint, since)) continue;
    // Applied automatically only when `--auto` was in the canary's plan, which got the
    // approvals APPROVALS_REQUIRED asks for before it ran; else the card's buttons decide.
    const auto = p.canary.auto === true;
    const id = await startEvaluation(d, op, { endpoint, auto }, now).catch((err: unknown) => {
      d.log.warn({ err, endpoint }, 'automatic canary evaluation not started');
      return undefined;
    });
    if (id) started.push(id);
  }
  if (started.length > 0) d.nudge();
  return started;
}

async function evaluatedSince(
  repo: OperationRepository,
  endpoint: string,
  since: number,
): Promise<boolean> {
  const evaluations = await repo.latest(canaryLock(endpoint), 10);
  return evaluations.some((e) => e.createdAt >= since && TOOK_PLACE.has(e.state));
}

async function startEvaluation(
  d: CanaryWindowDeps,
  canary: Operation,
  { endpoint, auto }: { endpoint: string; auto: boolean },
  now: number,
): Promise<string | undefined> {
  const state = await readCanaryState(d.serving, endpoint);
  if (!state) return undefined;
  const lang = (await d.languageOf?.(canary.conversationId)) ?? 'en';
  const params = evaluationParams(state, {
    suite: d.suite,
    auto,
    now,
    windowMinutes: d.windowMinutes,
    history: await d.operations.latest(endpointLock(endpoint), 10),
    lang,
  });
  const plan = `canary evaluate ${endpoint}${auto ? ' --auto' : ''}: after ${d.windowMinutes} min (CANARY_WINDOW_MINUTES)`;
  const op = await startOperation(d.operations, {
    kind: canaryEvaluateOperation.kind,
    environment: canaryLock(endpoint),
    params,
    plan,
    steps: plannedSteps(canaryEvaluateOperation, params),
    // In the name of whoever started the canary, where it was started.
    requesterId: canary.requesterId,
    requesterName: canary.requesterName,
    conversationId: canary.conversationId,
  });
  if (op.plan !== plan) return undefined;
  const t = translator(lang);
  await d.outbox.enqueue({
    key: `canary-window:${op.id}`,
    conversationId: op.conversationId,
    kind: 'send',
    payload: textReply(
      t(auto ? 'canaryEval.scheduled' : 'canaryGuard.scheduledNoAuto', {
        endpoint,
        minutes: d.windowMinutes,
      }),
    ),
  });
  return op.id;
}

import { operationLockName, RUNNER_POSTED_CARD, type Operation } from './operation';
import type { NewOperation, OperationRepository } from './operation-repository';

/**
 * Creates an operation that runs at once, with no plan to confirm (e.g. watching a job run a
 * button started), so it gets the runner's persistence, lease and resume. Its environment's lock
 * makes it one at a time: when another operation holds it, that one is returned and the new one
 * is cancelled. The runner picks it up on its next wake-up. With `postCard`, the runner posts the
 * operation's progress card in its conversation (through the outbox) and keeps it up to date.
 */
export async function startOperation(
  repo: OperationRepository,
  { postCard, ...input }: Omit<NewOperation, 'ttlMs'> & { postCard?: boolean },
  now: () => number = Date.now,
): Promise<Operation> {
  const op = await repo.create({ ...input, ttlMs: 0 });
  const holder = await repo.acquireLock(operationLockName(op), op);
  const t = now();
  if (holder) {
    await repo.save({ ...op, state: 'cancelled', finishedAt: t });
    return holder;
  }
  const running: Operation = {
    ...op,
    state: 'running',
    startedAt: t,
    nextRunAt: t,
    ...(postCard ? { cardActivityId: RUNNER_POSTED_CARD } : {}),
  };
  await repo.save(running);
  return running;
}

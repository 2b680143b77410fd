import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';

/**
 * This process's name among the replicas sharing one store: host, pid, and a random part for
 * pid reuse. Scheduler claims, operation leases and outbox claims all carry it.
 */
export const newReplicaId = (): string =>
  `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;

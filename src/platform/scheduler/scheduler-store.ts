import type { Selectable } from 'kysely';
import type { Store } from '../store/store';
import type { JobClaimsTable, JobStateTable } from '../store/tables';

/** A slot some replica claimed and has not finished (its lease may have run out). */
export type RunningClaim = Pick<
  Selectable<JobClaimsTable>,
  'job_id' | 'slot' | 'owner' | 'lease_until' | 'attempts'
>;

type JobState = Pick<Selectable<JobStateTable>, 'last_slot' | 'last_checked_at'>;

/**
 * The scheduler's rows: per job, how far it was checked (job_state), and per slot, who runs it
 * (job_claims). Every change of hands is a compare-and-swap on the row as it was read, so two
 * replicas can never both win a slot or a retry. The tick's reads take one statement each,
 * whatever the number of jobs.
 */
export class SchedulerStore {
  constructor(
    private readonly db: Store['db'],
    /** The replica that claims, renews and finishes through this instance. */
    private readonly owner: string,
  ) {}

  async states(ids: readonly string[]): Promise<Map<string, JobState>> {
    const rows = await this.db
      .selectFrom('job_state')
      .select(['job_id', 'last_slot', 'last_checked_at'])
      .where('job_id', 'in', ids)
      .execute();
    return new Map(rows.map((r) => [r.job_id, r]));
  }

  /** Unfinished claims of these jobs, by job. */
  async running(ids: readonly string[]): Promise<Map<string, RunningClaim[]>> {
    const rows = await this.db
      .selectFrom('job_claims')
      .select(['job_id', 'slot', 'owner', 'lease_until', 'attempts'])
      .where('state', '=', 'running')
      .where('job_id', 'in', ids)
      .execute();
    const byJob = new Map<string, RunningClaim[]>();
    for (const r of rows) byJob.set(r.job_id, [...(byJob.get(r.job_id) ?? []), r]);
    return byJob;
  }

  /** New jobs count from their registration; a job already known keeps its history. */
  async remember(jobs: readonly { id: string; since: number }[]): Promise<void> {
    if (jobs.length === 0) return;
    await this.db
      .insertInto('job_state')
      .values(jobs.map((j) => ({ job_id: j.id, last_slot: null, last_checked_at: j.since })))
      .onConflict((oc) => oc.column('job_id').doNothing())
      .execute();
  }

  async forget(ids: readonly string[]): Promise<void> {
    await this.db.deleteFrom('job_state').where('job_id', 'in', ids).execute();
  }

  /** Only forward: replicas' clocks differ a little and a late tick must not move it back. */
  async checked(ids: readonly string[], now: number): Promise<void> {
    await this.db
      .updateTable('job_state')
      .set({ last_checked_at: now })
      .where('job_id', 'in', ids)
      .where('last_checked_at', '<', now)
      .execute();
  }

  /** Claims a slot for this replica; false when another one (or an earlier run) has it. */
  async claim(jobId: string, slot: number, now: number, leaseUntil: number): Promise<boolean> {
    const res = await this.db
      .insertInto('job_claims')
      .values({
        job_id: jobId,
        slot,
        claimed_at: now,
        owner: this.owner,
        lease_until: leaseUntil,
        attempts: 1,
        state: 'running',
      })
      .onConflict((oc) => oc.columns(['job_id', 'slot']).doNothing())
      .executeTakeFirst();
    if (Number(res.numInsertedOrUpdatedRows ?? 0) !== 1) return false;
    await this.db
      .updateTable('job_state')
      .set({ last_slot: slot })
      .where('job_id', '=', jobId)
      .where((eb) => eb.or([eb('last_slot', 'is', null), eb('last_slot', '<', slot)]))
      .execute();
    return true;
  }

  /** Takes over a claim whose lease ran out, counting the attempt; false if someone was first. */
  async takeOver(c: RunningClaim, now: number, leaseUntil: number): Promise<boolean> {
    const res = await this.asRead(c)
      .set((eb) => ({
        owner: this.owner,
        lease_until: leaseUntil,
        attempts: eb('attempts', '+', 1),
        claimed_at: now,
      }))
      .executeTakeFirst();
    return Number(res.numUpdatedRows) === 1;
  }

  /** Closes a dead replica's claim without running it; false if it changed meanwhile. */
  async settle(c: RunningClaim, state: 'abandoned'): Promise<boolean> {
    const res = await this.asRead(c).set({ state, lease_until: null }).executeTakeFirst();
    return Number(res.numUpdatedRows) === 1;
  }

  /** The run ended (well or not): the slot is done and is never run again. */
  async finish(jobId: string, slot: number, state: 'done' | 'failed'): Promise<void> {
    await this.db
      .updateTable('job_claims')
      .set({ state, lease_until: null })
      .where('job_id', '=', jobId)
      .where('slot', '=', slot)
      .where('owner', '=', this.owner)
      .where('state', '=', 'running')
      .execute();
  }

  /** The heartbeat: extends every running claim of this replica in one statement. */
  async renew(leaseUntil: number): Promise<void> {
    await this.db
      .updateTable('job_claims')
      .set({ lease_until: leaseUntil })
      .where('owner', '=', this.owner)
      .where('state', '=', 'running')
      .execute();
  }

  /** An update of the claim only if it is still exactly as read (a heartbeat changes it). */
  private asRead(c: RunningClaim) {
    return this.db
      .updateTable('job_claims')
      .where('job_id', '=', c.job_id)
      .where('slot', '=', c.slot)
      .where('state', '=', 'running')
      .where('attempts', '=', c.attempts)
      .where((eb) =>
        c.lease_until === null
          ? eb('lease_until', 'is', null)
          : eb('lease_until', '=', c.lease_until),
      );
  }
}

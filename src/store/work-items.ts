import { type ExpressionBuilder, sql } from 'kysely';
import type { Database, Executor, WorkItemRow } from './database';

/**
 * The work queue: one row per invoked service. Rows are written in the same transaction as the
 * snapshot that spawned them (a transactional outbox) and claimed with a short lease that the
 * running worker keeps renewing, so a dead worker's item is claimable again within one lease.
 */

export interface NewWorkItem {
  jobId: string;
  actorId: string;
  src: string;
  input: unknown;
  maxAttempts: number;
}

export async function insertWorkItem(db: Executor, item: NewWorkItem): Promise<void> {
  await db
    .insertInto('work_items')
    .values({
      job_id: item.jobId,
      actor_id: item.actorId,
      src: item.src,
      input: JSON.stringify(item.input ?? null),
      max_attempts: item.maxAttempts,
    })
    .execute();
}

/**
 * Cancels the job's pending or running items whose actor is not in `keep`. A running worker
 * sees the cancellation at its next heartbeat and stops.
 */
export async function cancelWorkItemsExcept(db: Executor, jobId: string, keep: string[]): Promise<void> {
  let q = db
    .updateTable('work_items')
    .set({ state: 'cancelled', locked_by: null, locked_until: null, updated_at: sql`now()` })
    .where('job_id', '=', jobId)
    .where('state', 'in', ['pending', 'running']);
  if (keep.length > 0) q = q.where('actor_id', 'not in', keep);
  await q.execute();
}

/** Cancels the job's live items of one actor (a state re-entered spawns it anew). */
export async function cancelWorkItemsOf(db: Executor, jobId: string, actorId: string): Promise<void> {
  await db
    .updateTable('work_items')
    .set({ state: 'cancelled', locked_by: null, locked_until: null, updated_at: sql`now()` })
    .where('job_id', '=', jobId)
    .where('actor_id', '=', actorId)
    .where('state', 'in', ['pending', 'running'])
    .execute();
}

export interface ClaimOptions {
  workerId: string;
  leaseSeconds: number;
  /** Only these services (all when omitted). */
  srcs?: string[];
  /** Only this job's items. */
  jobId?: string;
}

/**
 * Claims the next due item — pending, or running with an expired lease (its worker died) —
 * skipping rows other workers hold, and counts the attempt.
 *
 * @example const item = await claimWorkItem(db, { workerId: 'w1', leaseSeconds: 30 })
 */
export async function claimWorkItem(db: Executor, options: ClaimOptions): Promise<WorkItemRow | undefined> {
  const srcFilter = options.srcs ? sql`and src = any(${options.srcs})` : sql``;
  const jobFilter = options.jobId ? sql`and job_id = ${options.jobId}` : sql``;
  const result = await sql<WorkItemRow>`
    update work_items
       set state = 'running', locked_by = ${options.workerId},
           locked_until = now() + make_interval(secs => ${options.leaseSeconds}),
           attempts = attempts + 1, updated_at = now()
     where id = (
       select id from work_items
        where ((state = 'pending' and run_at <= now()) or (state = 'running' and locked_until < now()))
          ${srcFilter} ${jobFilter}
        order by run_at, id
        limit 1
        for update skip locked)
    returning *`.execute(db);
  return result.rows[0];
}

/** The item, only while this worker holds it: running under its id (not cancelled, not taken over). */
function heldBy(id: number, workerId: string) {
  return (eb: ExpressionBuilder<Database, 'work_items'>) => eb.and({ id, locked_by: workerId, state: 'running' });
}

/** Extends the lease; false when the item is no longer this worker's (cancelled or taken over). */
export async function renewLease(db: Executor, id: number, workerId: string, leaseSeconds: number): Promise<boolean> {
  const result = await db
    .updateTable('work_items')
    .set({ locked_until: sql`now() + make_interval(secs => ${leaseSeconds})`, updated_at: sql`now()` })
    .where(heldBy(id, workerId))
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Whether this worker still holds the item (running under its id), locking the row until the transaction ends. */
export async function holdsWorkItem(db: Executor, id: number, workerId: string): Promise<boolean> {
  const row = await db
    .selectFrom('work_items')
    .select('id')
    .where(heldBy(id, workerId))
    .forUpdate()
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * Ends an item this worker still holds; false when it no longer holds it (the result is stale
 * and must be dropped).
 */
export async function finishWorkItem(
  db: Executor,
  id: number,
  workerId: string,
  outcome: { state: 'done' | 'failed'; error?: unknown },
): Promise<boolean> {
  const result = await db
    .updateTable('work_items')
    .set({
      state: outcome.state,
      last_error: outcome.error === undefined ? null : JSON.stringify(outcome.error),
      // locked_by stays: it tells which worker ran the item.
      locked_until: null,
      updated_at: sql`now()`,
    })
    .where(heldBy(id, workerId))
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Puts a failed attempt back in the queue after a delay. */
export async function retryWorkItemLater(
  db: Executor,
  id: number,
  workerId: string,
  delaySeconds: number,
  error: unknown,
): Promise<boolean> {
  const result = await db
    .updateTable('work_items')
    .set({
      state: 'pending',
      run_at: sql`now() + make_interval(secs => ${delaySeconds})`,
      last_error: JSON.stringify(error),
      locked_by: null,
      locked_until: null,
      updated_at: sql`now()`,
    })
    .where(heldBy(id, workerId))
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Hands an item back untouched (shutdown): the attempt does not count. */
export async function releaseWorkItem(db: Executor, id: number, workerId: string): Promise<void> {
  await db
    .updateTable('work_items')
    .set({ state: 'pending', attempts: sql`greatest(attempts - 1, 0)`, locked_by: null, locked_until: null, updated_at: sql`now()` })
    .where(heldBy(id, workerId))
    .execute();
}

/** The job's items, oldest first (for the job view and tests). */
export async function listWorkItems(db: Executor, jobId: string): Promise<WorkItemRow[]> {
  return db.selectFrom('work_items').selectAll().where('job_id', '=', jobId).orderBy('id').execute();
}

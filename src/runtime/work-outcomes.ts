import type { JobError, JobEvent } from '../../machines/job.types';
import type { Db, WorkItemRow } from '../store/database';
import { lockJob } from '../store/jobs';
import { finishWorkItem, holdsWorkItem } from '../store/work-items';
import { sendInTransaction } from './send-event';
import type { WorkPolicy } from './work-policy';

/**
 * What a worker reports to a job about a claimed item. Each is one transaction; the job row is
 * locked before the item, the same order as every event, so the two never deadlock.
 */

/** `<actor>.started`: the step left its queue (ignored by the machine when already running). */
export async function reportStarted(db: Db, item: WorkItemRow, policy: WorkPolicy): Promise<void> {
  await db
    .transaction()
    .execute((trx) => sendInTransaction(trx, item.job_id, { type: `${item.actor_id}.started` } as JobEvent, policy));
}

/**
 * An event a running step sends about its own progress (`candidates.found`), delivered only while
 * the worker still holds the item; false when it no longer does.
 */
export async function reportStepEvent(db: Db, workerId: string, item: WorkItemRow, event: JobEvent, policy: WorkPolicy): Promise<boolean> {
  if (!event.type.startsWith(`${item.actor_id}.`)) throw new Error(`${item.actor_id} may not send ${event.type}`);
  return db.transaction().execute(async (trx) => {
    await lockJob(trx, item.job_id);
    if (!(await holdsWorkItem(trx, item.id, workerId))) return false;
    await sendInTransaction(trx, item.job_id, event, policy);
    return true;
  });
}

/** Closes the item and sends `xstate.done.actor.<id>`; false when the item was no longer the worker's. */
export async function reportDone(db: Db, workerId: string, item: WorkItemRow, output: unknown, policy: WorkPolicy): Promise<boolean> {
  const event = { type: `xstate.done.actor.${item.actor_id}`, output } as JobEvent;
  return settle(db, workerId, item, 'done', event, policy);
}

/** Closes the item as failed and sends `xstate.error.actor.<id>`; false when it was no longer the worker's. */
export async function reportFailed(db: Db, workerId: string, item: WorkItemRow, error: JobError, policy: WorkPolicy): Promise<boolean> {
  const event = { type: `xstate.error.actor.${item.actor_id}`, error } as JobEvent;
  return settle(db, workerId, item, 'failed', event, policy, error);
}

async function settle(
  db: Db,
  workerId: string,
  item: WorkItemRow,
  state: 'done' | 'failed',
  event: JobEvent,
  policy: WorkPolicy,
  error?: JobError,
): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    await lockJob(trx, item.job_id);
    if (!(await finishWorkItem(trx, item.id, workerId, { state, error }))) return false;
    await sendInTransaction(trx, item.job_id, event, policy);
    return true;
  });
}

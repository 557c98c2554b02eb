import { jobMachine } from '../../machines/job.machine';
import type { JobEvent } from '../../machines/job.types';
import { type JobStatus, statusOf } from '../../machines/status';
import type { Executor, JobRow } from '../store/database';
import { appendJobEvent } from '../store/job-events';
import { lockJob, saveJobSnapshot } from '../store/jobs';
import { applyWork } from './apply-work';
import { eventPayload, type JobSnapshot, persistJobSnapshot, restoreJobSnapshot } from './job-snapshot';
import { transitionJob } from './job-transition';
import type { WorkPolicy } from './work-policy';

export interface SendOutcome {
  /** False when the current state does not accept the event: nothing was changed. */
  accepted: boolean;
  snapshot: JobSnapshot;
  status: JobStatus;
  version: number;
  /** The job row after the event (before it, when not accepted). */
  row: JobRow;
  /** Actor ids whose work was queued by this event. */
  spawned: string[];
}

/**
 * An event, or a function that builds it from the locked current snapshot: validation that
 * depends on the job's state runs under the same lock as the transition (it may throw, and then
 * nothing is written).
 */
export type EventSource = JobEvent | ((current: JobSnapshot) => JobEvent);

/**
 * Delivers one event to one job inside the caller's transaction: locks the job row, runs the
 * pure transition, and writes snapshot, version, history and work items together.
 * Undefined when the job does not exist.
 *
 * @example await db.transaction().execute((trx) => sendInTransaction(trx, id, { type: 'ENQUEUE' }, policy))
 */
export async function sendInTransaction(
  trx: Executor,
  jobId: string,
  source: EventSource,
  policy: WorkPolicy,
): Promise<SendOutcome | undefined> {
  const locked = await lockJob(trx, jobId);
  if (!locked) return undefined;
  const current = restoreJobSnapshot(locked.snapshot);
  const event = typeof source === 'function' ? source(current) : source;
  const [next, actions] = transitionJob(current, event);
  // An event the state does not accept (or whose guard fails) gives back the very same snapshot.
  if (next === current) {
    return { accepted: false, snapshot: current, status: statusOf(current), version: locked.version, row: locked, spawned: [] };
  }
  const version = locked.version + 1;
  const status = statusOf(next);
  const row = await saveJobSnapshot(trx, { id: jobId, status, snapshot: persistJobSnapshot(next), version });
  await appendJobEvent(trx, { jobId, version, type: event.type, payload: eventPayload(event), status });
  const spawned = await applyWork(trx, jobMachine, jobId, next.value, actions, policy);
  return { accepted: true, snapshot: next, status, version, row, spawned };
}

import { initialTransition } from 'xstate';
import { jobMachine } from '../../machines/job.machine';
import type { JobInput } from '../../machines/job.types';
import { statusOf } from '../../machines/status';
import type { Executor, JobRow } from '../store/database';
import { appendJobEvent } from '../store/job-events';
import { insertJob } from '../store/jobs';
import { applyWork } from './apply-work';
import { type JobSnapshot, persistJobSnapshot } from './job-snapshot';
import type { WorkPolicy } from './work-policy';

/**
 * Writes a new job — initial snapshot, its `xstate.init` event and the work its first state
 * invokes — inside the caller's transaction.
 */
export async function createJobInTransaction(
  trx: Executor,
  input: JobInput,
  policy: WorkPolicy,
): Promise<{ snapshot: JobSnapshot; row: JobRow; spawned: string[] }> {
  const [snapshot, actions] = initialTransition(jobMachine, input);
  const status = statusOf(snapshot);
  const row = await insertJob(trx, { id: input.jobId, status, snapshot: persistJobSnapshot(snapshot) });
  await appendJobEvent(trx, { jobId: input.jobId, version: 1, type: 'xstate.init', payload: input, status });
  const spawned = await applyWork(trx, jobMachine, input.jobId, snapshot.value, actions, policy);
  return { snapshot, row, spawned };
}

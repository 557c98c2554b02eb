import { findJob } from '../store/jobs';
import type { Executor, JobRow } from '../store/database';
import { notFound } from './errors';
import { isJobId } from './text';

/**
 * The job id from a path, or a 404 when it cannot name a job (not a UUID): such ids never reach
 * the database, where a NUL in one would fail the query with a 500.
 *
 * @example await deliver(deps, jobIdOrNotFound(job_id), 'CANCEL', { type: 'CANCEL' })
 */
export function jobIdOrNotFound(jobId: string): string {
  if (!isJobId(jobId)) throw notFound(`job ${jobId}`);
  return jobId;
}

/**
 * The job's row, or a 404 for the client.
 *
 * @example const row = await existingJob(deps.db, job_id)
 */
export async function existingJob(db: Executor, jobId: string): Promise<JobRow> {
  const row = await findJob(db, jobIdOrNotFound(jobId));
  if (!row) throw notFound(`job ${jobId}`);
  return row;
}

import { findJob } from '../store/jobs';
import type { Executor, JobRow } from '../store/database';
import { notFound } from './errors';

/**
 * The job's row, or a 404 for the client.
 *
 * @example const row = await existingJob(deps.db, job_id)
 */
export async function existingJob(db: Executor, jobId: string): Promise<JobRow> {
  const row = await findJob(db, jobId);
  if (!row) throw notFound(`job ${jobId}`);
  return row;
}

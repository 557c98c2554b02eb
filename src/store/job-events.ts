import type { Executor, JobEventRow } from './database';

export interface NewJobEvent {
  jobId: string;
  version: number;
  type: string;
  payload: unknown;
  status: string;
}

/** Appends one accepted event to the job's history. */
export async function appendJobEvent(db: Executor, event: NewJobEvent): Promise<void> {
  await db
    .insertInto('job_events')
    .values({
      job_id: event.jobId,
      version: event.version,
      type: event.type,
      payload: JSON.stringify(event.payload ?? {}),
      status: event.status,
    })
    .execute();
}

/** The job's history in order, from a version on. */
export async function listJobEvents(
  db: Executor,
  jobId: string,
  page: { afterVersion: number; limit: number },
): Promise<JobEventRow[]> {
  return db
    .selectFrom('job_events')
    .selectAll()
    .where('job_id', '=', jobId)
    .where('version', '>', page.afterVersion)
    .orderBy('version')
    .limit(page.limit)
    .execute();
}

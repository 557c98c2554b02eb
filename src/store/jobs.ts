import { sql } from 'kysely';
import type { Executor, JobRow, StepProgress } from './database';

export interface NewJob {
  id: string;
  status: string;
  snapshot: unknown;
}

/** Inserts a job at version 1 (its creation is its first event) and returns its row. */
export async function insertJob(db: Executor, job: NewJob): Promise<JobRow> {
  return db
    .insertInto('jobs')
    .values({ id: job.id, status: job.status, snapshot: JSON.stringify(job.snapshot), version: 1, progress: '{}' })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Reads a job, or undefined. */
export async function findJob(db: Executor, id: string): Promise<JobRow | undefined> {
  return db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirst();
}

/**
 * Reads a job and locks its row until the transaction ends, so events on one job serialize.
 *
 * @example await db.transaction().execute((trx) => lockJob(trx, id))
 */
export async function lockJob(db: Executor, id: string): Promise<JobRow | undefined> {
  return db.selectFrom('jobs').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

/** Stores the snapshot an accepted event produced and returns the updated row. */
export async function saveJobSnapshot(
  db: Executor,
  job: { id: string; status: string; snapshot: unknown; version: number },
): Promise<JobRow> {
  // The snapshot is not read back: the caller has it, and parsing it again costs more than the update.
  const row = await db
    .updateTable('jobs')
    .set({ status: job.status, snapshot: JSON.stringify(job.snapshot), version: job.version, updated_at: sql`now()` })
    .where('id', '=', job.id)
    .returning(['id', 'status', 'version', 'progress', 'created_at', 'updated_at'])
    .executeTakeFirstOrThrow();
  return { ...row, snapshot: job.snapshot };
}

/** Sets one step's progress without touching the snapshot or the version. */
export async function saveStepProgress(db: Executor, jobId: string, step: string, progress: StepProgress): Promise<void> {
  await db
    .updateTable('jobs')
    .set({ progress: sql`jsonb_set(progress, ${sql.lit(`{${step}}`)}, ${JSON.stringify(progress)}::jsonb)` })
    .where('id', '=', jobId)
    .execute();
}

export interface JobPageQuery {
  status?: string;
  limit: number;
  /** The id of the last job of the previous page. */
  afterId?: string;
}

/**
 * A page of jobs, newest first. Paging compares with the previous page's last row in SQL, so
 * timestamps keep their full precision.
 */
export async function listJobs(db: Executor, query: JobPageQuery): Promise<JobRow[]> {
  let q = db.selectFrom('jobs').selectAll();
  if (query.status) q = q.where('status', '=', query.status);
  if (query.afterId) {
    q = q.where(sql<boolean>`(created_at, id) < (select j.created_at, j.id from jobs j where j.id = ${query.afterId})`);
  }
  return q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(query.limit).execute();
}

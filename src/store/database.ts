import type { ColumnType, Generated, Insertable, Kysely, Selectable, Transaction } from 'kysely';

/** Timestamps are written by the database (now()) and read back as Date. */
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
/** jsonb columns: objects in, objects out (both drivers parse jsonb). */
type Json<T> = ColumnType<T, string, string>;

export interface JobTable {
  id: string;
  /** The spec status derived from the snapshot, kept beside it for filtering and listing. */
  status: string;
  /** The XState persisted snapshot: the job's only source of truth. */
  snapshot: Json<unknown>;
  /** Number of accepted events, the creation included. */
  version: number;
  /** Throttled progress of the running steps, by step id; not part of the snapshot on purpose. */
  progress: Json<Record<string, StepProgress>>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface StepProgress {
  fraction: number;
  stage?: string;
  message?: string;
  updated_at: string;
}

export interface JobEventTable {
  job_id: string;
  version: number;
  type: string;
  payload: Json<unknown>;
  status: string;
  created_at: Timestamp;
}

export type WorkState = 'pending' | 'running' | 'done' | 'failed' | 'cancelled';

export interface WorkItemTable {
  id: Generated<number>;
  job_id: string;
  /** The invoke id in the machine (`previews`, `candidates`, `analysis`). */
  actor_id: string;
  /** The service name the machine declares (`extractPreviews`, ...). */
  src: string;
  input: Json<unknown>;
  state: ColumnType<WorkState, WorkState | undefined, WorkState>;
  attempts: ColumnType<number, number | undefined, number>;
  max_attempts: number;
  run_at: Timestamp;
  locked_by: string | null;
  locked_until: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  last_error: Json<unknown | null> | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface Database {
  jobs: JobTable;
  job_events: JobEventTable;
  work_items: WorkItemTable;
}

export type Db = Kysely<Database>;
/** A database handle or an open transaction: queries that must join a caller's transaction take this. */
export type Executor = Kysely<Database> | Transaction<Database>;

export type JobRow = Selectable<JobTable>;
export type JobEventRow = Selectable<JobEventTable>;
export type WorkItemRow = Selectable<WorkItemTable>;
export type NewWorkItem = Insertable<WorkItemTable>;

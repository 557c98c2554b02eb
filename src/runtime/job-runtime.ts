import type { JobInput } from '../../machines/job.types';
import type { Db, JobRow } from '../store/database';
import { createJobInTransaction } from './create-job';
import type { JobSnapshot } from './job-snapshot';
import { type EventSource, type SendOutcome, sendInTransaction } from './send-event';
import type { WorkPolicy } from './work-policy';

/** What the API needs of the runtime: create jobs and deliver events, each in one transaction. */
export interface JobRuntime {
  create(input: JobInput): Promise<{ snapshot: JobSnapshot; row: JobRow }>;
  /** Undefined when the job does not exist. */
  send(jobId: string, event: EventSource): Promise<SendOutcome | undefined>;
}

export interface JobRuntimeOptions {
  db: Db;
  policy: WorkPolicy;
  /** Called after a commit that queued work, so a worker in this process starts at once. */
  onWorkQueued?: () => void;
}

/** @example const runtime = createJobRuntime({ db, policy: defaultWorkPolicy, onWorkQueued: worker.wake }) */
export function createJobRuntime({ db, policy, onWorkQueued }: JobRuntimeOptions): JobRuntime {
  return {
    async create(input) {
      const { snapshot, row, spawned } = await db
        .transaction()
        .execute((trx) => createJobInTransaction(trx, input, policy));
      if (spawned.length > 0) onWorkQueued?.();
      return { snapshot, row };
    },
    async send(jobId, event) {
      const outcome = await db.transaction().execute((trx) => sendInTransaction(trx, jobId, event, policy));
      if (outcome?.spawned.length) onWorkQueued?.();
      return outcome;
    },
  };
}

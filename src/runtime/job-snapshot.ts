import type { SnapshotFrom } from 'xstate';
import { jobMachine } from '../../machines/job.machine';
import type { JobEvent } from '../../machines/job.types';

export type JobSnapshot = SnapshotFrom<typeof jobMachine>;

/** A stored snapshot made usable for `transition()` (raw JSON throws in xstate 5). */
export function restoreJobSnapshot(stored: unknown): JobSnapshot {
  return jobMachine.resolveState(stored as Parameters<typeof jobMachine.resolveState>[0]);
}

/** The JSON to store for a snapshot. */
export function persistJobSnapshot(snapshot: JobSnapshot): unknown {
  return jobMachine.getPersistedSnapshot(snapshot);
}

/** The event's data without its type, as recorded in job_events. */
export function eventPayload(event: JobEvent): Record<string, unknown> {
  const { type: _type, ...payload } = event as { type: string } & Record<string, unknown>;
  return payload;
}

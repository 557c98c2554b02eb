import type { SnapshotFrom, StateValue } from 'xstate';
import type { JobMachine } from './job.machine';

/** The statuses of the spec, plus CANCELLED for the cancel endpoint this service adds. */
export const JOB_STATUSES = [
  'WAITING_FOR_SELECTION',
  'EXTRACTING_PREVIEWS',
  'PREVIEWS_READY',
  'TRACKING_CANDIDATES',
  'WAITING_FOR_TARGET',
  'WAITING_FOR_PLAYER',
  'READY_TO_ENQUEUE',
  'QUEUED',
  'RUNNING',
  'COMPLETED',
  'PARTIAL',
  'FAILED',
  'CANCELLED',
] as const;

export type JobStatus = (typeof JOB_STATUSES)[number];

/** Statuses after which nothing runs until the user retries (or ever, for COMPLETED/CANCELLED). */
export const FINAL_STATUSES: readonly JobStatus[] = ['COMPLETED', 'PARTIAL', 'FAILED', 'CANCELLED'];

type Value = Record<string, StateValue>;

const SELECTION_STATUS: Record<string, JobStatus | undefined> = {
  ready: 'READY_TO_ENQUEUE',
  waitingForTarget: 'WAITING_FOR_TARGET',
  waitingForPlayer: 'WAITING_FOR_PLAYER',
};

/** While the user has chosen nothing, the status follows the background intake. */
function intakeStatus(intake: StateValue): JobStatus {
  const [step, phase] = typeof intake === 'string' ? [intake, undefined] : Object.entries(intake)[0];
  if (step === 'previews') return phase === 'running' ? 'EXTRACTING_PREVIEWS' : 'WAITING_FOR_SELECTION';
  if (step === 'candidates' && phase === 'running') return 'TRACKING_CANDIDATES';
  return 'PREVIEWS_READY';
}

/**
 * The spec's status of a job state value.
 *
 * @example statusOfValue({ analysis: 'running' }) // 'RUNNING'
 */
export function statusOfValue(value: StateValue): JobStatus {
  if (typeof value === 'string') return value.toUpperCase() as JobStatus;
  const v = value as Value;
  if (v.setup) {
    const setup = v.setup as Value;
    return SELECTION_STATUS[setup.selection as string] ?? intakeStatus(setup.intake);
  }
  return v.analysis === 'running' ? 'RUNNING' : 'QUEUED';
}

/** The spec's status of a job snapshot. */
export function statusOf(snapshot: Pick<SnapshotFrom<JobMachine>, 'value'>): JobStatus {
  return statusOfValue(snapshot.value);
}

import type { Candidate, JobError, JobEvent } from '../../machines/job.types';
import { reportDone, reportFailed, reportStarted, reportStepEvent } from '../../src/runtime/work-outcomes';
import { defaultWorkPolicy } from '../../src/runtime/work-policy';
import type { Db, WorkItemRow } from '../../src/store/database';
import { claimWorkItem } from '../../src/store/work-items';

export const TEST_WORKER = 'test-worker';

const SRC_OF: Record<string, string> = { previews: 'extractPreviews', candidates: 'trackCandidates', analysis: 'runAnalysis' };

/**
 * Plays the worker's part by hand, through the runtime's own queue functions, so a test decides
 * when each step starts, reports, ends or fails.
 */
export async function claimStep(db: Db, jobId: string, actorId: string): Promise<WorkItemRow> {
  const item = await claimWorkItem(db, { workerId: TEST_WORKER, leaseSeconds: 600, jobId, srcs: [SRC_OF[actorId]] });
  if (!item) throw new Error(`no ${actorId} work queued for job ${jobId}`);
  await reportStarted(db, item, defaultWorkPolicy);
  return item;
}

export async function completeStep(db: Db, item: WorkItemRow, output: unknown): Promise<boolean> {
  return reportDone(db, TEST_WORKER, item, output, defaultWorkPolicy);
}

export async function failStep(db: Db, item: WorkItemRow, error: JobError): Promise<boolean> {
  return reportFailed(db, TEST_WORKER, item, error, defaultWorkPolicy);
}

export async function publishStep(db: Db, item: WorkItemRow, event: JobEvent): Promise<boolean> {
  return reportStepEvent(db, TEST_WORKER, item, event, defaultWorkPolicy);
}

/** A candidate seen on one preview frame. */
export function candidate(trackId: number, frameKey = 'f000012', frameTimeSec = 0.48): Candidate {
  return {
    track_id: trackId,
    frames: [{ frame_key: frameKey, frame_time_sec: frameTimeSec, bbox: { x: 10, y: 20, w: 30, h: 60 }, score: 0.8 }],
    length: 1,
    mean_score: 0.8,
  };
}

/** Ends the job's intake: previews extracted, then autodetection either finds these tracks or fails. */
export async function finishIntake(db: Db, jobId: string, outcome: { tracks: number[] } | { error: JobError }): Promise<void> {
  await completeStep(db, await claimStep(db, jobId, 'previews'), { previews: [] });
  const tracking = await claimStep(db, jobId, 'candidates');
  if ('tracks' in outcome) await completeStep(db, tracking, { candidates: outcome.tracks.map((t) => candidate(t)) });
  else await failStep(db, tracking, outcome.error);
}

export const NO_DETECTOR = { code: 'MODEL_NOT_CONFIGURED', message: 'no detector model' };

import { acceptedEventTypes } from '../../machines/introspection';
import { jobMachine } from '../../machines/job.machine';
import type { JobError, StepId } from '../../machines/job.types';
import { normalisePlayerRef } from '../../machines/player-ref';
import { statusOf } from '../../machines/status';
import { type StepState, stepStates } from '../../machines/steps';
import type { JobRow, StepProgress } from '../store/database';
import { type JobSnapshot, restoreJobSnapshot } from '../runtime/job-snapshot';

/** The events a client can send, by the name the API gives them. */
const USER_EVENTS = ['SELECT_TRACK', 'SELECT_TARGET', 'ENQUEUE', 'CANCEL', 'RETRY'];

export function acceptedUserEvents(snapshot: JobSnapshot): string[] {
  return acceptedEventTypes(jobMachine, snapshot.value).filter((t) => USER_EVENTS.includes(t));
}

function stepView(state: StepState, progress: StepProgress | undefined) {
  const fraction = state === 'completed' || state === 'partial' ? 1 : state === 'pending' ? 0 : (progress?.fraction ?? 0);
  return { state, fraction, stage: progress?.stage ?? null, updated_at: progress?.updated_at ?? null };
}

export type AutodetectionStatus = 'pending' | 'running' | 'completed' | 'failed';

/** The candidates step as the spec's autodetection block. */
export function autodetectionView(snapshot: JobSnapshot, progress: Record<string, StepProgress>) {
  const state = stepStates(snapshot.value, snapshot.context).candidates;
  const step = stepView(state, progress.candidates);
  if (state === 'stopped') {
    const error: JobError = { code: 'STOPPED', message: 'candidate tracking stopped before it finished' };
    return { status: 'failed' as AutodetectionStatus, progress: step.fraction, error };
  }
  const status: AutodetectionStatus = state === 'partial' ? 'completed' : state;
  return { status, progress: step.fraction, error: snapshot.context.candidatesError };
}

/** The analysis results with a download URL on each artefact. */
function withArtefactUrls(jobId: string, results: Record<string, unknown>) {
  if (!Array.isArray(results.artefacts)) return results;
  const artefacts = results.artefacts.map((a: { name: string }) => ({ ...a, url: `/jobs/${jobId}/results/${a.name}` }));
  return { ...results, artefacts };
}

/**
 * GET /jobs/{job_id}: the job as a client sees it, built from its row (snapshot + progress).
 */
export function jobView(row: JobRow, snapshot: JobSnapshot = restoreJobSnapshot(row.snapshot)) {
  const { context } = snapshot;
  const states = stepStates(snapshot.value, context);
  const steps = Object.fromEntries(
    (Object.keys(states) as StepId[]).map((id) => [id, stepView(states[id], row.progress[id])]),
  ) as Record<StepId, ReturnType<typeof stepView>>;
  const active = (['analysis', 'candidates', 'previews'] as StepId[]).find((id) => states[id] === 'running');
  const { video } = context;
  return {
    ok: true as const,
    job_id: row.id,
    status: statusOf(snapshot),
    version: row.version,
    progress: active ? { step: active, ...steps[active] } : null,
    steps,
    video: {
      duration_sec: video.duration_sec,
      fps: video.fps,
      width: video.width,
      height: video.height,
      codec: video.codec,
      frame_count: video.frame_count,
      has_audio: video.has_audio,
    },
    source: { kind: context.source.kind, filename: context.source.filename },
    options: context.options,
    player_ref: normalisePlayerRef(context.playerRef) ?? context.playerRef,
    target: context.target,
    results: context.results && withArtefactUrls(row.id, context.results),
    error: context.error,
    accepted_events: acceptedUserEvents(snapshot),
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
  };
}

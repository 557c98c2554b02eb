import type { BBox, JobContext, Selection } from './job.types';
import { normalisePlayerRef, type PlayerRef, trackIdOf } from './player-ref';

export interface RuleIssue {
  field: string;
  message: string;
}

export interface SelectionDraft {
  frame_key?: string;
  frame_time_sec?: number;
  bbox: BBox;
}

/**
 * Checks target selections against the job's video and preview plan, and fills in what the
 * plan knows: a selection named by `frame_key` gets that frame's exact time. select-target
 * requires `frame_key`; the legacy endpoints accept `frame_time_sec` alone.
 *
 * @example checkSelections([{ frame_key: 'f000012', bbox }], context, { requireFrameKey: true })
 */
export function checkSelections(
  drafts: SelectionDraft[],
  context: Pick<JobContext, 'video' | 'previewPlan'>,
  options: { requireFrameKey: boolean },
): { selections: Selection[]; issues: RuleIssue[] } {
  const { video, previewPlan } = context;
  const byKey = new Map(previewPlan.map((f) => [f.frame_key, f]));
  const halfFrame = 0.5 / video.fps;
  const issues: RuleIssue[] = [];
  const selections: Selection[] = [];

  drafts.forEach((draft, i) => {
    const at = (field: string) => `selections.${i}.${field}`;
    const before = issues.length;
    let time = draft.frame_time_sec;
    if (draft.frame_key !== undefined) {
      const frame = byKey.get(draft.frame_key);
      if (!frame) {
        issues.push({ field: at('frame_key'), message: `'${draft.frame_key}' is not a preview frame of this job (GET /jobs/{job_id}/previews lists them)` });
      } else if (time !== undefined && Math.abs(time - frame.frame_time_sec) > halfFrame) {
        issues.push({ field: at('frame_time_sec'), message: `${time} does not match ${draft.frame_key}, which is at ${frame.frame_time_sec} s` });
      } else {
        time = frame.frame_time_sec;
      }
    } else if (options.requireFrameKey) {
      issues.push({ field: at('frame_key'), message: 'required: the preview frame the box was drawn on' });
    } else if (time === undefined) {
      issues.push({ field: at('frame_time_sec'), message: 'required when frame_key is not given' });
    } else if (time > video.duration_sec) {
      issues.push({ field: at('frame_time_sec'), message: `${time} is past the end of the video (${video.duration_sec} s)` });
    }
    const { x, y, w, h } = draft.bbox;
    if (x + w > video.width || y + h > video.height) {
      issues.push({ field: at('bbox'), message: `box ${x},${y},${w},${h} leaves the ${video.width}x${video.height} frame` });
    }
    if (issues.length === before && time !== undefined) {
      selections.push({ ...(draft.frame_key ? { frame_key: draft.frame_key } : {}), frame_time_sec: time, bbox: { x, y, w, h } });
    }
  });
  return { selections, issues };
}

/** Where candidate autodetection stands: still finding tracks, or finished (found some, none, or failed). */
export type Autodetection = 'working' | 'done';

/**
 * Whether a player reference may be selected. It must name a track. While autodetection works
 * that track must be one it has found so far — a user can pick a candidate before later previews
 * are tracked, never one that does not exist yet. Once autodetection is done (or has failed), any
 * track id is accepted: it may be a player the candidates missed, and the target's boxes identify
 * him; `isKnownCandidate` tells the client which case it is.
 *
 * @example checkPlayerRef(3, { candidates: [{ track_id: 3, ... }], candidatesError: null }, 'working') // null
 */
export function checkPlayerRef(
  value: unknown,
  context: Pick<JobContext, 'candidates' | 'candidatesError'>,
  autodetection: Autodetection,
): RuleIssue | null {
  const ref = normalisePlayerRef(value);
  if (ref === null) {
    return { field: 'player_ref', message: `${JSON.stringify(value)} names no track; use 3, "3", "track_3" or {"track_id": 3}` };
  }
  if (autodetection === 'done' || context.candidatesError !== null || isKnownCandidate(ref, context)) return null;
  const known = context.candidates ?? [];
  const message =
    known.length === 0
      ? `track ${trackIdOf(ref)} is not a candidate: autodetection has found none yet (GET /jobs/{job_id}/candidates); once it is done any track id is accepted`
      : `track ${trackIdOf(ref)} is not a candidate of this job (known so far: ${known.map((c) => c.track_id).join(', ')}); once autodetection is done any track id is accepted`;
  return { field: 'player_ref', message };
}

/** Whether a player reference names one of the candidates found. @example isKnownCandidate('track_3', context) */
export function isKnownCandidate(ref: PlayerRef, context: Pick<JobContext, 'candidates'>): boolean {
  return (context.candidates ?? []).some((c) => c.track_id === trackIdOf(ref));
}

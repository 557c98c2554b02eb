import type { PreviewFrame } from '../../../machines/job.types';

/** A stretch of video tracked in one pass; the previews inside it are linked by motion. */
export interface TrackingSegment {
  startSec: number;
  endSec: number;
  previews: PreviewFrame[];
}

export interface SegmentPlanOptions {
  /** Video tracked before the first and after the last preview of a segment. */
  marginSec: number;
  /** Previews closer than this are tracked together, through the video between them. */
  bridgeSec: number;
  durationSec: number;
}

/**
 * Groups previews (in time order) into segments: consecutive previews at most `bridgeSec` apart
 * share one, so their players are linked by continuous tracking; a longer gap starts a new
 * segment, and linking across it falls to appearance (see CandidateLinker).
 *
 * @example planSegments(previews, { marginSec: 0.5, bridgeSec: 2, durationSec: 26 })
 */
export function planSegments(previews: readonly PreviewFrame[], options: SegmentPlanOptions): TrackingSegment[] {
  const sorted = [...previews].sort((a, b) => a.frame_time_sec - b.frame_time_sec);
  const groups: PreviewFrame[][] = [];
  for (const preview of sorted) {
    const last = groups.at(-1);
    if (last && preview.frame_time_sec - last[last.length - 1].frame_time_sec <= options.bridgeSec) last.push(preview);
    else groups.push([preview]);
  }
  return groups.map((group) => ({
    startSec: Math.max(0, group[0].frame_time_sec - options.marginSec),
    endSec: Math.min(options.durationSec, group[group.length - 1].frame_time_sec + options.marginSec),
    previews: group,
  }));
}

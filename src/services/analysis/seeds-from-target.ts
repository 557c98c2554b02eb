import type { Candidate, Target } from '../../../machines/job.types';
import { trackIdOf, type PlayerRef } from '../../../machines/player-ref';
import type { FollowSeed } from '../../vision/follow/follow-types';

/**
 * The follow engine's seeds: each confirmed target box and the chosen candidate's boxes on the
 * other previews (unless a target box was drawn on the same frame: the user's box wins). How the
 * player looks in them is taken by the engine from the frames its pass decodes anyway.
 *
 * @example const seeds = seedsFromTarget(target, { fps: 25, playerRef: 'track_3', candidates })
 */
export function seedsFromTarget(target: Target, options: { fps: number; playerRef: string; candidates: Candidate[] | null }): FollowSeed[] {
  const boxes = target.selections.map((s) => ({ timeSec: s.frame_time_sec, bbox: s.bbox }));
  const chosen = options.candidates?.find((c) => c.track_id === trackIdOf(options.playerRef as PlayerRef));
  const halfFrame = 0.5 / options.fps;
  for (const frame of chosen?.frames ?? []) {
    if (!boxes.some((b) => Math.abs(b.timeSec - frame.frame_time_sec) < halfFrame)) {
      boxes.push({ timeSec: frame.frame_time_sec, bbox: frame.bbox });
    }
  }
  return boxes.sort((a, b) => a.timeSec - b.timeSec);
}

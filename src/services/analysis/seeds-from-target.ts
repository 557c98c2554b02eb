import type { Candidate, Target } from '../../../machines/job.types';
import { trackIdOf, type PlayerRef } from '../../../machines/player-ref';
import { decodeFrames } from '../../media/decode-frames';
import type { FfmpegBinaries } from '../../media/ffmpeg-binaries';
import type { ReidEmbedder } from '../../vision/appearance/reid-embedder';
import type { FollowSeed } from '../../vision/follow/follow-types';

/**
 * The follower's seeds: each confirmed target box and the chosen candidate's boxes on the other
 * previews (unless a target box was drawn on the same frame: the user's box wins). With a
 * re-identification model each also gets the player's embedding, measured on that very frame.
 *
 * @example const seeds = await seedsFromTarget(source, target, { binaries, fps: 25, playerRef: 'track_3', candidates })
 */
export async function seedsFromTarget(
  source: string,
  target: Target,
  options: { binaries: FfmpegBinaries; fps: number; playerRef: string; candidates: Candidate[] | null; reid?: ReidEmbedder; signal?: AbortSignal },
): Promise<FollowSeed[]> {
  const boxes = target.selections.map((s) => ({ timeSec: s.frame_time_sec, bbox: s.bbox }));
  const chosen = options.candidates?.find((c) => c.track_id === trackIdOf(options.playerRef as PlayerRef));
  const halfFrame = 0.5 / options.fps;
  for (const frame of chosen?.frames ?? []) {
    if (!boxes.some((b) => Math.abs(b.timeSec - frame.frame_time_sec) < halfFrame)) {
      boxes.push({ timeSec: frame.frame_time_sec, bbox: frame.bbox });
    }
  }
  const sorted = boxes.sort((a, b) => a.timeSec - b.timeSec);
  // The follow engine needs only where he is; the online follower also how he looks there.
  if (!options.reid) return sorted;
  const seeds: FollowSeed[] = [];
  for (const box of sorted) {
    let appearance: Float32Array | undefined;
    for await (const frame of decodeFrames(source, {
      binaries: options.binaries,
      startSec: Math.max(0, box.timeSec - halfFrame),
      durationSec: 2 * halfFrame,
      signal: options.signal,
    })) {
      appearance = (await options.reid.embed(frame, [box.bbox]))[0];
      break;
    }
    // A frame that cannot be decoded still gives the follower its position.
    seeds.push(appearance ? { ...box, appearance } : box);
  }
  return seeds;
}

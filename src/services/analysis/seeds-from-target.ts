import type { Candidate, Target } from '../../../machines/job.types';
import { trackIdOf, type PlayerRef } from '../../../machines/player-ref';
import { decodeFrames } from '../../media/decode-frames';
import type { FfmpegBinaries } from '../../media/ffmpeg-binaries';
import type { ReidEmbedder } from '../../vision/appearance/reid-embedder';
import { torsoHistogram } from '../../vision/appearance/torso-histogram';
import type { FollowSeed } from '../../vision/follow/follow-types';

/**
 * The follower's seeds: each confirmed target box, with the player's appearance (torso colours,
 * or the re-identification embedding when a model is given) measured on that very frame. The chosen candidate's boxes on other previews are added as seeds too, unless
 * a target box was drawn on the same frame (the user's box wins).
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
  const seeds: FollowSeed[] = [];
  for (const box of boxes.sort((a, b) => a.timeSec - b.timeSec)) {
    let appearance: Float32Array | undefined;
    for await (const frame of decodeFrames(source, {
      binaries: options.binaries,
      startSec: Math.max(0, box.timeSec - halfFrame),
      durationSec: 2 * halfFrame,
      signal: options.signal,
    })) {
      appearance = options.reid ? (await options.reid.embed(frame, [box.bbox]))[0] : torsoHistogram(frame, box.bbox);
      break;
    }
    // A frame that cannot be decoded still gives the follower its position.
    seeds.push(appearance ? { ...box, appearance } : box);
  }
  return seeds;
}

import type { TrajectoryPoint } from '../../analysis/trajectory';
import { decodeFrames } from '../../media/decode-frames';
import type { FfmpegBinaries } from '../../media/ffmpeg-binaries';
import { isMediaError } from '../../media/media-error';
import { readAhead } from '../../media/read-ahead';
import { torsoHistogram } from '../../vision/appearance/torso-histogram';
import { decodeWidthFor } from '../../vision/detection/decode-width';
import type { PersonDetector } from '../../vision/detection/person-detector';
import type { DetectOptions } from '../../vision/detection/types';
import type { FollowFrame, FollowSeed } from '../../vision/follow/follow-types';
import { PlayerFollower, type PlayerFollowerOptions } from '../../vision/follow/player-follower';

export interface FollowThroughVideoOptions {
  source: string;
  binaries: FfmpegBinaries;
  detector: PersonDetector;
  detectOptions: DetectOptions;
  /** Analysis frame rate (frames/s); the video's own rate when higher than it. */
  fps: number;
  video: { fps: number; width: number; height: number; duration_sec: number };
  seeds: FollowSeed[];
  signal?: AbortSignal;
  /** Fraction of the video analysed so far. */
  onProgress?: (fraction: number) => void;
}

export interface FollowedVideo {
  points: TrajectoryPoint[];
  /** Set when decoding broke before the end: the trajectory covers the start only. */
  endedEarly: { analysed_until_sec: number; duration_sec: number; reason: string } | null;
}

/**
 * One pass over the whole video at the analysis rate: each frame is decoded (streamed, the next
 * one read while the detector works), its people detected, their torso colours measured, and the
 * follower told. Frames before the first seed (the user's earliest box) are also kept as
 * detections only, and followed backwards from that seed once the pass is over, so the player is
 * followed from the start of the video, not from where the user happened to point at them.
 * Memory: a frame or two, the detections before the first seed, and the trajectory.
 * A decode that breaks halfway keeps what was analysed (`endedEarly`); one that yields nothing throws.
 *
 * @example const { points } = await followThroughVideo({ source, binaries, detector, detectOptions, fps: 10, video, seeds })
 */
export async function followThroughVideo(options: FollowThroughVideoOptions): Promise<FollowedVideo> {
  const { video, detector } = options;
  const fps = Math.min(options.fps, video.fps);
  const setup = { frameRate: video.fps, frameWidth: video.width, frameHeight: video.height, ...FOLLOWER_TUNING };
  const follower = new PlayerFollower({ ...setup, seeds: options.seeds });
  const firstSeed = Math.min(...options.seeds.map((seed) => seed.timeSec));
  const beforeSeed: FollowFrame[] = [];
  const { width, toSource } = decodeWidthFor(detector, options.detectOptions, video.width);
  const frames = decodeFrames(options.source, {
    binaries: options.binaries,
    fps,
    ...(width ? { width } : {}),
    threads: 1,
    signal: options.signal,
  });
  let index = 0;
  let lastTime = 0;
  let endedEarly: FollowedVideo['endedEarly'] = null;
  try {
    for await (const frame of readAhead(frames)) {
      const detections = await detector.detect(frame, options.detectOptions);
      const followFrame = {
        index,
        timeSec: frame.time_sec,
        detections: detections.map((d) => ({
          x: d.x * toSource,
          y: d.y * toSource,
          w: d.w * toSource,
          h: d.h * toSource,
          score: d.score,
          appearance: torsoHistogram(frame, d),
        })),
      };
      follower.push(followFrame);
      if (frame.time_sec <= firstSeed + 0.5 / fps) beforeSeed.push(followFrame);
      index += 1;
      lastTime = frame.time_sec;
      options.onProgress?.(Math.min(1, frame.time_sec / video.duration_sec));
    }
  } catch (error) {
    if (!isMediaError(error, 'DECODE_FAILED') || index === 0) throw error;
    endedEarly = { analysed_until_sec: lastTime, duration_sec: video.duration_sec, reason: error.message };
  }
  const forward = follower.finish();
  const backward = followBackwards(beforeSeed, options.seeds, setup);
  return { points: forward.map((point) => backward.get(point.index) ?? point), endedEarly };
}

/**
 * Torso histograms are compared as distributions, and they tell kits apart, not people: they help
 * choose (an opponent is never taken for the player) but never make the follower sure on their own.
 */
const FOLLOWER_TUNING: Partial<PlayerFollowerOptions> = { appearanceMetric: 'bhattacharyya', appearanceIdentifies: false };

/**
 * Follows the player from the first seed back to the start: the same follower on the frames in
 * reverse order, time negated (motion models are symmetric in time). Returns the points of the
 * frames strictly before the seed, by frame index.
 */
function followBackwards(
  frames: FollowFrame[],
  seeds: readonly FollowSeed[],
  setup: Omit<PlayerFollowerOptions, 'seeds'>,
): Map<number, FollowedVideo['points'][number]> {
  const first = seeds.reduce((a, b) => (b.timeSec < a.timeSec ? b : a));
  const seedFrame = frames.findLast((f) => f.timeSec <= first.timeSec + 1e-6) ?? frames.at(-1);
  const before = frames.filter((f) => f.timeSec < (seedFrame?.timeSec ?? first.timeSec));
  const out = new Map<number, FollowedVideo['points'][number]>();
  if (!seedFrame || before.length === 0) return out;
  const follower = new PlayerFollower({ ...setup, seeds: [{ ...first, timeSec: -seedFrame.timeSec }] });
  for (const frame of [seedFrame, ...before.reverse()]) follower.push({ ...frame, timeSec: -frame.timeSec });
  for (const point of follower.finish()) {
    if (point.index !== seedFrame.index) out.set(point.index, { ...point, time_sec: -point.time_sec });
  }
  return out;
}

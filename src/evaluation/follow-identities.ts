import type { TrajectoryPoint } from '../analysis/trajectory';
import type { ByteTrackerConfig } from '../vision/tracking/byte-tracker-config';
import type { MotBenchmark } from './evaluation-data';
import { groupByFrame, type MotDetectionRow, type MotGroundTruthRow } from './mot-challenge-format';
import type { SeqInfo } from './seqinfo';
import { motFrameTime, motSeed } from './follow-mot-sequence';
import { evaluatedPedestrians, followTargets, scoreFollowing, type FollowScore, type FollowTarget } from './follow-score';
import type { FollowFrame, FollowSeed } from '../vision/follow/follow-types';
import { OFFLINE_TRACKER } from '../vision/follow/follow-offline';
import { DEFAULT_LINK_SETTINGS, linkTarget, type LookComparison, type TimelineFrame } from '../vision/follow/link-target';
import { type Tracklet, TrackletRecorder } from '../vision/follow/tracklets';

/** One sequence's public detections and full ground truth. */
export interface SequenceInput {
  detections: readonly MotDetectionRow[];
  gt: readonly MotGroundTruthRow[];
  info: SeqInfo;
  benchmark: MotBenchmark;
}

/** What every follower of a sequence shares: pass 1 is the same whoever is followed. */
export interface SequencePass {
  frames: TimelineFrame[];
  tracklets: Tracklet[];
  /** How looks compare, when the pass recorded them (a pass over pictures). */
  compare?: LookComparison;
  /** The look of each seed box, by seedKey (a pass over pictures describes them as it goes). */
  seedLooks?: ReadonlyMap<string, Float32Array>;
}

/** A seed box to follow an identity from: the 1-based frame and the ground-truth box there. */
export interface IdentitySeed {
  frame: number;
  box: FollowSeed['bbox'];
}

/** The key of a seed in SequencePass.seedLooks. */
export const seedKey = (seed: IdentitySeed) => `${seed.frame}:${seed.box.x},${seed.box.y},${seed.box.w},${seed.box.h}`;

/** Follows one player from his seed over the whole sequence. */
export type SequenceFollower = (pass: SequencePass, seed: FollowSeed) => TrajectoryPoint[];

/** The follow engine, and the baseline it must beat: keeping the seed's tracker id (its tracklet, nothing linked). */
export const ENGINE_AND_BASELINE: Record<'engine' | 'trackerId', SequenceFollower> = {
  engine: (pass, seed) => linkTarget(pass.tracklets, pass.frames, [seed], DEFAULT_LINK_SETTINGS, pass.compare),
  trackerId: (pass, seed) => linkTarget(pass.tracklets, pass.frames, [seed], { ...DEFAULT_LINK_SETTINGS, maxGapSec: 0, interpolateSec: 0 }),
};

/**
 * The image-free evaluation of the follow engine on one sequence, as the follow issue defines it:
 * every evaluated pedestrian living ≥ `minLifeFrames` frames is seeded on his most visible box
 * (MOT17's visibility column; mid-life where a sequence has none), followed forwards and backwards
 * over every frame of the sequence, and scored over his whole life — before the seed too — at
 * IoU ≥ 0.5. Only claimed boxes count (`observed`, `interpolated`); `uncertain` is not the player.
 *
 * @example const scores = evaluateIdentities(input, { offline: (pass, seed) => linkTarget(pass.tracklets, pass.frames, [seed]) })
 */
export function evaluateIdentities(
  input: SequenceInput,
  followers: Record<string, SequenceFollower>,
  options: { minLifeFrames?: number; tracker?: Partial<ByteTrackerConfig>; pass?: SequencePass } = {},
): Record<string, FollowScore[]> {
  const { info } = input;
  const pass = options.pass ?? firstPass(input, options.tracker);
  const pedestrians = evaluatedPedestrians(input.gt, input.benchmark);
  const pedestriansByFrame = groupByFrame(pedestrians, info.seqLength);
  const out: Record<string, FollowScore[]> = Object.fromEntries(Object.keys(followers).map((name) => [name, []]));
  for (const { target, seed: identitySeed } of identitySeeds(input, options.minLifeFrames)) {
    const look = pass.seedLooks?.get(seedKey(identitySeed));
    const seed = { ...motSeed(identitySeed.frame, identitySeed.box, info.frameRate), ...(look ? { appearance: look } : {}) };
    for (const [name, follow] of Object.entries(followers)) {
      const points = follow(pass, seed)
        .map((p, i) => ({ ...claimedOnly(p), frame: i + 1 }))
        .filter((p) => p.frame >= target.firstFrame && p.frame <= target.lastFrame);
      out[name].push(scoreFollowing(points, target, pedestriansByFrame));
    }
  }
  return out;
}

/**
 * The identities the evaluation follows and the seed of each: every evaluated pedestrian living
 * ≥ `minLifeFrames` frames, seeded on his most visible box (MOT17's visibility column; mid-life
 * where a sequence has none).
 *
 * @example identitySeeds(input, 100).map((s) => s.seed.frame)
 */
export function identitySeeds(input: Omit<SequenceInput, 'detections'>, minLifeFrames = 100): Array<{ target: FollowTarget; seed: IdentitySeed }> {
  const pedestrians = evaluatedPedestrians(input.gt, input.benchmark);
  const visibility = new Map(pedestrians.map((r) => [`${r.id}:${r.frame}`, r.visibility]));
  return followTargets(pedestrians, minLifeFrames).map((target) => {
    const frame = seedFrameOf(target, input.benchmark === 'MOT15' ? undefined : visibility);
    return { target, seed: { frame, box: target.boxes.get(frame)! } };
  });
}

/** Pass 1 of the engine over every frame of the sequence (frame n is timeline index n − 1). */
function firstPass(input: SequenceInput, tracker: Partial<ByteTrackerConfig> = {}): SequencePass {
  const { info } = input;
  const byFrame = groupByFrame(input.detections, info.seqLength);
  const recorder = new TrackletRecorder({ ...OFFLINE_TRACKER, ...tracker, frameRate: info.frameRate });
  const frames: TimelineFrame[] = [];
  for (let frame = 1; frame <= info.seqLength; frame++) {
    const followFrame: FollowFrame = {
      index: frame - 1,
      timeSec: motFrameTime(frame, info.frameRate),
      detections: (byFrame[frame] ?? []).map((r) => ({ ...r.bbox, score: r.score })),
    };
    void recorder.push(followFrame); // without a picture, push is synchronous
    frames.push({ index: followFrame.index, timeSec: followFrame.timeSec });
  }
  return { frames, tracklets: recorder.finish() };
}

/** His most visible frame (the earliest of equals); the middle of his life without visibilities. */
function seedFrameOf(target: FollowTarget, visibility: ReadonlyMap<string, number> | undefined): number {
  const frames = [...target.boxes.keys()].sort((a, b) => a - b);
  if (!visibility) return frames[Math.floor(frames.length / 2)];
  let best = frames[0];
  for (const f of frames) if ((visibility.get(`${target.id}:${f}`) ?? 0) > (visibility.get(`${target.id}:${best}`) ?? 0)) best = f;
  return best;
}

function claimedOnly(p: TrajectoryPoint): TrajectoryPoint {
  return p.state === 'uncertain' ? { ...p, bbox: null, state: 'missing' } : p;
}

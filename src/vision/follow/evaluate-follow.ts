import type { MotBenchmark } from '../evaluation/evaluation-data';
import { groupByFrame, type MotDetectionRow, type MotGroundTruthRow } from '../evaluation/mot-challenge-format';
import type { SeqInfo } from '../evaluation/seqinfo';
import { followMotSequence, motSeed, type FrameFollower } from './follow-mot-sequence';
import { evaluatedPedestrians, followTargets, scoreFollowing, type FollowScore } from './follow-score';
import type { FollowSeed } from './follow-types';

/** Builds a fresh follower for one run. */
export type FollowerFactory = (setup: { frameRate: number; frameWidth: number; frameHeight: number; seeds: FollowSeed[] }) => FrameFollower;

/** One sequence's public detections and full ground truth. */
export interface FollowEvaluationInput {
  detections: readonly MotDetectionRow[];
  gt: readonly MotGroundTruthRow[];
  info: SeqInfo;
  benchmark: MotBenchmark;
}

/** Options of {@link evaluateFollowerOnSequence}. */
export interface FollowEvaluationOptions {
  /** Analyse every n-th frame of each identity's life, from its first frame (1 = all). */
  frameStep: number;
  /** Only identities living at least this many frames (default 100). */
  minLifeFrames?: number;
  /** Only these ground-truth ids (default: all that qualify). */
  ids?: readonly number[];
}

/**
 * The image-free follower benchmark on one sequence: for every evaluated pedestrian living at
 * least `minLifeFrames` frames, seed a fresh follower with its ground-truth box on its first frame,
 * run it over its life (first to last frame, every `frameStep`-th frame) and score the output
 * against that identity (see `scoreFollowing`).
 *
 * @example evaluateFollowerOnSequence(input, (setup) => new PlayerFollower(setup), { frameStep: 3 })
 */
export function evaluateFollowerOnSequence(input: FollowEvaluationInput, makeFollower: FollowerFactory, options: FollowEvaluationOptions): FollowScore[] {
  const { info } = input;
  const pedestrians = evaluatedPedestrians(input.gt, input.benchmark);
  const pedestriansByFrame = groupByFrame(pedestrians, info.seqLength);
  const detectionsByFrame = groupByFrame(input.detections, info.seqLength);
  let targets = followTargets(pedestrians, options.minLifeFrames ?? 100);
  if (options.ids !== undefined) {
    const wanted = new Set(options.ids);
    targets = targets.filter((t) => wanted.has(t.id));
  }
  return targets.map((target) => {
    const seedBox = target.boxes.get(target.firstFrame);
    if (seedBox === undefined) throw new Error(`identity ${target.id} has no box on its first frame`);
    const follower = makeFollower({
      frameRate: info.frameRate,
      frameWidth: info.imWidth,
      frameHeight: info.imHeight,
      seeds: [motSeed(target.firstFrame, seedBox, info.frameRate)],
    });
    const points = followMotSequence(detectionsByFrame, follower, {
      frameRate: info.frameRate,
      firstFrame: target.firstFrame,
      lastFrame: Math.min(target.lastFrame, info.seqLength),
      frameStep: options.frameStep,
    });
    return scoreFollowing(points, target, pedestriansByFrame);
  });
}

import type { Box, TrajectoryState } from '../analysis/trajectory';
import type { MotBenchmark } from './evaluation-data';
import type { MotGroundTruthRow } from './mot-challenge-format';
import { iou } from '../vision/tracking/box';
import type { MotTrajectoryPoint } from './follow-mot-sequence';

/** A ground-truth identity to follow: its boxes by frame over its life. */
export interface FollowTarget {
  id: number;
  firstFrame: number;
  lastFrame: number;
  boxes: ReadonlyMap<number, Box>;
}

/** Per-state counts of the boxes a follower output: how many, and how many were right. */
export type StateCounts = Record<Exclude<TrajectoryState, 'missing'>, { boxes: number; tp: number }>;

/** How well one identity was followed over the analysed frames of its life. */
export interface FollowScore {
  id: number;
  /** Analysed frames scored. */
  frames: number;
  /** Output box matching the target's ground truth (IoU ≥ 0.5). */
  tp: number;
  /** Output box not matching it (wrong person, poor box, or target absent). */
  fp: number;
  /** Target present but no matching output box. */
  fn: number;
  /** Times the ground-truth identity under the output box changed (frames without a match ignored). */
  identityChanges: number;
  byState: StateCounts;
}

const MATCH_IOU = 0.5;

/**
 * The ground truth the MOTChallenge rules evaluate: consider flag ≠ 0 and, for MOT17, class 1
 * (pedestrian) — the same rule as `prepareEvaluationData`.
 *
 * @example evaluatedPedestrians(gtRows, 'MOT17')
 */
export function evaluatedPedestrians(gt: readonly MotGroundTruthRow[], benchmark: MotBenchmark): MotGroundTruthRow[] {
  return gt.filter((r) => r.consider !== 0 && (benchmark === 'MOT15' || r.classId === 1));
}

/**
 * Identities (of already filtered ground truth) whose life, first to last frame, spans at least
 * `minLifeFrames` frames, in ascending id order.
 *
 * @example followTargets(evaluatedPedestrians(gt, 'MOT17'), 100).length
 */
export function followTargets(pedestrians: readonly MotGroundTruthRow[], minLifeFrames: number): FollowTarget[] {
  const byId = new Map<number, Map<number, Box>>();
  for (const r of pedestrians) {
    let boxes = byId.get(r.id);
    if (boxes === undefined) byId.set(r.id, (boxes = new Map()));
    boxes.set(r.frame, r.bbox);
  }
  const targets: FollowTarget[] = [];
  for (const [id, boxes] of [...byId].sort((a, b) => a[0] - b[0])) {
    const frames = [...boxes.keys()];
    const firstFrame = Math.min(...frames);
    const lastFrame = Math.max(...frames);
    if (lastFrame - firstFrame + 1 >= minLifeFrames) targets.push({ id, firstFrame, lastFrame, boxes });
  }
  return targets;
}

/**
 * Scores a followed trajectory against one identity, frame by frame: IoU ≥ 0.5 with the target's
 * box is a TP; any other output box is an FP; a target box without a matching output is an FN.
 * Identity changes: per frame, the evaluated person (`pedestriansByFrame`, grouped by frame) best
 * matching the output box at IoU ≥ 0.5; each change of that person counts.
 *
 * @example scoreFollowing(points, target, groupByFrame(evaluatedPedestrians(gt, 'MOT17'), 525))
 */
export function scoreFollowing(
  points: readonly MotTrajectoryPoint[],
  target: FollowTarget,
  pedestriansByFrame: readonly (readonly MotGroundTruthRow[])[],
): FollowScore {
  const byState: StateCounts = { observed: { boxes: 0, tp: 0 }, interpolated: { boxes: 0, tp: 0 }, uncertain: { boxes: 0, tp: 0 } };
  const score: FollowScore = { id: target.id, frames: points.length, tp: 0, fp: 0, fn: 0, identityChanges: 0, byState };
  let lastIdentity: number | null = null;
  for (const p of points) {
    const truth = target.boxes.get(p.frame);
    const box = p.state === 'missing' ? null : p.bbox;
    const hit = box !== null && truth !== undefined && iou(box, truth) >= MATCH_IOU;
    if (hit) score.tp += 1;
    else {
      if (box !== null) score.fp += 1;
      if (truth !== undefined) score.fn += 1;
    }
    if (box === null || p.state === 'missing') continue;
    const counts = byState[p.state];
    counts.boxes += 1;
    if (hit) counts.tp += 1;
    const identity = bestMatchingIdentity(box, pedestriansByFrame[p.frame] ?? []);
    if (identity !== null) {
      if (lastIdentity !== null && identity !== lastIdentity) score.identityChanges += 1;
      lastIdentity = identity;
    }
  }
  return score;
}

function bestMatchingIdentity(box: Box, people: readonly MotGroundTruthRow[]): number | null {
  let best: number | null = null;
  let bestIou = MATCH_IOU;
  for (const r of people) {
    const v = iou(box, r.bbox);
    if (v >= bestIou) {
      best = r.id;
      bestIou = v;
    }
  }
  return best;
}

/**
 * Precision, recall and F1 of TP/FP/FN counts (0 when undefined).
 *
 * @example precisionRecallF1({ tp: 8, fp: 2, fn: 2 }) // { precision: 0.8, recall: 0.8, f1: 0.8 }
 */
export function precisionRecallF1(c: { tp: number; fp: number; fn: number }): { precision: number; recall: number; f1: number } {
  const precision = c.tp + c.fp > 0 ? c.tp / (c.tp + c.fp) : 0;
  const recall = c.tp + c.fn > 0 ? c.tp / (c.tp + c.fn) : 0;
  const f1 = 2 * c.tp + c.fp + c.fn > 0 ? (2 * c.tp) / (2 * c.tp + c.fp + c.fn) : 0;
  return { precision, recall, f1 };
}

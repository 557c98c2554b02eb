import type { Box } from '../tracking/box';
import type { AppearanceModel } from './appearance-model';
import type { FollowDetection } from './follow-types';

/** One detection of the current frame seen as a possible target. */
export interface FollowCandidate {
  /** Index in the frame's detections. */
  index: number;
  box: Box;
  score: number;
  /** Confirmed tracker id that took this detection in this frame, null if none did. */
  trackId: number | null;
  /** Centre distance to where the target should be if it kept going, sideways in predicted box widths and vertically in heights. */
  distance: number;
  /** |ln(height / predicted height)|. */
  sizeChange: number;
  /** 1 at the predicted centre, 0 at the gate's edge, negative outside. */
  motion: number;
  /** Inside the motion gate (distance and size). */
  inGate: boolean;
  /** Within the gate radius of where the target was last seen: fits a target that stopped (only appearance may confirm that). */
  nearLastSeen: boolean;
  /** Similarity to the target's appearance model; null without appearance vectors. */
  similarity: number | null;
  appearance?: Float32Array;
}

/** The motion gate: where the target should be, a radius in box sizes (see `FollowCandidate.distance`) and one for the log height ratio. */
export interface MotionGate {
  /** Where the target is if it kept going. */
  predicted: Box;
  /** Where it is if it stopped when last seen (omit when unknown). */
  stopped?: Box;
  radius: number;
  sizeRadius: number;
}

/**
 * Describes every usable detection (positive size, score above `minScore`) relative to the
 * predicted target and its appearance model.
 *
 * @example describeCandidates(frame.detections, trackOf, { predicted, radius: 0.8, sizeRadius: 0.4 }, model, 0.1)
 */
export function describeCandidates(
  detections: readonly FollowDetection[],
  trackOfDetection: ReadonlyMap<number, number>,
  gate: MotionGate,
  model: AppearanceModel,
  minScore: number,
): FollowCandidate[] {
  const p = gate.predicted;
  const out: FollowCandidate[] = [];
  detections.forEach((d, index) => {
    if (!(d.w > 0 && d.h > 0) || !Number.isFinite(d.x) || !Number.isFinite(d.y) || !(d.score > minScore)) return;
    const distance = centreDistance(d, p);
    const sizeChange = Math.abs(Math.log(d.h / p.h));
    const sizeOk = sizeChange <= gate.sizeRadius;
    out.push({
      index,
      box: { x: d.x, y: d.y, w: d.w, h: d.h },
      score: d.score,
      trackId: trackOfDetection.get(index) ?? null,
      distance,
      sizeChange,
      motion: 1 - distance / gate.radius,
      inGate: distance <= gate.radius && sizeOk,
      nearLastSeen: gate.stopped !== undefined && centreDistance(d, gate.stopped) <= gate.radius && sizeOk,
      similarity: model.similarity(d.appearance),
      appearance: d.appearance,
    });
  });
  return out;
}

/**
 * Centre distance from `reference` to `box`, sideways in reference widths and vertically in heights.
 *
 * @example centreDistance({ x: 10, y: 0, w: 10, h: 20 }, { x: 0, y: 0, w: 10, h: 20 }) // 1
 */
export function centreDistance(box: Box, reference: Box): number {
  return Math.hypot((box.x + box.w / 2 - (reference.x + reference.w / 2)) / reference.w, (box.y + box.h / 2 - (reference.y + reference.h / 2)) / reference.h);
}

/** The best of a ranked list with its lead over the runner-up (Infinity when alone). */
export interface Ranked<T> {
  best: T;
  lead: number;
}

/**
 * The highest-valued item and how far ahead of the second it is; null for an empty list. Ties
 * keep the earlier item, so the result only depends on the input order.
 *
 * @example rankBest(candidates, (c) => c.motion) // { best, lead: 0.4 }
 */
export function rankBest<T>(items: readonly T[], value: (item: T) => number): Ranked<T> | null {
  let best: T | null = null;
  let first = -Infinity;
  let second = -Infinity;
  for (const item of items) {
    const v = value(item);
    if (best === null || v > first) {
      second = first;
      first = v;
      best = item;
    } else if (v > second) {
      second = v;
    }
  }
  return best === null ? null : { best, lead: first - second };
}

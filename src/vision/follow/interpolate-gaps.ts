import type { Box, TrajectoryPoint } from '../../analysis/trajectory';

/** When a gap may be bridged: its length and the motion the player could plausibly have made. */
export interface GapLimits {
  /** Longest gap bridged, in seconds between the two observations around it. */
  maxGapSec: number;
  /** Fastest plausible motion, in box heights per second (centre displacement over the gap; a sprinter covers about 4). */
  maxSpeed: number;
  /** Largest |ln(height ratio)| across the gap: `sizeBase + sizePerSec · gap seconds`. */
  sizeBase: number;
  sizePerSec: number;
}

/** An interpolated box is trusted less than the observations around it. */
const INTERPOLATED_CONFIDENCE_FACTOR = 0.7;
/** Float slack when comparing a gap with the limit (timestamps are computed, e.g. frame / 29.97). */
const TIME_EPSILON = 1e-6;

/**
 * Fills runs of `missing` points lying between two `observed` points with boxes interpolated
 * linearly in time (state `interpolated`), when the run is at most `maxGapSec` long and the two
 * observations are consistent in motion. Longer or implausible gaps stay `missing`. Returns a new
 * array; the input is not modified.
 *
 * @example interpolateShortGaps(points, { maxGapSec: 0.5, maxSpeed: 5, sizeBase: 0.34, sizePerSec: 0.2 })
 */
export function interpolateShortGaps(points: readonly TrajectoryPoint[], limits: GapLimits): TrajectoryPoint[] {
  const out = points.map((p) => ({ ...p }));
  let lastObserved = -1;
  for (let i = 0; i < out.length; i++) {
    const p = out[i];
    if (p.state === 'missing') continue;
    if (p.state === 'observed' && lastObserved >= 0 && i - lastObserved > 1 && allMissing(out, lastObserved + 1, i)) {
      fill(out, lastObserved, i, limits);
    }
    lastObserved = p.state === 'observed' ? i : -1;
  }
  return out;
}

function allMissing(points: readonly TrajectoryPoint[], from: number, to: number): boolean {
  for (let k = from; k < to; k++) if (points[k].state !== 'missing') return false;
  return true;
}

function fill(points: TrajectoryPoint[], from: number, to: number, limits: GapLimits): void {
  const a = points[from];
  const b = points[to];
  const boxA = a.bbox as Box;
  const boxB = b.bbox as Box;
  const gap = b.time_sec - a.time_sec;
  if (!(gap > 0) || gap > limits.maxGapSec + TIME_EPSILON) return;
  const h = (boxA.h + boxB.h) / 2;
  const move = Math.hypot(boxB.x + boxB.w / 2 - (boxA.x + boxA.w / 2), boxB.y + boxB.h / 2 - (boxA.y + boxA.h / 2)) / h;
  if (move > limits.maxSpeed * gap) return;
  if (Math.abs(Math.log(boxB.h / boxA.h)) > limits.sizeBase + limits.sizePerSec * gap) return;
  const confidence = Math.min(a.confidence, b.confidence) * INTERPOLATED_CONFIDENCE_FACTOR;
  for (let k = from + 1; k < to; k++) {
    const t = (points[k].time_sec - a.time_sec) / gap;
    points[k] = { ...points[k], bbox: lerpBox(boxA, boxB, t), confidence, state: 'interpolated' };
  }
}

/**
 * Linear interpolation between two boxes (t = 0 gives `a`, t = 1 gives `b`).
 *
 * @example lerpBox({ x: 0, y: 0, w: 10, h: 20 }, { x: 10, y: 0, w: 10, h: 20 }, 0.5) // { x: 5, y: 0, w: 10, h: 20 }
 */
export function lerpBox(a: Box, b: Box, t: number): Box {
  return { x: a.x + (b.x - a.x) * t, y: a.y + (b.y - a.y) * t, w: a.w + (b.w - a.w) * t, h: a.h + (b.h - a.h) * t };
}

import type { Box, TrajectoryPoint, TrajectoryState } from '../../../src/analysis/trajectory';

/** One stretch of a hand-made trajectory: `frames` frames in `state`, boxes from `box(i)` (i: global index). */
export interface Stretch {
  frames: number;
  state: TrajectoryState;
  box?: (index: number, timeSec: number) => Box;
}

const defaultBox = (): Box => ({ x: 100, y: 60, w: 40, h: 100 });

/**
 * A trajectory at `fps` made of consecutive stretches; missing frames get no box and confidence 0.
 *
 * @example trajectory(10, [{ frames: 20, state: 'observed' }, { frames: 5, state: 'missing' }]);
 */
export function trajectory(fps: number, stretches: Stretch[]): TrajectoryPoint[] {
  const points: TrajectoryPoint[] = [];
  for (const stretch of stretches) {
    for (let k = 0; k < stretch.frames; k += 1) {
      const index = points.length;
      const time_sec = Math.round((index / fps) * 1e6) / 1e6;
      const missing = stretch.state === 'missing';
      points.push({
        index,
        time_sec,
        bbox: missing ? null : (stretch.box ?? defaultBox)(index, time_sec),
        confidence: missing ? 0 : stretch.state === 'observed' ? 0.9 : 0.5,
        state: stretch.state,
      });
    }
  }
  return points;
}

/** A box whose ground point (bottom-centre) is at (gx, gy). */
export function boxWithGroundAt(gx: number, gy: number, w = 40, h = 100): Box {
  return { x: gx - w / 2, y: gy - h, w, h };
}

/** Deterministic noise in [-1, 1) (a small LCG), so jitter tests are reproducible. */
export function noise(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 31 - 1;
  };
}

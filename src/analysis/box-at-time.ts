import type { Box, TrajectoryPoint, TrajectoryState } from './trajectory';
import { frameIntervalOf } from './trajectory-sampling';

export interface BoxAtTime {
  box: Box;
  state: Exclude<TrajectoryState, 'missing'>;
}

/**
 * A lookup of the player's box at any video time, for frames between analysed ones. The analysed
 * frame that counts is the one whose interval [time, time + analysis interval) holds the time, as
 * presenceOf counts it, so a clip of a span shows a box on every frame: its state is used, and its
 * box is interpolated linearly toward the next analysed frame when that one is consecutive and has
 * a box too. No box when that frame is missing, or when no analysed frame's interval holds the time
 * (after the last, in skipped timestamps, or more than half an interval before the first).
 *
 * @example
 * const boxAt = boxLookup(points);
 * boxAt(2.04); // { box: { x: 101.6, y: 50, w: 40, h: 90 }, state: 'observed' } (40% of the way from 2.0 to 2.1)
 */
export function boxLookup(points: readonly TrajectoryPoint[]): (timeSec: number) => BoxAtTime | null {
  const interval = frameIntervalOf(points);
  const slack = 1e-6;
  return (timeSec) => {
    if (points.length === 0) return null;
    // The last analysed frame at or before timeSec (-1: before the first).
    let lo = -1;
    let hi = points.length;
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (points[mid]!.time_sec <= timeSec + slack) lo = mid;
      else hi = mid;
    }
    if (lo < 0) {
      const first = points[0]!;
      return first.time_sec - timeSec <= interval / 2 + slack && first.bbox && first.state !== 'missing' ? { box: { ...first.bbox }, state: first.state } : null;
    }
    const current = points[lo]!;
    // Past this frame's interval with no later frame yet: the end, or timestamps the analysis skipped.
    if (timeSec - current.time_sec >= interval - slack) return null;
    if (current.state === 'missing' || !current.bbox) return null;
    const next = points[lo + 1];
    if (next?.bbox && next.index === current.index + 1 && next.time_sec > current.time_sec) {
      const f = Math.min(1, Math.max(0, (timeSec - current.time_sec) / (next.time_sec - current.time_sec)));
      const a = current.bbox;
      const b = next.bbox;
      return { box: { x: a.x + f * (b.x - a.x), y: a.y + f * (b.y - a.y), w: a.w + f * (b.w - a.w), h: a.h + f * (b.h - a.h) }, state: current.state };
    }
    return { box: { ...current.bbox }, state: current.state };
  };
}

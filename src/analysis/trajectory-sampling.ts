import type { TrajectoryPoint, TrajectoryState } from './trajectory';

/** The analysis rate Spotlight uses when nothing says otherwise. */
export const DEFAULT_ANALYSIS_FPS = 10;

/**
 * Seconds between two analysed frames: the median step of `time_sec` per `index` step, so one
 * odd timestamp cannot skew it. With fewer than two points, 1 / DEFAULT_ANALYSIS_FPS.
 *
 * @example
 * frameIntervalOf([{ index: 0, time_sec: 0, … }, { index: 1, time_sec: 0.1, … }]); // 0.1
 */
export function frameIntervalOf(points: readonly TrajectoryPoint[]): number {
  const steps: number[] = [];
  for (let i = 1; i < points.length; i += 1) {
    const indexStep = points[i]!.index - points[i - 1]!.index;
    const timeStep = points[i]!.time_sec - points[i - 1]!.time_sec;
    if (indexStep > 0 && timeStep > 0) steps.push(timeStep / indexStep);
  }
  if (steps.length === 0) return 1 / DEFAULT_ANALYSIS_FPS;
  steps.sort((a, b) => a - b);
  const middle = steps.length >> 1;
  return steps.length % 2 === 1 ? steps[middle]! : (steps[middle - 1]! + steps[middle]!) / 2;
}

/**
 * The player is on screen as far as the follower claims: `observed` or `interpolated`. An
 * `uncertain` box may be someone else, so it is never counted as the player (it is reported
 * beside presence, as `uncertain_sec`).
 *
 * @example isPresent({ state: 'uncertain', … }); // false
 */
export function isPresent(point: Pick<TrajectoryPoint, 'state'>): boolean {
  return point.state === 'observed' || point.state === 'interpolated';
}

/**
 * The box can be measured from: `observed` or `interpolated`. Uncertain boxes may be someone
 * else, so no distance or heat is computed from them.
 *
 * @example isTrusted({ state: 'interpolated', bbox: { x: 0, y: 0, w: 10, h: 20 } }); // true
 */
export function isTrusted(point: Pick<TrajectoryPoint, 'state' | 'bbox'>): boolean {
  return point.bbox !== null && (point.state === 'observed' || point.state === 'interpolated');
}

/**
 * How many points are in each state.
 *
 * @example countStates(points); // { observed: 40, interpolated: 5, uncertain: 3, missing: 12 }
 */
export function countStates(points: readonly Pick<TrajectoryPoint, 'state'>[]): Record<TrajectoryState, number> {
  const counts: Record<TrajectoryState, number> = { observed: 0, interpolated: 0, uncertain: 0, missing: 0 };
  for (const point of points) counts[point.state] += 1;
  return counts;
}

/**
 * Rounds for output (JSON, CSV, API): `decimals` places, no negative zero.
 *
 * @example roundTo(0.30000000000000004, 3); // 0.3
 */
export function roundTo(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  const rounded = Math.round(value * factor) / factor;
  return rounded === 0 ? 0 : rounded;
}

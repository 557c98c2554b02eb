import type { Box, TrajectoryPoint } from '../analysis/trajectory';
import type { FollowSeed } from '../vision/follow/follow-types';

/** A trajectory point with the 1-based MOTChallenge frame number it was computed for. */
export interface MotTrajectoryPoint extends TrajectoryPoint {
  frame: number;
}

/**
 * Timestamp of a MOTChallenge frame: frame 1 is at 0 s.
 *
 * @example motFrameTime(31, 30) // 1
 */
export function motFrameTime(frame: number, frameRate: number): number {
  return (frame - 1) / frameRate;
}

/**
 * A seed at a MOTChallenge frame.
 *
 * @example motSeed(120, { x: 10, y: 20, w: 40, h: 100 }, 30)
 */
export function motSeed(frame: number, bbox: Box, frameRate: number): FollowSeed {
  return { timeSec: motFrameTime(frame, frameRate), bbox: { ...bbox } };
}

import type { Box, TrajectoryPoint } from '../../analysis/trajectory';
import type { MotDetectionRow } from '../evaluation/mot-challenge-format';
import type { FollowFrame, FollowSeed } from './follow-types';

/** Anything that follows a player frame by frame: the follower, or the naive baseline. */
export interface FrameFollower {
  push(frame: FollowFrame): TrajectoryPoint;
  finish(): TrajectoryPoint[];
}

/** Which frames of a MOTChallenge sequence to analyse. */
export interface MotFrameRange {
  frameRate: number;
  /** 1-based, inclusive. */
  firstFrame: number;
  lastFrame: number;
  /** Analyse every n-th frame from `firstFrame` (1 = all). */
  frameStep: number;
}

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

/**
 * Feeds the public detections of frames `firstFrame, firstFrame + step, … ≤ lastFrame` to a
 * follower (frames grouped by `groupByFrame`, index 0 unused) and returns its final trajectory
 * with frame numbers.
 *
 * @example followMotSequence(groupByFrame(detections, 525), new PlayerFollower(options), { frameRate: 30, firstFrame: 1, lastFrame: 525, frameStep: 3 })
 */
export function followMotSequence(framesOfDetections: readonly (readonly MotDetectionRow[])[], follower: FrameFollower, range: MotFrameRange): MotTrajectoryPoint[] {
  const { frameRate, firstFrame, lastFrame, frameStep } = range;
  if (!Number.isInteger(frameStep) || frameStep < 1) throw new RangeError(`frameStep must be an integer ≥ 1, got ${frameStep}`);
  if (!Number.isInteger(firstFrame) || firstFrame < 1) throw new RangeError(`firstFrame must be an integer ≥ 1, got ${firstFrame}`);
  const frames: number[] = [];
  for (let frame = firstFrame, index = 0; frame <= lastFrame; frame += frameStep, index++) {
    const rows = framesOfDetections[frame] ?? [];
    follower.push({ index, timeSec: motFrameTime(frame, frameRate), detections: rows.map((r) => ({ ...r.bbox, score: r.score })) });
    frames.push(frame);
  }
  return follower.finish().map((p, i) => ({ ...p, frame: frames[i] }));
}

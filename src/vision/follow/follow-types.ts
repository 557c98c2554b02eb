import type { Box } from '../../analysis/trajectory';

/** A person detection of one analysed frame (source pixels); how he looks is sampled by pass 1 (TrackletRecorder). */
export interface FollowDetection {
  x: number;
  y: number;
  w: number;
  h: number;
  /** Detector confidence, 0..1 (higher values are clamped to 1 where a confidence is derived from it). */
  score: number;
}

/** A box the user confirmed as the player at a time of the video. */
export interface FollowSeed {
  timeSec: number;
  bbox: Box;
  /** How he looks in that box (the engine describes it on the frame nearest the seed). */
  appearance?: Float32Array;
}

/** One analysed frame handed to the follower, in time order. */
export interface FollowFrame {
  /** Index of the analysed frame (0, 1, 2… at the analysis rate); copied to the trajectory point. */
  index: number;
  /** Seconds from the start of the video. */
  timeSec: number;
  detections: readonly FollowDetection[];
}

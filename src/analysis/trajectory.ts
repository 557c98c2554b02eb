/**
 * The followed player, frame by frame: what the follower produces and every result is computed from.
 */

import type { Box } from '../vision/tracking/box';

export type { Box };

/**
 * - `observed`: a detection of the player at this frame.
 * - `interpolated`: no detection, but a short gap between two sure observations; the box is interpolated.
 * - `uncertain`: the follower has a box but is not sure it is the player (after an occlusion, a
 *   crossing, an ID switch); it is kept, and marked, rather than guessed silently.
 * - `missing`: the player is not found (off screen, hidden); no box.
 */
export type TrajectoryState = 'observed' | 'interpolated' | 'uncertain' | 'missing';

export interface TrajectoryPoint {
  /** Index of the analysed frame (0, 1, 2… at the analysis rate). */
  index: number;
  /** Seconds from the start of the video. */
  time_sec: number;
  /** Source pixels; null when `missing`. */
  bbox: Box | null;
  /** 0..1: how sure the follower is that the box is the player (0 when missing). */
  confidence: number;
  state: TrajectoryState;
}

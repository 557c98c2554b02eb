import type { Point2 } from './track-segments';

/** One spot seen in the image (pixels) and known on the pitch (metres). */
export interface CalibrationPoint {
  image: Point2;
  pitch: Point2;
}

/** ≥ 4 image ↔ pitch pairs, supplied by the user (pitch in metres, e.g. 0..105 × 0..68). */
export interface PitchCalibration {
  points: CalibrationPoint[];
}

export type CalibrationErrorCode = 'TOO_FEW_POINTS' | 'INVALID_POINT' | 'DUPLICATE_POINT' | 'COLLINEAR' | 'FOLDED' | 'DEGENERATE';

/**
 * A calibration that cannot give a homography; the message names the problem and the points
 * (numbered from 1, as the user listed them).
 *
 * @example throw new CalibrationError('TOO_FEW_POINTS', 'a pitch calibration needs at least 4 point pairs, got 3');
 */
export class CalibrationError extends Error {
  override readonly name = 'CalibrationError';
  constructor(
    readonly code: CalibrationErrorCode,
    message: string,
  ) {
    super(message);
  }
}

import type { PitchCalibration } from './homography';

/** The part of the pitch plane results are drawn and checked against, in metres. */
export interface PitchExtent {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  /** A full 105 × 68 pitch with its markings (else only the outline of the extent is known). */
  standard: boolean;
}

/** FIFA's recommended pitch, the default when the calibration fits in it. */
export const STANDARD_PITCH = { length_m: 105, width_m: 68 } as const;

/**
 * The pitch area: 0..105 × 0..68 when every calibration point lies on it (within 1 m), else the
 * bounding box of the calibration's pitch points (a pitch measured in another frame or size).
 *
 * @example pitchExtentOf({ points: [{ image: [0, 0], pitch: [0, 0] }, …, { image: [9, 9], pitch: [105, 68] }] });
 * // { x0: 0, y0: 0, x1: 105, y1: 68, standard: true }
 */
export function pitchExtentOf(calibration?: PitchCalibration | null): PitchExtent {
  const standard: PitchExtent = { x0: 0, y0: 0, x1: STANDARD_PITCH.length_m, y1: STANDARD_PITCH.width_m, standard: true };
  const points = calibration?.points.map((p) => p.pitch) ?? [];
  const fits = points.every(([x, y]) => x >= -1 && y >= -1 && x <= STANDARD_PITCH.length_m + 1 && y <= STANDARD_PITCH.width_m + 1);
  if (points.length === 0 || fits) return standard;
  const xs = points.map((p) => p[0]);
  const ys = points.map((p) => p[1]);
  return { x0: Math.min(...xs), y0: Math.min(...ys), x1: Math.max(...xs), y1: Math.max(...ys), standard: false };
}

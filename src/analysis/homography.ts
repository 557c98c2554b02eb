import { CalibrationError, type CalibrationPoint } from './calibration';
import { assertGeneralPosition, listNumbers, validatePoints } from './calibration-checks';
import { invert3, multiply3, symmetricEigen, type Matrix3 } from './linear-algebra';
import type { Point2 } from './track-segments';

export { CalibrationError, type CalibrationErrorCode, type CalibrationPoint, type PitchCalibration } from './calibration';

export interface Homography {
  /** Image → pitch, row-major 3×3, scaled so w > 0 on the visible side of the horizon. */
  matrix: Matrix3;
  /** Pitch → image. */
  inverse: Matrix3;
  point_count: number;
  /** Distances between where the fit puts each calibration point and where it was given. */
  reprojection_error: { rms_m: number; max_m: number; rms_px: number; max_px: number };
}


/**
 * The homography mapping image pixels to pitch metres, by the normalised DLT (Hartley): both point
 * sets are centred and scaled to a mean distance of √2, the 2n×9 system is solved by the
 * eigenvector of AᵀA with the smallest eigenvalue (exact for 4 points, least squares in the
 * algebraic error for more), then denormalised. Throws CalibrationError for fewer than 4 pairs,
 * non-finite or repeated points, no 4 points without 3 (nearly) on a line, a fit that folds the
 * plane (some points behind the horizon: pairs listed in different orders), or a singular result.
 *
 * @example
 * const h = fitHomography([
 *   { image: [100, 500], pitch: [0, 0] }, { image: [1180, 500], pitch: [105, 0] },
 *   { image: [1000, 200], pitch: [105, 68] }, { image: [280, 200], pitch: [0, 68] },
 * ]);
 * applyHomography(h.matrix, [640, 350]); // [52.5, 27.2]: halfway across the image, but nearer than halfway up the pitch
 */
export function fitHomography(points: readonly CalibrationPoint[]): Homography {
  validatePoints(points);
  const image = points.map((p) => p.image);
  const pitch = points.map((p) => p.pitch);
  assertGeneralPosition(image, pitch);

  const tImage = normalisingTransform(image);
  const tPitch = normalisingTransform(pitch);
  const normal = Array.from({ length: 9 }, () => new Array<number>(9).fill(0));
  for (let i = 0; i < points.length; i += 1) {
    const [x, y] = transform(tImage, image[i]!);
    const [X, Y] = transform(tPitch, pitch[i]!);
    for (const row of [
      [x, y, 1, 0, 0, 0, -X * x, -X * y, -X],
      [0, 0, 0, x, y, 1, -Y * x, -Y * y, -Y],
    ]) {
      for (let r = 0; r < 9; r += 1) for (let c = 0; c < 9; c += 1) normal[r]![c]! += row[r]! * row[c]!;
    }
  }
  const { values, vectors } = symmetricEigen(normal);
  const smallest = values.indexOf(Math.min(...values));
  const inversePitch = invert3(tPitch);
  let matrix = inversePitch ? multiply3(multiply3(inversePitch, vectors[smallest]!), tImage) : null;
  if (!matrix || !matrix.every(Number.isFinite)) throw degenerate();

  const w = image.map(([x, y]) => matrix![6]! * x + matrix![7]! * y + matrix![8]!);
  const limit = 1e-9 * Math.max(...w.map(Math.abs));
  const ahead = w.flatMap((value, i) => (value > limit ? [i + 1] : []));
  const behind = w.flatMap((value, i) => (value < -limit ? [i + 1] : []));
  const onHorizon = w.flatMap((value, i) => (Math.abs(value) <= limit ? [i + 1] : []));
  const odd = [...(ahead.length >= behind.length ? behind : ahead), ...onHorizon].sort((a, b) => a - b);
  if (odd.length > 0) {
    throw new CalibrationError(
      'FOLDED',
      `the fitted mapping folds the plane: point${odd.length > 1 ? 's' : ''} ${listNumbers(odd)} would lie beyond the horizon of the others; are the image and pitch points listed in the same order?`,
    );
  }
  const sign = ahead.length > 0 ? 1 : -1;
  const norm = Math.hypot(...matrix);
  matrix = matrix.map((value) => (value * sign) / norm);
  const inverse = invert3(matrix);
  if (!inverse) throw degenerate();

  const errorsM = points.map((p) => distanceOrInfinity(applyHomography(matrix!, p.image), p.pitch));
  const errorsPx = points.map((p) => distanceOrInfinity(project(inverse, p.pitch), p.image));
  return {
    matrix,
    inverse,
    point_count: points.length,
    reprojection_error: { rms_m: rms(errorsM), max_m: Math.max(...errorsM), rms_px: rms(errorsPx), max_px: Math.max(...errorsPx) },
  };
}

/**
 * An image point mapped to the pitch, or null when it lies on or beyond the horizon (w ≤ 0:
 * the sky, or the far side of the camera), where no pitch position exists.
 *
 * @example applyHomography(h.matrix, [640, 350]); // [52.5, 27.2] (the homography of fitHomography's example)
 */
export function applyHomography(matrix: Matrix3, point: Point2): [number, number] | null {
  const [x, y] = point;
  const w = matrix[6]! * x + matrix[7]! * y + matrix[8]!;
  if (!(w > 1e-12)) return null;
  return [(matrix[0]! * x + matrix[1]! * y + matrix[2]!) / w, (matrix[3]! * x + matrix[4]! * y + matrix[5]!) / w];
}

function project(matrix: Matrix3, point: Point2): [number, number] | null {
  const [x, y] = point;
  const w = matrix[6]! * x + matrix[7]! * y + matrix[8]!;
  if (w === 0) return null;
  return [(matrix[0]! * x + matrix[1]! * y + matrix[2]!) / w, (matrix[3]! * x + matrix[4]! * y + matrix[5]!) / w];
}

/** Translates the centroid to the origin and scales the mean distance to it to √2. */
function normalisingTransform(set: readonly Point2[]): Matrix3 {
  const cx = set.reduce((s, p) => s + p[0], 0) / set.length;
  const cy = set.reduce((s, p) => s + p[1], 0) / set.length;
  const meanDistance = set.reduce((s, p) => s + Math.hypot(p[0] - cx, p[1] - cy), 0) / set.length;
  const k = Math.SQRT2 / meanDistance;
  return [k, 0, -k * cx, 0, k, -k * cy, 0, 0, 1];
}

function transform(t: Matrix3, [x, y]: Point2): [number, number] {
  return [t[0]! * x + t[2]!, t[4]! * y + t[5]!];
}

function distanceOrInfinity(a: Point2 | null, b: Point2): number {
  return a ? Math.hypot(a[0] - b[0], a[1] - b[1]) : Infinity;
}

function rms(values: number[]): number {
  return Math.sqrt(values.reduce((s, v) => s + v * v, 0) / values.length);
}

function degenerate(): CalibrationError {
  return new CalibrationError('DEGENERATE', 'the points do not determine a homography (the fit is singular); check that image and pitch points are paired correctly');
}

import { CalibrationError, type CalibrationPoint } from './calibration';
import type { Point2 } from './track-segments';

// Three points closer to a line than this share of the points' extent make the fit ill-conditioned.
const COLLINEAR_TOLERANCE = 0.01;

/**
 * Refuses what cannot be a calibration: fewer than 4 pairs, a coordinate that is not a finite
 * number, or two pairs at the same image or pitch position (CalibrationError, points numbered from 1).
 *
 * @example validatePoints([{ image: [0, 0], pitch: [0, 0] }]); // throws TOO_FEW_POINTS
 */
export function validatePoints(points: readonly CalibrationPoint[]): void {
  if (points.length < 4) {
    throw new CalibrationError('TOO_FEW_POINTS', `a pitch calibration needs at least 4 image ↔ pitch point pairs, got ${points.length}`);
  }
  points.forEach((point, i) => {
    for (const side of ['image', 'pitch'] as const) {
      const value = point[side] as unknown;
      if (!Array.isArray(value) || value.length !== 2 || !value.every((x) => typeof x === 'number' && Number.isFinite(x))) {
        throw new CalibrationError('INVALID_POINT', `point ${i + 1}: ${side} must be two finite numbers [x, y], got ${JSON.stringify(value)}`);
      }
    }
  });
  for (const side of ['image', 'pitch'] as const) {
    const seen = new Map<string, number>();
    points.forEach((point, i) => {
      const key = point[side].join(',');
      const earlier = seen.get(key);
      if (earlier !== undefined) {
        throw new CalibrationError(
          'DUPLICATE_POINT',
          `points ${earlier + 1} and ${i + 1} have the same ${side} position (${point[side].join(', ')}): each pair must be a different spot`,
        );
      }
      seen.set(key, i);
    });
  }
}

/**
 * Needs 4 points with no 3 (nearly: within 1% of the points' extent) on one line, in the image and
 * on the pitch alike; else CalibrationError COLLINEAR naming the points (for exactly 4).
 *
 * @example assertGeneralPosition(image, pitch); // throws "image points 1, 2 and 3 are (nearly) on one line: …"
 */
export function assertGeneralPosition(image: readonly Point2[], pitch: readonly Point2[]): void {
  const n = image.length;
  const nearlyCollinear = (set: readonly Point2[], tolerance: number, a: number, b: number, c: number) =>
    triangleHeight(set[a]!, set[b]!, set[c]!) < tolerance;
  const tolImage = COLLINEAR_TOLERANCE * extentOf(image);
  const tolPitch = COLLINEAR_TOLERANCE * extentOf(pitch);
  const bad = (a: number, b: number, c: number) => nearlyCollinear(image, tolImage, a, b, c) || nearlyCollinear(pitch, tolPitch, a, b, c);
  for (let a = 0; a < n; a += 1) {
    for (let b = a + 1; b < n; b += 1) {
      for (let c = b + 1; c < n; c += 1) {
        if (bad(a, b, c)) continue;
        for (let d = c + 1; d < n; d += 1) if (!bad(a, b, d) && !bad(a, c, d) && !bad(b, c, d)) return;
      }
    }
  }
  if (n === 4) {
    const triples = [[0, 1, 2], [0, 1, 3], [0, 2, 3], [1, 2, 3]] as const;
    const [a, b, c] = triples.find(([a, b, c]) => bad(a, b, c))!;
    const side = nearlyCollinear(image, tolImage, a, b, c) ? 'image' : 'pitch';
    throw new CalibrationError(
      'COLLINEAR',
      `${side} points ${listNumbers([a + 1, b + 1, c + 1])} are (nearly) on one line: a homography needs 4 points with no 3 on a line`,
    );
  }
  throw new CalibrationError(
    'COLLINEAR',
    `no 4 of the ${n} points are in general position (no 3 nearly on one line, in the image and on the pitch): the points do not fix a homography`,
  );
}

/** The smallest height of the triangle: 2 × area / longest side (0 for a degenerate one). */
function triangleHeight(a: Point2, b: Point2, c: Point2): number {
  const area2 = Math.abs((b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]));
  const longest = Math.max(Math.hypot(b[0] - a[0], b[1] - a[1]), Math.hypot(c[0] - a[0], c[1] - a[1]), Math.hypot(c[0] - b[0], c[1] - b[1]));
  return longest > 0 ? area2 / longest : 0;
}

function extentOf(set: readonly Point2[]): number {
  const xs = set.map((p) => p[0]);
  const ys = set.map((p) => p[1]);
  return Math.hypot(Math.max(...xs) - Math.min(...xs), Math.max(...ys) - Math.min(...ys));
}

/**
 * Point numbers as a phrase.
 *
 * @example listNumbers([1, 2, 3]); // '1, 2 and 3'
 */
export function listNumbers(numbers: number[]): string {
  return numbers.length <= 1 ? numbers.join('') : `${numbers.slice(0, -1).join(', ')} and ${numbers[numbers.length - 1]}`;
}

/** An axis-aligned box in pixels: top-left corner plus size (MOTChallenge `x,y,w,h`). */
export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

/**
 * Builds a box from corner coordinates (`x1,y1` top-left, `x2,y2` bottom-right), as detectors emit them.
 *
 * @example boxFromCorners(10, 20, 50, 100) // { x: 10, y: 20, w: 40, h: 80 }
 */
export function boxFromCorners(x1: number, y1: number, x2: number, y2: number): Box {
  return { x: x1, y: y1, w: x2 - x1, h: y2 - y1 };
}

/**
 * The box with every coordinate multiplied by `factor` (from one picture's pixels to another's).
 *
 * @example scaledBox({ x: 10, y: 20, w: 30, h: 40 }, 2) // { x: 20, y: 40, w: 60, h: 80 }
 */
export function scaledBox(box: Box, factor: number): Box {
  return { x: box.x * factor, y: box.y * factor, w: box.w * factor, h: box.h * factor };
}

/**
 * Intersection over union of two boxes, 0 when they do not overlap or either has no area.
 * Continuous convention (no "+1 pixel"), as TrackEval computes it.
 *
 * @example iou({ x: 0, y: 0, w: 10, h: 10 }, { x: 5, y: 0, w: 10, h: 10 }) // 1/3
 */
export function iou(a: Box, b: Box): number {
  const iw = Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x);
  if (iw <= 0) return 0;
  const ih = Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y);
  if (ih <= 0) return 0;
  const inter = iw * ih;
  const union = a.w * a.h + b.w * b.h - inter;
  return union > 0 ? inter / union : 0;
}

/**
 * IoU in the "pixel-inclusive" convention of py-faster-rcnn's `bbox_overlaps` (cython_bbox, used
 * by the reference ByteTrack): a box spans `w + 1` by `h + 1` pixels. Only for reproducing it.
 *
 * @example iouPixelInclusive({ x: 0, y: 0, w: 9, h: 9 }, { x: 5, y: 0, w: 9, h: 9 }) // 1/3
 */
export function iouPixelInclusive(a: Box, b: Box): number {
  const iw = Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x) + 1;
  if (iw <= 0) return 0;
  const ih = Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y) + 1;
  if (ih <= 0) return 0;
  const inter = iw * ih;
  return inter / ((a.w + 1) * (a.h + 1) + (b.w + 1) * (b.h + 1) - inter);
}

/**
 * Pairwise IoU of two box lists as a row-major matrix (`rows = a.length`, `cols = b.length`).
 *
 * @example iouMatrix([boxA], [boxB, boxC]) // Float64Array [iou(A,B), iou(A,C)]
 */
export function iouMatrix(a: readonly Box[], b: readonly Box[], overlap: (a: Box, b: Box) => number = iou): Float64Array {
  const out = new Float64Array(a.length * b.length);
  for (let i = 0; i < a.length; i++) {
    const row = i * b.length;
    for (let j = 0; j < b.length; j++) out[row + j] = overlap(a[i], b[j]);
  }
  return out;
}

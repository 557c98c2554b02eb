/** An axis-aligned box by top-left corner and size, as detections and MOT ground truth give it. */
export interface XywhBox {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** Intersection over union of two x,y,w,h boxes. @example xywhIou({ x: 0, y: 0, w: 2, h: 2 }, { x: 1, y: 0, w: 2, h: 2 }) // 1/3 */
export function xywhIou(a: XywhBox, b: XywhBox): number {
  const iw = Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x);
  const ih = Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y);
  if (iw <= 0 || ih <= 0) return 0;
  const inter = iw * ih;
  return inter / (a.w * a.h + b.w * b.h - inter);
}

import type { Candidate } from './types';

/** Intersection over union of two corner boxes. @example iou(a, a) // 1 */
export function iou(a: Candidate, b: Candidate): number {
  const inter = intersection(a, b);
  if (inter <= 0) return 0;
  return inter / (area(a) + area(b) - inter);
}

/** Intersection area over the area of `a` (how much of `a` lies inside `b`). @example overlapOfFirst(small, big) // 1 when small is inside big */
export function overlapOfFirst(a: Candidate, b: Candidate): number {
  const areaA = area(a);
  return areaA > 0 ? intersection(a, b) / areaA : 0;
}

/**
 * Greedy class-aware non-maximum suppression: boxes are visited by descending score and a box is
 * dropped when it overlaps an already kept box of the same class by more than `iouThreshold`.
 *
 * @example nms(candidates, 0.45) // highest-scoring survivors first
 */
export function nms(candidates: readonly Candidate[], iouThreshold: number): Candidate[] {
  const sorted = [...candidates].sort((a, b) => b.score - a.score);
  const kept: Candidate[] = [];
  for (const box of sorted) {
    let suppressed = false;
    for (const other of kept) {
      if (other.classId === box.classId && iou(box, other) > iouThreshold) {
        suppressed = true;
        break;
      }
    }
    if (!suppressed) kept.push(box);
  }
  return kept;
}

function area(b: Candidate): number {
  return Math.max(0, b.x2 - b.x1) * Math.max(0, b.y2 - b.y1);
}

function intersection(a: Candidate, b: Candidate): number {
  const w = Math.min(a.x2, b.x2) - Math.max(a.x1, b.x1);
  const h = Math.min(a.y2, b.y2) - Math.max(a.y1, b.y1);
  return w > 0 && h > 0 ? w * h : 0;
}

import type { Box } from './box';
import { median } from './median';

/** Image displacement (pixels) of the scene between two frames. */
export interface Shift {
  dx: number;
  dy: number;
}

/** Displacements tried: the most voted-for cells of the vote grid. */
const CANDIDATES = 8;

/**
 * How far the camera moved the picture since the tracks were predicted, from the boxes alone.
 * Every pair of a predicted box and a detection of about its size votes for the displacement
 * between them; the most voted-for displacements are tried, each scored by how many predicted
 * boxes it brings onto a detection (within a fifth of their height). One is taken only when it
 * explains clearly more boxes than no displacement at all (`minGain`, and a fifth of the tracks),
 * refined to the median displacement of the boxes it explains. With a still camera nothing beats
 * zero (each track's own motion is already predicted); a pan moves everybody at once, which one
 * displacement explains. Null: no camera motion found.
 *
 * @example const shift = cameraShift(tracks.map((t) => t.box()), detections)
 */
export function cameraShift(predicted: readonly Box[], detections: readonly Box[], minGain = 2): Shift | null {
  if (predicted.length === 0 || detections.length === 0) return null;
  const cell = 0.1 * median(predicted.map((p) => p.h));
  const votes = new Map<string, { dx: number; dy: number; count: number }>();
  for (const p of predicted) {
    for (const d of detections) {
      if (!alike(p, d)) continue;
      const dx = centreX(d) - centreX(p);
      const dy = centreY(d) - centreY(p);
      if (Math.hypot(dx, dy) > 6 * p.h) continue;
      const key = `${Math.round(dx / cell)},${Math.round(dy / cell)}`;
      const vote = votes.get(key) ?? { dx: 0, dy: 0, count: 0 };
      vote.dx += dx;
      vote.dy += dy;
      vote.count += 1;
      votes.set(key, vote);
    }
  }
  const tried = [...votes.values()].sort((a, b) => b.count - a.count).slice(0, CANDIDATES);
  const still = explained(predicted, detections, { dx: 0, dy: 0 });
  let best = still;
  for (const v of tried) {
    const found = explained(predicted, detections, { dx: v.dx / v.count, dy: v.dy / v.count });
    if (found.length > best.length) best = found;
  }
  if (best.length < still.length + Math.max(minGain, predicted.length / 5)) return null;
  return { dx: median(best.map((m) => m.dx)), dy: median(best.map((m) => m.dy)) };
}

/** The displacement of each predicted box that `shift` brings onto a detection of its size. */
function explained(predicted: readonly Box[], detections: readonly Box[], shift: Shift): Shift[] {
  const out: Shift[] = [];
  for (const p of predicted) {
    const x = centreX(p) + shift.dx;
    const y = centreY(p) + shift.dy;
    const reach = p.h / 5;
    const hit = detections.find((d) => alike(p, d) && Math.abs(centreX(d) - x) <= reach && Math.abs(centreY(d) - y) <= reach);
    if (hit) out.push({ dx: centreX(hit) - centreX(p), dy: centreY(hit) - centreY(p) });
  }
  return out;
}

const alike = (a: Box, b: Box) => b.h / a.h >= 0.8 && b.h / a.h <= 1.25;
const centreX = (b: Box) => b.x + b.w / 2;
const centreY = (b: Box) => b.y + b.h / 2;

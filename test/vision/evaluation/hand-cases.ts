import type { MotGroundTruthRow, MotResultRow } from '../../../src/evaluation/mot-challenge-format';

/** A 10×10 box at (x, y) unless a size is given. */
export const gt = (frame: number, id: number, x: number, y = 0, extra: Partial<MotGroundTruthRow> = {}): MotGroundTruthRow => ({
  frame,
  id,
  bbox: { x, y, w: 10, h: 10 },
  consider: 1,
  classId: 1,
  visibility: 1,
  ...extra,
});

export const trk = (frame: number, id: number, x: number, y = 0, w = 10, h = 10): MotResultRow => ({ frame, id, bbox: { x, y, w, h }, score: 1 });

/** One row per frame in [from, to] for a static object. */
export const span = <T>(from: number, to: number, make: (frame: number) => T): T[] => Array.from({ length: to - from + 1 }, (_, i) => make(from + i));

import { describe, expect, it } from 'vitest';
import { decodeYolox, yoloxAnchorCount, yoloxOutputLooksDecoded, type YoloxLayout } from '../../../src/vision/detection/decode-yolox';

// 64×64 input: grids 8×8 (stride 8), 4×4 (16), 2×2 (32) = 84 rows of 5 + 3 classes.
const layout: YoloxLayout = { inputWidth: 64, inputHeight: 64, strides: [8, 16, 32], numClasses: 3 };
const ROW = 8;

function tensorWith(rows: Record<number, number[]>): Float32Array {
  const out = new Float32Array(yoloxAnchorCount(layout) * ROW);
  for (const [row, values] of Object.entries(rows)) out.set(values, Number(row) * ROW);
  return out;
}

describe('decodeYolox', () => {
  it('counts grid points per stride', () => {
    expect(yoloxAnchorCount(layout)).toBe(84);
    expect(yoloxAnchorCount({ inputWidth: 416, inputHeight: 416, strides: [8, 16, 32] })).toBe(3549);
  });

  it('decodes a stride-16 cell into input pixels with score = obj × cls', () => {
    // Row 70 = 64 stride-8 rows + (gy 1 × 4 + gx 2) in the stride-16 grid.
    const output = tensorWith({ 70: [0.5, 0.25, Math.log(2), Math.log(3), 0.9, 0.8, 0.1, 0.2] });
    const [box, ...rest] = decodeYolox(output, layout, { scoreThreshold: 0.3 });
    expect(rest).toEqual([]);
    // cx = (0.5 + 2)·16 = 40, cy = (0.25 + 1)·16 = 20, w = 2·16, h = 3·16
    expect(box.x1).toBeCloseTo(24);
    expect(box.y1).toBeCloseTo(-4);
    expect(box.x2).toBeCloseTo(56);
    expect(box.y2).toBeCloseTo(44);
    expect(box.score).toBeCloseTo(0.72);
    expect(box.classId).toBe(0);
  });

  it('uses the best class, filters by class and by score', () => {
    const output = tensorWith({
      0: [0, 0, 0, 0, 0.9, 0.2, 0.1, 0.7], // best class 2
      9: [0, 0, 0, 0, 0.5, 0.5, 0, 0], // person, score 0.25
      83: [0.5, 0.5, 0, 0, 1, 0.95, 0, 0], // last stride-32 cell (1,1), person
    });
    const all = decodeYolox(output, layout, { scoreThreshold: 0.2 });
    expect(all.map((b) => [b.classId, Number(b.score.toFixed(3))])).toEqual([
      [2, 0.63],
      [0, 0.25],
      [0, 0.95],
    ]);
    const persons = decodeYolox(output, layout, { scoreThreshold: 0.3, classes: [0] });
    expect(persons).toHaveLength(1);
    expect(persons[0].x1).toBeCloseTo((0.5 + 1) * 32 - 16);
    expect(persons[0].y2).toBeCloseTo((0.5 + 1) * 32 + 16);
  });

  it('rejects an output that does not fit the layout', () => {
    expect(() => decodeYolox(new Float32Array(10), layout, { scoreThreshold: 0.3 })).toThrow(RangeError);
  });

  it('tells decoded (pixel) outputs from raw grid offsets', () => {
    const raw = tensorWith({ 5: [1.2, 0.4, 0.1, 0.2, 0.1, 0, 0, 0] });
    const decoded = tensorWith({ 83: [48, 48, 10, 20, 0.1, 0, 0, 0] });
    expect(yoloxOutputLooksDecoded(raw, layout)).toBe(false);
    expect(yoloxOutputLooksDecoded(decoded, layout)).toBe(true);
  });
});

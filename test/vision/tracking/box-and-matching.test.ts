import { describe, expect, it } from 'vitest';
import { boxFromCorners, iou, iouPixelInclusive } from '../../../src/vision/tracking/box';
import { assignWithThreshold, fuseScore, iouDistance, type CostMatrix } from '../../../src/vision/tracking/matching';

const box = (x: number, y: number, w = 10, h = 10) => ({ x, y, w, h });

describe('iou', () => {
  it('computes overlap ratios known by hand', () => {
    expect(iou(box(0, 0), box(0, 0))).toBe(1);
    expect(iou(box(0, 0), box(5, 0))).toBeCloseTo(50 / 150, 12);
    expect(iou(box(0, 0), box(5, 5))).toBeCloseTo(25 / 175, 12);
    expect(iou(box(0, 0), box(10, 0))).toBe(0); // touching edges
    expect(iou(box(0, 0), box(0, 0, 0, 10))).toBe(0); // no area
  });

  it('offers the pixel-inclusive convention of the reference (w+1 by h+1 pixels)', () => {
    // 10×10 pixels each, sharing 5×10 of them.
    expect(iouPixelInclusive(box(0, 0, 9, 9), box(5, 0, 9, 9))).toBeCloseTo(50 / 150, 12);
  });

  it('converts corners to top-left + size', () => {
    expect(boxFromCorners(10, 20, 50, 100)).toEqual({ x: 10, y: 20, w: 40, h: 80 });
  });
});

describe('matching', () => {
  it('builds 1 − IoU and fuses detection scores as 1 − IoU·score', () => {
    const cost = iouDistance([box(0, 0), box(100, 0)], [box(5, 0), box(100, 0)]);
    expect(cost.rows).toBe(2);
    expect(cost.cols).toBe(2);
    expect(Array.from(cost.data)).toEqual([1 - 50 / 150, 1, 1, 0]);
    fuseScore(cost, [0.5, 0.8]);
    expect(cost.data[0]).toBeCloseTo(1 - (50 / 150) * 0.5, 12);
    expect(cost.data[3]).toBeCloseTo(0.2, 12);
    expect(() => fuseScore(cost, [1])).toThrow(/one score per detection/);
  });

  it('never matches a pair at or above the threshold', () => {
    const cost: CostMatrix = { rows: 2, cols: 2, data: Float64Array.of(0.85, 0.9, 0.3, 0.8) };
    const result = assignWithThreshold(cost, 0.8);
    expect(result.matches).toEqual([[1, 0]]);
    expect(result.unmatchedRows).toEqual([0]);
    expect(result.unmatchedCols).toEqual([1]);
  });

  it('charges threshold/2 for each unmatched side, like lapjv with cost_limit', () => {
    // Two mediocre pairs (0.5 + 0.5) beat one good + one bad pair (0.1 + 0.95) in plain assignment,
    // but with the limit 0.8 the saving of the single good pair (0.7) beats the two mediocre (0.3 + 0.3).
    const cost: CostMatrix = { rows: 2, cols: 2, data: Float64Array.of(0.1, 0.5, 0.5, 0.95) };
    expect(assignWithThreshold(cost, 0.8).matches).toEqual([[0, 0]]);
    // With a looser limit the two mediocre pairs save more (0.5 + 0.5 vs 0.9 + 0.05) and win.
    expect(assignWithThreshold(cost, 1.0).matches).toEqual([
      [0, 1],
      [1, 0],
    ]);
  });

  it('handles empty sides', () => {
    expect(assignWithThreshold(iouDistance([], [box(0, 0)]), 0.8)).toEqual({ matches: [], unmatchedRows: [], unmatchedCols: [0] });
    expect(assignWithThreshold(iouDistance([box(0, 0)], []), 0.8)).toEqual({ matches: [], unmatchedRows: [0], unmatchedCols: [] });
  });
});

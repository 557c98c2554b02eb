import { describe, expect, it } from 'vitest';
import { solveAssignment } from '../../../src/vision/tracking/linear-assignment';
import { random } from '../../support/random';

/** Minimum total cost over all assignments of min(rows, cols) pairs, by enumeration. */
function bruteForceMinimum(cost: Float64Array, rows: number, cols: number): number {
  let best = Infinity;
  const usedCols = new Array<boolean>(cols).fill(false);
  const usedRows = new Array<boolean>(rows).fill(false);
  const k = Math.min(rows, cols);
  const byRow = rows <= cols;
  const walk = (depth: number, sum: number) => {
    if (depth === k) {
      best = Math.min(best, sum);
      return;
    }
    if (byRow) {
      for (let j = 0; j < cols; j++) {
        if (usedCols[j]) continue;
        usedCols[j] = true;
        walk(depth + 1, sum + cost[depth * cols + j]);
        usedCols[j] = false;
      }
    } else {
      for (let i = 0; i < rows; i++) {
        if (usedRows[i]) continue;
        usedRows[i] = true;
        walk(depth + 1, sum + cost[i * cols + depth]);
        usedRows[i] = false;
      }
    }
  };
  walk(0, 0);
  return best;
}

function totalOf(cost: Float64Array, cols: number, rowToCol: Int32Array): number {
  let sum = 0;
  rowToCol.forEach((j, i) => {
    if (j >= 0) sum += cost[i * cols + j];
  });
  return sum;
}

describe('solveAssignment', () => {
  it('finds the optimum of a 3×3 case known by hand', () => {
    // Greedy would take 1 (row 0 → col 0) and then pay 10; the optimum is 2 + 2 + 1 = 5.
    const cost = Float64Array.of(1, 2, 9, 2, 10, 9, 9, 9, 1);
    expect(Array.from(solveAssignment(cost, 3, 3))).toEqual([1, 0, 2]);
  });

  it('matches brute force on random square and rectangular matrices', () => {
    const rand = random(7);
    for (let trial = 0; trial < 300; trial++) {
      const rows = 1 + Math.floor(rand() * 6);
      const cols = 1 + Math.floor(rand() * 6);
      // Coarse values create ties, which the solver must still resolve optimally.
      const cost = Float64Array.from({ length: rows * cols }, () => (rand() < 0.5 ? Math.round(rand() * 4) : rand() * 10 - 5));
      const rowToCol = solveAssignment(cost, rows, cols);

      const assigned = Array.from(rowToCol).filter((j) => j >= 0);
      expect(assigned.length).toBe(Math.min(rows, cols));
      expect(new Set(assigned).size).toBe(assigned.length);
      expect(totalOf(cost, cols, rowToCol)).toBeCloseTo(bruteForceMinimum(cost, rows, cols), 9);
    }
  });

  it('assigns a constant matrix along the diagonal, as scipy does', () => {
    expect(Array.from(solveAssignment(new Float64Array(9).fill(1), 3, 3))).toEqual([0, 1, 2]);
  });

  it('handles empty matrices and rejects non-finite costs', () => {
    expect(Array.from(solveAssignment(new Float64Array(0), 0, 4))).toEqual([]);
    expect(Array.from(solveAssignment(new Float64Array(0), 3, 0))).toEqual([-1, -1, -1]);
    expect(() => solveAssignment(Float64Array.of(1, Infinity), 1, 2)).toThrow(/finite/);
    expect(() => solveAssignment(Float64Array.of(1, 2, 3), 2, 2)).toThrow(/expected 2×2/);
  });
});

import { iou, iouMatrix, type Box } from './box';
import { solveAssignment } from './linear-assignment';

/** A cost matrix, row-major: rows are tracks, columns detections. */
export interface CostMatrix {
  rows: number;
  cols: number;
  data: Float64Array;
}

/** Result of a thresholded assignment; unmatched indices are in ascending order. */
export interface AssignmentResult {
  matches: Array<[row: number, col: number]>;
  unmatchedRows: number[];
  unmatchedCols: number[];
}

/**
 * IoU distance `1 − IoU` between track boxes (rows) and detection boxes (columns); `overlap`
 * picks the IoU convention.
 *
 * @example iouDistance(tracks.map((t) => t.box()), detections)
 */
export function iouDistance(trackBoxes: readonly Box[], detectionBoxes: readonly Box[], overlap: (a: Box, b: Box) => number = iou): CostMatrix {
  const data = iouMatrix(trackBoxes, detectionBoxes, overlap);
  for (let i = 0; i < data.length; i++) data[i] = 1 - data[i];
  return { rows: trackBoxes.length, cols: detectionBoxes.length, data };
}

/**
 * ByteTrack's "fuse score": turns an IoU distance into `1 − IoU·score`, so a confident detection
 * is cheaper to match than a doubtful one with the same overlap. Mutates and returns `cost`.
 *
 * @example fuseScore(iouDistance(trackBoxes, detBoxes), detections.map((d) => d.score))
 */
export function fuseScore(cost: CostMatrix, detectionScores: readonly number[]): CostMatrix {
  if (detectionScores.length !== cost.cols) throw new RangeError('one score per detection column is required');
  const { rows, cols, data } = cost;
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) data[i * cols + j] = 1 - (1 - data[i * cols + j]) * detectionScores[j];
  }
  return cost;
}

/**
 * Optimal partial assignment where leaving a row or a column unmatched costs `threshold / 2`
 * (the semantics of `lapjv(..., extend_cost=True, cost_limit=threshold)` used by ByteTrack):
 * it minimises Σ(cost − threshold) over matched pairs, so only pairs with cost < threshold are
 * ever matched and the total saving below the threshold is maximal.
 *
 * @example assignWithThreshold(iouDistance(trackBoxes, detBoxes), 0.8)
 */
export function assignWithThreshold(cost: CostMatrix, threshold: number): AssignmentResult {
  const { rows, cols, data } = cost;
  const shifted = new Float64Array(data.length);
  // Pairs at or above the threshold become 0: no better than leaving both unmatched.
  for (let i = 0; i < data.length; i++) shifted[i] = Math.min(data[i] - threshold, 0);
  const rowToCol = solveAssignment(shifted, rows, cols);

  const matches: Array<[number, number]> = [];
  const colTaken = new Uint8Array(cols);
  const unmatchedRows: number[] = [];
  for (let i = 0; i < rows; i++) {
    const j = rowToCol[i];
    if (j >= 0 && shifted[i * cols + j] < 0) {
      matches.push([i, j]);
      colTaken[j] = 1;
    } else {
      unmatchedRows.push(i);
    }
  }
  const unmatchedCols: number[] = [];
  for (let j = 0; j < cols; j++) if (!colTaken[j]) unmatchedCols.push(j);
  return { matches, unmatchedRows, unmatchedCols };
}

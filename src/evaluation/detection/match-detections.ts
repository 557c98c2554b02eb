import { xywhIou } from '../../vision/detection/box-iou';
import type { Detection } from '../../vision/detection/types';
import type { MotGroundTruthBox } from './mot-ground-truth';

/** Counts for one frame (or summed over many) of detections matched against MOT ground truth. */
export interface MatchCounts {
  /** Pedestrians to find: class 1 with the consider flag set. */
  gtPedestrians: number;
  /** Of those, the ones at least 50 % visible. */
  gtVis50: number;
  tp: number;
  tpVis50: number;
  fp: number;
  /** Detections that matched no pedestrian but an ignore-class box (not counted as FP). */
  matchedIgnore: number;
}

/** MOT17 classes a detector may rightly fire on without being penalised: person on vehicle, static person, distractor, reflection. */
export const MOT_IGNORE_CLASSES: readonly number[] = [2, 7, 8, 12];

/**
 * Greedy matching (detections by descending score, each to the unmatched pedestrian with the
 * highest IoU above `iouThreshold`); an unmatched detection overlapping an ignore-class box above
 * the threshold is neither TP nor FP. Same protocol as the shared YOLOX-Nano reference evaluation.
 *
 * @example matchDetections(detections, groundTruth.get(1) ?? []) // { tp: 14, fp: 1, ... }
 */
export function matchDetections(detections: readonly Detection[], groundTruth: readonly MotGroundTruthBox[], iouThreshold = 0.5): MatchCounts {
  const pedestrians = groundTruth.filter((g) => g.consider && g.classId === 1);
  const ignored = groundTruth.filter((g) => MOT_IGNORE_CLASSES.includes(g.classId));
  const taken = new Array<boolean>(pedestrians.length).fill(false);
  const counts: MatchCounts = {
    gtPedestrians: pedestrians.length,
    gtVis50: pedestrians.filter((g) => g.visibility >= 0.5).length,
    tp: 0,
    tpVis50: 0,
    fp: 0,
    matchedIgnore: 0,
  };
  for (const det of [...detections].sort((a, b) => b.score - a.score)) {
    let best = -1;
    let bestIou = iouThreshold;
    pedestrians.forEach((g, i) => {
      const value = xywhIou(det, g);
      if (!taken[i] && value > bestIou) {
        best = i;
        bestIou = value;
      }
    });
    if (best >= 0) {
      taken[best] = true;
      counts.tp += 1;
      if (pedestrians[best].visibility >= 0.5) counts.tpVis50 += 1;
    } else if (ignored.some((g) => xywhIou(det, g) > iouThreshold)) {
      counts.matchedIgnore += 1;
    } else {
      counts.fp += 1;
    }
  }
  return counts;
}

/** Adds match counts. @example sumCounts([a, b]).tp === a.tp + b.tp */
export function sumCounts(all: readonly MatchCounts[]): MatchCounts {
  const total: MatchCounts = { gtPedestrians: 0, gtVis50: 0, tp: 0, tpVis50: 0, fp: 0, matchedIgnore: 0 };
  for (const c of all) for (const key of Object.keys(total) as (keyof MatchCounts)[]) total[key] += c[key];
  return total;
}

/** Recall and precision of summed counts (0 when undefined). @example rates({ tp: 3, fp: 1, gtPedestrians: 6, ... }) // { recall: 0.5, precision: 0.75 } */
export function rates(c: MatchCounts): { recall: number; precision: number; recallVis50: number } {
  return {
    recall: c.gtPedestrians ? c.tp / c.gtPedestrians : 0,
    precision: c.tp + c.fp ? c.tp / (c.tp + c.fp) : 0,
    recallVis50: c.gtVis50 ? c.tpVis50 / c.gtVis50 : 0,
  };
}

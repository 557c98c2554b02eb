import { solveAssignment } from '../vision/tracking/linear-assignment';
import type { EvaluationData } from './evaluation-data';

/** Raw CLEAR-MOT counts; they add up across sequences. */
export interface ClearCounts {
  tp: number;
  fn: number;
  fp: number;
  idsw: number;
  /** Sum of IoU over matches (MOTP numerator). */
  motpSum: number;
  /** Ground-truth trajectories tracked > 80 % / 20–80 % / < 20 % of their life. */
  mt: number;
  pt: number;
  ml: number;
  /** Fragmentations: times a ground-truth trajectory resumes being tracked after an interruption. */
  frag: number;
}

/** CLEAR-MOT summary; MOTA and MOTP are fractions (0.5 = 50 %). */
export interface ClearMetrics extends ClearCounts {
  mota: number;
  motp: number;
}

const EPS = Number.EPSILON;

/**
 * CLEAR-MOT exactly as TrackEval computes it: per frame, a Hungarian matching at IoU ≥ `threshold`
 * that first keeps the previous frame's gt→tracker pairs (weight 1000) and then maximises IoU; an
 * ID switch is a ground truth matched to a different tracker id than the last time it was matched.
 *
 * @example computeClearCounts(prepareEvaluationData(gt, results, { benchmark: 'MOT17', seqLength: 525 }))
 */
export function computeClearCounts(data: EvaluationData, threshold = 0.5): ClearCounts {
  const counts: ClearCounts = { tp: 0, fn: 0, fp: 0, idsw: 0, motpSum: 0, mt: 0, pt: 0, ml: 0, frag: 0 };
  const gtIdCount = new Float64Array(data.numGtIds);
  const gtMatchedCount = new Float64Array(data.numGtIds);
  const gtFragCount = new Float64Array(data.numGtIds);
  // -1 plays the role of TrackEval's NaN ("no tracker").
  const prevTrackerId = new Int32Array(data.numGtIds).fill(-1);
  let prevTimestepTrackerId = new Int32Array(data.numGtIds).fill(-1);

  for (const { gtIds, trackerIds, similarity } of data.frames) {
    const g = gtIds.length;
    const k = trackerIds.length;
    if (g === 0) {
      counts.fp += k;
      continue;
    }
    if (k === 0) {
      counts.fn += g;
      for (const id of gtIds) gtIdCount[id] += 1;
      continue;
    }

    const score = new Float64Array(g * k);
    for (let i = 0; i < g; i++) {
      const prev = prevTimestepTrackerId[gtIds[i]];
      for (let j = 0; j < k; j++) {
        const sim = similarity[i * k + j];
        score[i * k + j] = sim < threshold - EPS ? 0 : (prev === trackerIds[j] ? 1000 : 0) + sim;
      }
    }
    const rowToCol = solveAssignment(
      score.map((v) => -v),
      g,
      k,
    );

    const currentTimestep = new Int32Array(data.numGtIds).fill(-1);
    let matches = 0;
    for (let i = 0; i < g; i++) {
      const j = rowToCol[i];
      if (j < 0 || !(score[i * k + j] > EPS)) continue;
      const gtId = gtIds[i];
      const trId = trackerIds[j];
      if (prevTrackerId[gtId] !== -1 && prevTrackerId[gtId] !== trId) counts.idsw += 1;
      prevTrackerId[gtId] = trId;
      currentTimestep[gtId] = trId;
      gtMatchedCount[gtId] += 1;
      counts.motpSum += similarity[i * k + j];
      matches += 1;
    }
    for (const id of gtIds) gtIdCount[id] += 1;
    for (let id = 0; id < data.numGtIds; id++) {
      if (prevTimestepTrackerId[id] === -1 && currentTimestep[id] !== -1) gtFragCount[id] += 1;
    }
    prevTimestepTrackerId = currentTimestep;

    counts.tp += matches;
    counts.fn += g - matches;
    counts.fp += k - matches;
  }

  for (let id = 0; id < data.numGtIds; id++) {
    if (gtIdCount[id] === 0) continue;
    const ratio = gtMatchedCount[id] / gtIdCount[id];
    if (ratio > 0.8) counts.mt += 1;
    else if (ratio >= 0.2) counts.pt += 1;
    else counts.ml += 1;
    if (gtFragCount[id] > 0) counts.frag += gtFragCount[id] - 1;
  }
  return counts;
}

/**
 * Adds CLEAR counts of several sequences (TrackEval's "COMBINED" row).
 *
 * @example sumClearCounts([seq02.clear, seq04.clear])
 */
export function sumClearCounts(all: readonly ClearCounts[]): ClearCounts {
  const total: ClearCounts = { tp: 0, fn: 0, fp: 0, idsw: 0, motpSum: 0, mt: 0, pt: 0, ml: 0, frag: 0 };
  for (const c of all) for (const key of Object.keys(total) as Array<keyof ClearCounts>) total[key] += c[key];
  return total;
}

/**
 * MOTA = 1 − (FN + FP + IDSW) / GT and MOTP = mean IoU of matches.
 *
 * @example summariseClear(computeClearCounts(data)).mota
 */
export function summariseClear(c: ClearCounts): ClearMetrics {
  const gtDets = c.tp + c.fn;
  return { ...c, mota: (c.tp - c.fp - c.idsw) / Math.max(1, gtDets), motp: c.motpSum / Math.max(1, c.tp) };
}

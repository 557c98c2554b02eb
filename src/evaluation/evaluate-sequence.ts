import { computeClearCounts, sumClearCounts, summariseClear, type ClearCounts, type ClearMetrics } from './clear-mot';
import { prepareEvaluationData, type MotBenchmark } from './evaluation-data';
import { computeIdentityCounts, sumIdentityCounts, summariseIdentity, type IdentityCounts, type IdentityMetrics } from './identity';
import type { MotGroundTruthRow, MotResultRow } from './mot-challenge-format';

/** CLEAR-MOT and identity metrics of one sequence or of pooled sequences. */
export interface TrackingMetrics {
  clear: ClearMetrics;
  identity: IdentityMetrics;
  /** Ground-truth boxes evaluated (after preprocessing). */
  gtDets: number;
  gtIds: number;
}

/** Raw counts kept so sequences can be pooled the way TrackEval's COMBINED row is. */
export interface TrackingCounts {
  clear: ClearCounts;
  identity: IdentityCounts;
  gtDets: number;
  gtIds: number;
}

/**
 * Scores tracker results against ground truth with MOTChallenge rules (see prepareEvaluationData).
 *
 * @example evaluateSequence(gtRows, resultRows, { benchmark: 'MOT17', seqLength: 525 }).clear.mota
 */
export function evaluateSequence(
  gt: readonly MotGroundTruthRow[],
  results: readonly MotResultRow[],
  options: { benchmark: MotBenchmark; seqLength: number },
): TrackingMetrics & { counts: TrackingCounts } {
  const data = prepareEvaluationData(gt, results, options);
  const counts: TrackingCounts = {
    clear: computeClearCounts(data),
    identity: computeIdentityCounts(data),
    gtDets: data.numGtDets,
    gtIds: data.numGtIds,
  };
  return { ...summariseCounts(counts), counts };
}

/**
 * Pools several sequences by adding their counts, then recomputes the ratios.
 *
 * @example poolCounts(sequences.map((s) => s.counts)).clear.mota
 */
export function poolCounts(all: readonly TrackingCounts[]): TrackingMetrics {
  return summariseCounts({
    clear: sumClearCounts(all.map((c) => c.clear)),
    identity: sumIdentityCounts(all.map((c) => c.identity)),
    gtDets: all.reduce((s, c) => s + c.gtDets, 0),
    gtIds: all.reduce((s, c) => s + c.gtIds, 0),
  });
}

function summariseCounts(c: TrackingCounts): TrackingMetrics {
  return { clear: summariseClear(c.clear), identity: summariseIdentity(c.identity), gtDets: c.gtDets, gtIds: c.gtIds };
}

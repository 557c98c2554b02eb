import type { TrajectoryState } from '../analysis/trajectory';
import { precisionRecallF1, type FollowScore } from './follow-score';

/** Median, quartiles (linear interpolation between order statistics) and mean of a sample. */
export interface Distribution {
  n: number;
  q1: number;
  median: number;
  q3: number;
  mean: number;
}

/** What a set of followed identities adds up to. */
export interface FollowSummary {
  identities: number;
  /** Pooled over every frame of every identity. */
  tp: number;
  fp: number;
  fn: number;
  precision: number;
  recall: number;
  f1: number;
  identityChanges: number;
  /** Per-identity F1 and identity changes. */
  f1PerIdentity: Distribution;
  identityChangesPerIdentity: Distribution;
  /** Pooled share of output boxes in each state and the share of those that were right. */
  states: Record<Exclude<TrajectoryState, 'missing'>, { boxes: number; precision: number }>;
}

/**
 * Distribution of a sample; all zeros for an empty one.
 *
 * @example distribution([1, 2, 3, 4]) // { n: 4, q1: 1.75, median: 2.5, q3: 3.25, mean: 2.5 }
 */
export function distribution(values: readonly number[]): Distribution {
  if (values.length === 0) return { n: 0, q1: 0, median: 0, q3: 0, mean: 0 };
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => {
    const pos = q * (sorted.length - 1);
    const lo = Math.floor(pos);
    const hi = Math.min(sorted.length - 1, lo + 1);
    return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
  };
  return { n: sorted.length, q1: at(0.25), median: at(0.5), q3: at(0.75), mean: sorted.reduce((s, v) => s + v, 0) / sorted.length };
}

/**
 * Pools the scores of several followed identities (one sequence, or all).
 *
 * @example summariseFollowing(scores).f1
 */
export function summariseFollowing(scores: readonly FollowScore[]): FollowSummary {
  const tp = scores.reduce((s, x) => s + x.tp, 0);
  const fp = scores.reduce((s, x) => s + x.fp, 0);
  const fn = scores.reduce((s, x) => s + x.fn, 0);
  const state = (key: 'observed' | 'interpolated' | 'uncertain') => {
    const boxes = scores.reduce((s, x) => s + x.byState[key].boxes, 0);
    const right = scores.reduce((s, x) => s + x.byState[key].tp, 0);
    return { boxes, precision: boxes > 0 ? right / boxes : 0 };
  };
  return {
    identities: scores.length,
    tp,
    fp,
    fn,
    ...precisionRecallF1({ tp, fp, fn }),
    identityChanges: scores.reduce((s, x) => s + x.identityChanges, 0),
    f1PerIdentity: distribution(scores.map((x) => precisionRecallF1(x).f1)),
    identityChangesPerIdentity: distribution(scores.map((x) => x.identityChanges)),
    states: { observed: state('observed'), interpolated: state('interpolated'), uncertain: state('uncertain') },
  };
}

import { solveAssignment } from '../vision/tracking/linear-assignment';
import type { EvaluationData } from './evaluation-data';

/** Identity counts (Ristani et al. 2016); they add up across sequences. */
export interface IdentityCounts {
  idtp: number;
  idfp: number;
  idfn: number;
}

/** Identity summary; IDF1/IDP/IDR are fractions. */
export interface IdentityMetrics extends IdentityCounts {
  idf1: number;
  idp: number;
  idr: number;
}

/**
 * IDTP/IDFP/IDFN as TrackEval computes them: every (gt id, tracker id) pair counts the frames in
 * which their boxes overlap with IoU ≥ `threshold`; a global one-to-one matching of trajectories
 * maximises the total, which is IDTP. Everything else is IDFN (gt) or IDFP (tracker).
 *
 * TrackEval solves an (G+T)² matrix with dummy rows; with non-negative overlap counts that is the
 * same optimum as this G×T maximum-weight matching.
 *
 * @example computeIdentityCounts(prepareEvaluationData(gt, results, { benchmark: 'MOT17', seqLength: 525 }))
 */
export function computeIdentityCounts(data: EvaluationData, threshold = 0.5): IdentityCounts {
  const g = data.numGtIds;
  const t = data.numTrackerIds;
  const overlap = new Float64Array(g * t);
  for (const { gtIds, trackerIds, similarity } of data.frames) {
    const k = trackerIds.length;
    for (let i = 0; i < gtIds.length; i++) {
      for (let j = 0; j < k; j++) {
        if (similarity[i * k + j] >= threshold) overlap[gtIds[i] * t + trackerIds[j]] += 1;
      }
    }
  }
  let idtp = 0;
  if (g > 0 && t > 0) {
    const rowToCol = solveAssignment(
      overlap.map((v) => -v),
      g,
      t,
    );
    rowToCol.forEach((j, i) => {
      if (j >= 0) idtp += overlap[i * t + j];
    });
  }
  return { idtp, idfn: data.numGtDets - idtp, idfp: data.numTrackerDets - idtp };
}

/**
 * Adds identity counts of several sequences.
 *
 * @example sumIdentityCounts([seq02.identity, seq04.identity])
 */
export function sumIdentityCounts(all: readonly IdentityCounts[]): IdentityCounts {
  return all.reduce((a, c) => ({ idtp: a.idtp + c.idtp, idfp: a.idfp + c.idfp, idfn: a.idfn + c.idfn }), { idtp: 0, idfp: 0, idfn: 0 });
}

/**
 * IDF1 = 2·IDTP / (2·IDTP + IDFP + IDFN), with ID precision and recall.
 *
 * @example summariseIdentity(computeIdentityCounts(data)).idf1
 */
export function summariseIdentity(c: IdentityCounts): IdentityMetrics {
  return {
    ...c,
    idf1: c.idtp / Math.max(1, c.idtp + 0.5 * c.idfp + 0.5 * c.idfn),
    idp: c.idtp / Math.max(1, c.idtp + c.idfp),
    idr: c.idtp / Math.max(1, c.idtp + c.idfn),
  };
}

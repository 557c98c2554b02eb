import { iouMatrix } from '../vision/tracking/box';
import { solveAssignment } from '../vision/tracking/linear-assignment';
import { groupByFrame, type MotGroundTruthRow, type MotResultRow } from './mot-challenge-format';

/** Which MOTChallenge rules apply: MOT17 filters classes and distractors, MOT15 only the consider flag. */
export type MotBenchmark = 'MOT17' | 'MOT15';

/** One frame after preprocessing: ids are contiguous 0-based, `similarity` is IoU, gt rows × tracker columns. */
export interface EvaluationFrame {
  gtIds: Int32Array;
  trackerIds: Int32Array;
  similarity: Float64Array;
}

/** A sequence ready for the metrics, as TrackEval's `get_preprocessed_seq_data` produces it. */
export interface EvaluationData {
  frames: EvaluationFrame[];
  numGtIds: number;
  numTrackerIds: number;
  numGtDets: number;
  numTrackerDets: number;
}

/** MOT17 classes a tracker may follow without being counted wrong: person on vehicle, static person, distractor, reflection. */
export const MOT17_DISTRACTOR_CLASSES: ReadonlySet<number> = new Set([2, 7, 8, 12]);
const PEDESTRIAN_CLASS = 1;
const EPS = Number.EPSILON;
const MATCH_IOU = 0.5;

/** A tracker file that breaks a MOTChallenge rule (e.g. one id twice in a frame). @example throw new EvaluationInputError('tracker reports id 5 more than once in frame 1') */
export class EvaluationInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EvaluationInputError';
  }
}

/**
 * Applies MOTChallenge/TrackEval preprocessing to frames 1..`seqLength`:
 * 1. (MOT17) tracker boxes matched (Hungarian, IoU ≥ 0.5) to a distractor-class ground truth are removed;
 * 2. ground truth kept: consider flag ≠ 0 and (MOT17) class 1;
 * 3. ids relabelled 0..n−1, IoU computed for the kept pairs.
 *
 * @example prepareEvaluationData(gtRows, resultRows, { benchmark: 'MOT17', seqLength: 525 })
 */
export function prepareEvaluationData(
  gt: readonly MotGroundTruthRow[],
  tracker: readonly MotResultRow[],
  options: { benchmark: MotBenchmark; seqLength: number },
): EvaluationData {
  const { benchmark, seqLength } = options;
  const gtByFrame = groupByFrame(gt, seqLength);
  const trByFrame = groupByFrame(tracker, seqLength);
  const gtIdMap = new Map<number, number>();
  const trIdMap = new Map<number, number>();
  const kept: Array<{ gt: MotGroundTruthRow[]; tr: MotResultRow[] }> = [];

  for (let t = 1; t <= seqLength; t++) {
    const gtRows = gtByFrame[t];
    let trRows = trByFrame[t];
    const seen = new Set<number>();
    for (const r of trRows) {
      if (seen.has(r.id)) throw new EvaluationInputError(`tracker reports id ${r.id} more than once in frame ${t}`);
      seen.add(r.id);
    }

    if (benchmark === 'MOT17' && gtRows.length > 0 && trRows.length > 0) {
      const sim = iouMatrix(
        gtRows.map((r) => r.bbox),
        trRows.map((r) => r.bbox),
      );
      const score = sim.map((v) => (v < MATCH_IOU - EPS ? 0 : v));
      const rowToCol = solveAssignment(score.map((v) => -v), gtRows.length, trRows.length);
      const removed = new Set<number>();
      rowToCol.forEach((j, i) => {
        if (j >= 0 && score[i * trRows.length + j] > EPS && MOT17_DISTRACTOR_CLASSES.has(gtRows[i].classId)) removed.add(j);
      });
      if (removed.size > 0) trRows = trRows.filter((_, j) => !removed.has(j));
    }

    const gtKept = gtRows.filter((r) => r.consider !== 0 && (benchmark === 'MOT15' || r.classId === PEDESTRIAN_CLASS));
    kept.push({ gt: gtKept, tr: trRows });
  }

  // TrackEval numbers ids in ascending order of the original id.
  const sortedUnique = (ids: number[]) => [...new Set(ids)].sort((a, b) => a - b);
  sortedUnique(kept.flatMap((k) => k.gt.map((r) => r.id))).forEach((id, i) => gtIdMap.set(id, i));
  sortedUnique(kept.flatMap((k) => k.tr.map((r) => r.id))).forEach((id, i) => trIdMap.set(id, i));

  let numGtDets = 0;
  let numTrackerDets = 0;
  const frames = kept.map(({ gt: g, tr }) => {
    numGtDets += g.length;
    numTrackerDets += tr.length;
    return {
      gtIds: Int32Array.from(g, (r) => gtIdMap.get(r.id) as number),
      trackerIds: Int32Array.from(tr, (r) => trIdMap.get(r.id) as number),
      similarity: iouMatrix(
        g.map((r) => r.bbox),
        tr.map((r) => r.bbox),
      ),
    };
  });
  return { frames, numGtIds: gtIdMap.size, numTrackerIds: trIdMap.size, numGtDets, numTrackerDets };
}

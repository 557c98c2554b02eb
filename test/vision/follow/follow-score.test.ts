import { describe, expect, it } from 'vitest';
import type { Box } from '../../../src/analysis/trajectory';
import { groupByFrame, type MotGroundTruthRow } from '../../../src/evaluation/mot-challenge-format';
import type { MotTrajectoryPoint } from '../../../src/evaluation/follow-mot-sequence';
import { evaluatedPedestrians, followTargets, precisionRecallF1, scoreFollowing } from '../../../src/evaluation/follow-score';
import { distribution, summariseFollowing } from '../../../src/evaluation/follow-summary';

const box = (x: number): Box => ({ x, y: 0, w: 10, h: 10 });
const gt = (frame: number, id: number, x: number, extra: Partial<MotGroundTruthRow> = {}): MotGroundTruthRow => ({ frame, id, bbox: box(x), consider: 1, classId: 1, visibility: 1, ...extra });
const at = (frame: number, x: number | null, state: MotTrajectoryPoint['state'] = 'observed'): MotTrajectoryPoint => ({
  frame,
  index: frame - 1,
  time_sec: frame - 1,
  bbox: x === null ? null : box(x),
  confidence: x === null ? 0 : 1,
  state: x === null ? 'missing' : state,
});

describe('follower scoring', () => {
  // Identity 1 at x=0 on frames 1–6 (absent on 7), identity 2 at x=100 throughout.
  const rows = [...[1, 2, 3, 4, 5, 6].map((f) => gt(f, 1, 0)), ...[1, 2, 3, 4, 5, 6, 7].map((f) => gt(f, 2, 100)), gt(1, 3, 500, { classId: 7 }), gt(1, 4, 600, { consider: 0 })];

  it('keeps evaluated pedestrians and identities living long enough', () => {
    const pedestrians = evaluatedPedestrians(rows, 'MOT17');
    expect(new Set(pedestrians.map((r) => r.id))).toEqual(new Set([1, 2]));
    expect(new Set(evaluatedPedestrians(rows, 'MOT15').map((r) => r.id))).toEqual(new Set([1, 2, 3]));
    expect(followTargets(pedestrians, 7).map((t) => t.id)).toEqual([2]);
    expect(followTargets(pedestrians, 6).map((t) => [t.id, t.firstFrame, t.lastFrame])).toEqual([
      [1, 1, 6],
      [2, 1, 7],
    ]);
  });

  it('counts TP, FP, FN per frame, identity changes, and right boxes per state', () => {
    const pedestrians = evaluatedPedestrians(rows, 'MOT17');
    const target = followTargets(pedestrians, 6)[0];
    // 1 right, 2 missing (FN), 3 on identity 2 (FP+FN, change), 4 right again (change),
    // 5 poor box on nobody (FP+FN), 6 uncertain and right, 7 beyond the target's life: box where no truth (FP).
    const points = [at(1, 0), at(2, null), at(3, 100), at(4, 1), at(5, 300), at(6, 0, 'uncertain'), at(7, 0)];
    const score = scoreFollowing(points, target, groupByFrame(pedestrians, 7));
    expect(score).toEqual({
      id: 1,
      frames: 7,
      tp: 3,
      fp: 3,
      fn: 3,
      identityChanges: 2,
      byState: { observed: { boxes: 5, tp: 2 }, interpolated: { boxes: 0, tp: 0 }, uncertain: { boxes: 1, tp: 1 } },
    });
    expect(precisionRecallF1(score)).toEqual({ precision: 0.5, recall: 0.5, f1: 0.5 });
    const summary = summariseFollowing([score, { ...score, id: 2, tp: 6, fp: 0, fn: 0, identityChanges: 0 }]);
    expect(summary).toMatchObject({ identities: 2, tp: 9, fp: 3, fn: 3, identityChanges: 2 });
    expect(summary.f1).toBeCloseTo(0.75);
    expect(summary.f1PerIdentity).toMatchObject({ n: 2, median: 0.75, mean: 0.75 });
    expect(summary.states.uncertain).toEqual({ boxes: 2, precision: 1 });
  });

  it('describes a distribution by quartiles and mean', () => {
    expect(distribution([4, 1, 3, 2])).toEqual({ n: 4, q1: 1.75, median: 2.5, q3: 3.25, mean: 2.5 });
    expect(distribution([])).toEqual({ n: 0, q1: 0, median: 0, q3: 0, mean: 0 });
    expect(precisionRecallF1({ tp: 0, fp: 0, fn: 0 })).toEqual({ precision: 0, recall: 0, f1: 0 });
  });
});

import { describe, expect, it } from 'vitest';
import type { TrajectoryPoint } from '../../../src/analysis/trajectory';
import { AppearanceModel, appearanceSimilarity } from '../../../src/vision/follow/appearance-model';
import { CameraMotion } from '../../../src/vision/follow/camera-motion';
import { median } from '../../../src/vision/tracking/median';
import { Companions } from '../../../src/vision/follow/companions';
import { centreDistance, rankBest } from '../../../src/vision/follow/follow-candidates';
import { resolveFollowerConfig } from '../../../src/vision/follow/follower-config';
import { interpolateShortGaps, lerpBox } from '../../../src/vision/follow/interpolate-gaps';
import { SeedSchedule } from '../../../src/vision/follow/seed-schedule';
import { TargetMotion } from '../../../src/vision/follow/target-motion';

const box = (x: number, y = 0, w = 10, h = 20) => ({ x, y, w, h });
const point = (index: number, state: TrajectoryPoint['state'], x: number | null, confidence = 0.9): TrajectoryPoint => ({
  index,
  time_sec: index / 10,
  bbox: x === null ? null : box(x),
  confidence: x === null ? 0 : confidence,
  state,
});

describe('appearance', () => {
  it('compares by cosine or Bhattacharyya and treats nothing to compare as no evidence', () => {
    expect(appearanceSimilarity(Float32Array.of(1, 0), Float32Array.of(2, 0), 'cosine')).toBeCloseTo(1);
    expect(appearanceSimilarity(Float32Array.of(1, 0), Float32Array.of(0, 1), 'cosine')).toBeCloseTo(0);
    expect(appearanceSimilarity(Float32Array.of(0.5, 0.5), Float32Array.of(1, 1), 'bhattacharyya')).toBeCloseTo(1);
    expect(appearanceSimilarity(Float32Array.of(1, 0), Float32Array.of(0, 1), 'bhattacharyya')).toBeCloseTo(0);
    expect(appearanceSimilarity(Float32Array.of(0, 0), Float32Array.of(1, 1), 'cosine')).toBe(0);
    expect(appearanceSimilarity(Float32Array.of(1), Float32Array.of(1, 1), 'cosine')).toBe(0);
  });

  it('is set by a seed and moves only slowly with observations', () => {
    const model = new AppearanceModel('cosine');
    expect(model.ready).toBe(false);
    expect(model.similarity(Float32Array.of(1, 0))).toBeNull();
    model.addSeed(Float32Array.of(1, 0));
    expect(model.similarity(undefined)).toBeNull();
    for (let i = 0; i < 5; i++) model.learn(Float32Array.of(0, 1), 0.05);
    expect(model.similarity(Float32Array.of(1, 0))).toBeGreaterThan(0.95);
    model.addSeed(Float32Array.of(0, 1));
    expect(model.similarity(Float32Array.of(0, 1))).toBeGreaterThan(0.7);
    expect(() => model.similarity(Float32Array.of(1, 0, 0))).toThrow(/3 values, the model 2/);
  });
});

describe('camera motion', () => {
  it('is the median displacement of the tracks seen in both frames, zero with too few', () => {
    const camera = new CameraMotion();
    expect(camera.update([1, 2, 3, 4].map((id) => ({ id, box: box(id * 100) })))).toEqual({ dx: 0, dy: 0 });
    const moved = [1, 2, 3, 4].map((id) => ({ id, box: box(id * 100 - 12, id === 4 ? 50 : 3) }));
    expect(camera.update(moved)).toEqual({ dx: -12, dy: 3 });
    expect(camera.update(moved.slice(0, 2))).toEqual({ dx: 0, dy: 0 });
    expect(median([5, 1, 3, 2])).toBe(2.5);
  });
});

describe('target motion', () => {
  it('predicts ahead at constant velocity, keeps where it was last seen, and moves both with a new pan', () => {
    const motion = new TargetMotion(box(0, 0, 20, 50), 0, 10);
    for (let k = 1; k <= 20; k++) {
      motion.advance(k / 10, { dx: 0, dy: 0 });
      motion.observe(box(5 * k, 0, 20, 50));
    }
    motion.advance(2.5, { dx: 30, dy: 0 });
    expect(motion.secondsUnseen()).toBeCloseTo(0.5);
    expect(motion.predicted().x).toBeCloseTo(125 + 30, -1);
    expect(motion.stopped().x).toBeCloseTo(100 + 30);
    const copy = motion.clone();
    motion.advance(3, { dx: 0, dy: 0 });
    expect(copy.secondsUnseen()).toBeCloseTo(0.5);
  });
});

describe('candidate ranking and distances', () => {
  it('ranks by value with the lead over the runner-up, first wins ties', () => {
    expect(rankBest([], (x: number) => x)).toBeNull();
    expect(rankBest([3], (x) => x)).toEqual({ best: 3, lead: Infinity });
    expect(rankBest([{ v: 1 }, { v: 4 }, { v: 3 }], (x) => x.v)).toEqual({ best: { v: 4 }, lead: 1 });
    const tie = rankBest(['a', 'b'], () => 1);
    expect(tie).toEqual({ best: 'a', lead: 0 });
  });

  it('measures centre distance sideways in widths, vertically in heights', () => {
    expect(centreDistance(box(10), box(0))).toBe(1);
    expect(centreDistance(box(0, 20), box(0))).toBe(1);
  });
});

describe('companions', () => {
  it('forgets a companion whose box jumps, or that the tracker dropped', () => {
    const companions = new Companions({ moveBase: 0.5, movePerSec: 0, sizeBase: 0.3, sizePerSec: 0 });
    companions.note([{ id: 1, box: box(0) }, { id: 2, box: box(100) }, { id: 3, box: box(200) }], 0);
    companions.review([{ id: 1, box: box(2) }, { id: 2, box: box(130) }], new Set([1, 2]), 0.1);
    expect([1, 2, 3].map((id) => companions.has(id))).toEqual([true, false, false]);
    companions.forget(1);
    expect(companions.has(1)).toBe(false);
  });
});

describe('seed schedule', () => {
  it('hands out the latest due seed once, half a frame early at most', () => {
    const s = new SeedSchedule(
      [
        { timeSec: 2, bbox: box(2) },
        { timeSec: 1, bbox: box(1) },
        { timeSec: 1.1, bbox: box(11) },
      ],
      10,
    );
    expect(s.firstTime).toBe(1);
    expect(s.take(0.9)).toBeNull();
    expect(s.take(1.2)?.bbox.x).toBe(11);
    expect(s.take(1.3)).toBeNull();
    expect(s.take(1.96)?.bbox.x).toBe(2);
    expect(() => new SeedSchedule([{ timeSec: Number.NaN, bbox: box(0) }], 10)).toThrow(/timeSec must be finite/);
  });
});

describe('gap interpolation', () => {
  const limits = { maxGapSec: 0.5, maxSpeed: 5, sizeBase: 0.3, sizePerSec: 0.2 };

  it('fills a short gap between two observations linearly, with less confidence', () => {
    const points = [point(0, 'observed', 0), point(1, 'missing', null), point(2, 'missing', null), point(3, 'observed', 30)];
    const out = interpolateShortGaps(points, limits);
    expect(out.map((p) => p.state)).toEqual(['observed', 'interpolated', 'interpolated', 'observed']);
    expect(out[1].bbox?.x).toBeCloseTo(10);
    expect(out[2].bbox?.x).toBeCloseTo(20);
    expect(out[1].confidence).toBeLessThan(0.9);
    expect(points[1].state).toBe('missing');
  });

  it('leaves long gaps, implausible jumps, and gaps next to uncertain boxes missing', () => {
    const long = [point(0, 'observed', 0), ...[1, 2, 3, 4, 5].map((i) => point(i, 'missing', null)), point(6, 'observed', 10)];
    expect(interpolateShortGaps(long, limits).filter((p) => p.state === 'interpolated')).toHaveLength(0);
    const jump = [point(0, 'observed', 0), point(1, 'missing', null), point(2, 'observed', 500)];
    expect(interpolateShortGaps(jump, limits)[1].state).toBe('missing');
    const unsure = [point(0, 'uncertain', 0), point(1, 'missing', null), point(2, 'observed', 2)];
    expect(interpolateShortGaps(unsure, limits)[1].state).toBe('missing');
  });

  it('lerps boxes', () => {
    expect(lerpBox(box(0, 0, 10, 20), box(10, 0, 20, 20), 0.5)).toEqual(box(5, 0, 15, 20));
  });
});

describe('follower config', () => {
  it('fills defaults and names the bad field', () => {
    expect(resolveFollowerConfig({ maxInterpolationGapSec: 1 }).maxInterpolationGapSec).toBe(1);
    expect(() => resolveFollowerConfig({ contactIou: -1 })).toThrow(/contactIou/);
    expect(() => resolveFollowerConfig({ appearanceReject: 0.9, appearanceAccept: 0.8 })).toThrow(/appearanceReject/);
    expect(() => resolveFollowerConfig({ appearanceMetric: 'euclid' as never })).toThrow(/appearanceMetric/);
  });
});

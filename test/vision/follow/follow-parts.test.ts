import { describe, expect, it } from 'vitest';
import type { TrajectoryPoint } from '../../../src/analysis/trajectory';
import { CameraMotion } from '../../../src/vision/follow/camera-motion';
import { median } from '../../../src/vision/tracking/median';
import { interpolateShortGaps, lerpBox } from '../../../src/vision/follow/interpolate-gaps';

const box = (x: number, y = 0, w = 10, h = 20) => ({ x, y, w, h });
const point = (index: number, state: TrajectoryPoint['state'], x: number | null, confidence = 0.9): TrajectoryPoint => ({
  index,
  time_sec: index / 10,
  bbox: x === null ? null : box(x),
  confidence: x === null ? 0 : confidence,
  state,
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

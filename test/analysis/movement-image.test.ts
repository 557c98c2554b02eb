import { describe, expect, it } from 'vitest';
import { imageMovement } from '../../src/analysis/movement-image';
import { presenceOf } from '../../src/analysis/presence';
import { speedProfile } from '../../src/analysis/speed-profile';
import { groundPoint, trackSegments } from '../../src/analysis/track-segments';
import { boxWithGroundAt, noise, trajectory } from './support/trajectories';

describe('groundPoint', () => {
  it('is the bottom-centre of the box', () => {
    expect(groundPoint({ x: 100, y: 50, w: 40, h: 90 })).toEqual([120, 140]);
  });
});

describe('trackSegments', () => {
  it('keeps observed and interpolated frames, cutting runs at uncertain and missing ones', () => {
    const points = trajectory(10, [
      { frames: 5, state: 'observed' },
      { frames: 3, state: 'interpolated' },
      { frames: 2, state: 'uncertain' },
      { frames: 4, state: 'observed' },
      { frames: 1, state: 'missing' },
      { frames: 1, state: 'observed' },
    ]);
    expect(trackSegments(points).map((run) => run.map((s) => s.index))).toEqual([[0, 1, 2, 3, 4, 5, 6, 7], [10, 11, 12, 13], [15]]);
  });
});

describe('imageMovement', () => {
  it('measures a straight walk exactly: 30 px/s for 4 s is 120 px', () => {
    // Diagonal 3-4-5 walk: 1.8 px right and 2.4 px down per frame at 10 fps → 30 px/s.
    const points = trajectory(10, [{ frames: 41, state: 'observed', box: (i) => boxWithGroundAt(200 + 1.8 * i, 300 + 2.4 * i) }]);
    const movement = imageMovement(points, presenceOf(points).spans);
    expect(movement.path_length_px).toBeCloseTo(120, 6);
    expect(movement.tracked_sec).toBeCloseTo(4, 9);
    expect(movement.mean_speed_px_s).toBeCloseTo(30, 6);
    expect(movement.max_speed_px_s).toBeCloseTo(30, 6);
    expect(movement.speed_window_sec).toBeCloseTo(0.6, 9);
  });

  it('suppresses box jitter: a player standing still barely moves', () => {
    const jitter = noise(7);
    const points = trajectory(10, [{ frames: 100, state: 'observed', box: () => boxWithGroundAt(400 + 3 * jitter(), 300 + 3 * jitter()) }]);
    const runs = trackSegments(points);
    let raw = 0;
    for (let i = 1; i < runs[0]!.length; i += 1) raw += Math.hypot(runs[0]![i]!.x - runs[0]![i - 1]!.x, runs[0]![i]!.y - runs[0]![i - 1]!.y);
    const measured = imageMovement(points, presenceOf(points).spans).path_length_px;
    expect(raw).toBeGreaterThan(150);
    expect(measured).toBeLessThan(0.3 * raw);
  });

  it('keeps a jittery walk within 2% of its true length', () => {
    const jitter = noise(11);
    const points = trajectory(10, [{ frames: 101, state: 'observed', box: (i) => boxWithGroundAt(100 + 10 * i + 2 * jitter(), 300 + 2 * jitter()) }]);
    const measured = imageMovement(points, presenceOf(points).spans).path_length_px;
    expect(Math.abs(measured - 1000) / 1000).toBeLessThan(0.02);
  });

  it('gives per-span mean and max speeds, the max over a full window only', () => {
    // Span 1: 2 s at 20 px/s then 2 s at 60 px/s. Span 2 (after 2 s missing): 0.4 s, too short for a 0.6 s window.
    let x = 0;
    const points = trajectory(10, [
      { frames: 20, state: 'observed', box: () => boxWithGroundAt((x += 2), 100) },
      { frames: 20, state: 'observed', box: () => boxWithGroundAt((x += 6), 100) },
      { frames: 20, state: 'missing' },
      { frames: 5, state: 'observed', box: (i) => boxWithGroundAt(500 + 10 * i, 100) },
    ]);
    const movement = imageMovement(points, presenceOf(points).spans);
    expect(movement.spans).toHaveLength(2);
    const [first, second] = movement.spans;
    expect(first!.tracked_sec).toBeCloseTo(3.9, 9);
    expect(first!.path_length_px).toBeCloseTo(2 * 19 + 6 * 20, 1);
    expect(first!.mean_speed_px_s).toBeCloseTo((2 * 19 + 6 * 20) / 3.9, 1);
    expect(first!.max_speed_px_s).toBeCloseTo(60, 6);
    expect(second!.path_length_px).toBeCloseTo(40, 6);
    expect(second!.max_speed_px_s).toBeNull();
    expect(movement.max_speed_px_s).toBeCloseTo(60, 6);
  });
});

describe('speedProfile', () => {
  it('shrinks the window at the ends of a run', () => {
    const run = [0, 1, 2, 3].map((i) => ({ index: i, time_sec: i / 10, x: i, y: 0 }));
    const profile = speedProfile(run, 1);
    expect(profile.map((s) => s.full_window)).toEqual([false, true, true, false]);
    for (const sample of profile) expect(sample.speed).toBeCloseTo(10, 9);
  });
});

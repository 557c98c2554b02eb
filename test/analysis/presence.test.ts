import { describe, expect, it } from 'vitest';
import { presenceOf } from '../../src/analysis/presence';
import { trajectory } from './support/trajectories';

describe('presenceOf', () => {
  it('bridges absences shorter than the tolerance and splits at longer ones', () => {
    // 10 fps: 2 s present, 0.5 s missing (bridged), 1 s present, 1.5 s missing (split), 1 s present, 0.5 s missing
    const points = trajectory(10, [
      { frames: 20, state: 'observed' },
      { frames: 5, state: 'missing' },
      { frames: 10, state: 'observed' },
      { frames: 15, state: 'missing' },
      { frames: 10, state: 'interpolated' },
      { frames: 5, state: 'missing' },
    ]);
    const presence = presenceOf(points);
    expect(presence.spans.map((s) => [s.start_sec, s.end_sec])).toEqual([
      [0, 3.5],
      [5, 6],
    ]);
    expect(presence.spans[0]).toMatchObject({ first_index: 0, last_index: 34, frames: { observed: 30, missing: 5, uncertain: 0, interpolated: 0 } });
    expect(presence.spans[0]!.duration_sec).toBeCloseTo(3.5, 9);
    expect(presence.spans[0]!.present_sec).toBeCloseTo(3, 9);
    expect(presence.present_sec).toBeCloseTo(4, 9);
    expect(presence.analysed_sec).toBeCloseTo(6.5, 9);
    expect(presence.coverage).toBeCloseTo(4 / 6.5, 9);
    expect(presence.uncertain_share).toBe(0);
  });

  it('reports uncertain boxes beside presence, never in it: they may be another player', () => {
    // 10 fps: 1 s observed, 1 s uncertain (an absence as long as the tolerance: it splits), 1 s observed
    const points = trajectory(10, [
      { frames: 10, state: 'observed' },
      { frames: 10, state: 'uncertain' },
      { frames: 10, state: 'observed' },
    ]);
    const presence = presenceOf(points);
    expect(presence.spans.map((s) => [s.start_sec, s.end_sec])).toEqual([
      [0, 1],
      [2, 3],
    ]);
    expect(presence.present_sec).toBeCloseTo(2, 9);
    expect(presence.uncertain_sec).toBeCloseTo(1, 9);
    expect(presence.coverage).toBeCloseTo(2 / 3, 9);
    expect(presence.uncertain_share).toBeCloseTo(1 / 3, 9);
    // A short doubt inside a span is bridged, and still not counted as presence.
    const bridged = presenceOf(trajectory(10, [{ frames: 10, state: 'observed' }, { frames: 3, state: 'uncertain' }, { frames: 10, state: 'observed' }]));
    expect(bridged.spans).toHaveLength(1);
    expect(bridged.spans[0]).toMatchObject({ frames: { observed: 20, uncertain: 3 } });
    expect(bridged.spans[0]!.present_sec).toBeCloseTo(2, 9);
  });

  it('splits at an absence of exactly the tolerance, and honours another tolerance', () => {
    const points = trajectory(10, [
      { frames: 10, state: 'observed' },
      { frames: 10, state: 'missing' },
      { frames: 10, state: 'observed' },
    ]);
    expect(presenceOf(points).spans).toHaveLength(2);
    expect(presenceOf(points, { gapToleranceSec: 1.05 }).spans).toHaveLength(1);
    expect(presenceOf(points, { gapToleranceSec: 0 }).spans).toHaveLength(2);
  });

  it('treats skipped timestamps like missing frames', () => {
    const points = trajectory(10, [{ frames: 30, state: 'observed' }]).filter((p) => p.index < 10 || p.index >= 22);
    expect(presenceOf(points, { frameIntervalSec: 0.1 }).spans.map((s) => [s.start_sec, s.end_sec])).toEqual([
      [0, 1],
      [2.2, 3],
    ]);
  });

  it('gives no span, zero coverage and zero uncertain share when the player never shows', () => {
    const presence = presenceOf(trajectory(10, [{ frames: 30, state: 'missing' }]));
    expect(presence).toMatchObject({ spans: [], present_sec: 0, coverage: 0, uncertain_share: 0 });
    expect(presence.analysed_sec).toBeCloseTo(3, 9);
    expect(presenceOf([])).toMatchObject({ spans: [], coverage: 0, analysed_sec: 0 });
  });
});

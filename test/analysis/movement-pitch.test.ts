import { describe, expect, it } from 'vitest';
import { pitchMovement, type PitchMovementAvailable } from '../../src/analysis/movement-pitch';
import { detectSprints, timeInBands } from '../../src/analysis/speed-bands';
import type { SpeedSample } from '../../src/analysis/speed-profile';
import type { TrajectoryPoint } from '../../src/analysis/trajectory';
import { cornerCalibration, pitchToImage } from './support/camera';
import { boxWithGroundAt, trajectory } from './support/trajectories';

/** A player running along Y = 30 m; speedAt(t) in m/s, sampled at 10 fps for `seconds`. */
function runAlongPitch(seconds: number, speedAt: (t: number) => number): TrajectoryPoint[] {
  let X = 10;
  let last = 0;
  return trajectory(10, [
    {
      frames: Math.round(seconds * 10) + 1,
      state: 'observed',
      box: (_, t) => {
        X += speedAt((t + last) / 2) * (t - last);
        last = t;
        const [u, v] = pitchToImage([X, 30]);
        return boxWithGroundAt(u, v);
      },
    },
  ]);
}

function available(points: TrajectoryPoint[]): PitchMovementAvailable {
  const movement = pitchMovement(points, { calibration: { points: cornerCalibration }, staticCamera: true });
  if (!movement.available) throw new Error(movement.reason);
  return movement;
}

describe('pitchMovement', () => {
  it('refuses with a moving camera, without calibration, or with an unusable one', () => {
    const points = runAlongPitch(5, () => 5);
    const moving = pitchMovement(points, { calibration: { points: cornerCalibration }, staticCamera: false });
    expect(moving).toEqual({ available: false, code: 'MOVING_CAMERA', reason: expect.stringMatching(/static_camera is not set/) });
    expect(pitchMovement(points, { staticCamera: true })).toEqual({ available: false, code: 'NO_CALIBRATION', reason: expect.stringMatching(/no pitch calibration/) });
    const bad = pitchMovement(points, { calibration: { points: cornerCalibration.slice(0, 3) }, staticCamera: true });
    expect(bad).toEqual({ available: false, code: 'BAD_CALIBRATION', reason: expect.stringMatching(/calibration is unusable: .*at least 4/) });
  });

  it('measures a steady 5 m/s run for 10 s: 50 m, 18 km/h, all in the running band, no sprint', () => {
    const movement = available(runAlongPitch(10, () => 5));
    expect(movement.distance_m).toBeCloseTo(50, 4);
    expect(movement.tracked_sec).toBeCloseTo(10, 6);
    expect(movement.top_speed_m_s).toBeCloseTo(5, 4);
    expect(movement.top_speed_km_h).toBeCloseTo(18, 3);
    expect(movement.speed_window_sec).toBeCloseTo(1, 9);
    const bands = Object.fromEntries(movement.speed_bands.map((b) => [b.name, b.seconds]));
    expect(bands.running).toBeCloseTo(10, 6);
    expect(bands.walking! + bands.jogging! + bands.high_speed_running! + bands.sprinting!).toBeCloseTo(0, 9);
    expect(movement.sprints).toEqual([]);
    expect(movement.calibration.point_count).toBe(4);
    expect(movement.off_pitch_share).toBe(0);
    expect(movement.warnings).toEqual([]);
  });

  it('finds one sprint in 5 s at 2 m/s, 3 s at 8 m/s, 5 s at 2 m/s, and the distance of 44 m', () => {
    const movement = available(runAlongPitch(13, (t) => (t >= 5 && t < 8 ? 8 : 2)));
    expect(movement.distance_m).toBeCloseTo(44, 0);
    expect(movement.top_speed_m_s).toBeCloseTo(8, 1);
    expect(movement.sprints).toHaveLength(1);
    const [sprint] = movement.sprints;
    // The 1 s window smears the edges: the sprint is found a little shorter than 3 s, centred on it.
    expect(sprint!.duration_sec).toBeGreaterThan(2.2);
    expect(sprint!.duration_sec).toBeLessThanOrEqual(3.0001);
    expect((sprint!.start_sec + sprint!.end_sec) / 2).toBeCloseTo(6.5, 1);
    expect(sprint!.peak_speed_m_s).toBeCloseTo(8, 1);
    expect(movement.speed_bands.reduce((s, b) => s + b.seconds, 0)).toBeCloseTo(movement.tracked_sec, 9);
  });

  it('does not count a burst shorter than 1 s as a sprint', () => {
    const movement = available(runAlongPitch(10, (t) => (t >= 5 && t < 5.6 ? 9 : 2)));
    expect(movement.sprints).toEqual([]);
  });

  it('warns about superhuman speeds and points off the pitch', () => {
    const movement = available(runAlongPitch(4, () => 30));
    expect(movement.warnings.join('\n')).toMatch(/faster than anyone runs/);
    expect(movement.warnings.join('\n')).toMatch(/outside the pitch/);
  });
});

describe('detectSprints and timeInBands', () => {
  const profile = (speeds: number[]): SpeedSample[] => speeds.map((speed, i) => ({ index: i, time_sec: i / 10, speed, full_window: true }));

  it('keeps runs at ≥ 7 m/s lasting ≥ 1 s, timed half a frame either side of their samples', () => {
    const speeds = [...Array(10).fill(3), ...Array(10).fill(7.5), ...Array(10).fill(3), ...Array(9).fill(9), ...Array(5).fill(3)];
    const sprints = detectSprints([profile(speeds)]);
    expect(sprints).toHaveLength(1);
    expect(sprints[0]!.start_sec).toBeCloseTo(0.95, 9);
    expect(sprints[0]!.end_sec).toBeCloseTo(1.95, 9);
    expect(sprints[0]!.duration_sec).toBeCloseTo(1, 9);
    expect(sprints[0]!.distance_m).toBeCloseTo(7.5, 9);
  });

  it('shares time between bands, summing to the tracked time', () => {
    const bands = timeInBands([profile([1, 1, 3, 3, 5, 6, 8])]);
    expect(bands.map((b) => b.seconds.toFixed(2))).toEqual(['0.15', '0.20', '0.10', '0.10', '0.05']);
    expect(bands.reduce((s, b) => s + b.share, 0)).toBeCloseTo(1, 9);
  });
});

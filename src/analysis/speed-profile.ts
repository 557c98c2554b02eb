import type { TrackSample } from './track-segments';

/** The speed around one sample, from the displacement across a centred window. */
export interface SpeedSample {
  index: number;
  time_sec: number;
  /** Units of the track per second (px/s or m/s). */
  speed: number;
  /** The window had its full width (at a run's ends it shrinks to what is there). */
  full_window: boolean;
}

export interface MovementSummary {
  /** Length of the smoothed path, in track units. */
  distance: number;
  /** Time covered by the runs (sum of last − first sample time): what distance was measured over. */
  tracked_sec: number;
  /** distance / tracked_sec; null when nothing was tracked. */
  mean_speed: number | null;
  /** Highest speed over a full window; null when no run is as long as the window. */
  max_speed: number | null;
  /** Actual width of the full window (whole frames, at least the asked width). */
  window_sec: number;
  profiles: SpeedSample[][];
}

/**
 * Frames either side of a sample so that the centred window spans at least `windowSec`.
 *
 * @example halfWindowFor(0.5, 0.1); // 3 (a 0.6 s window: 0.5 s is not a whole even number of frames)
 */
export function halfWindowFor(windowSec: number, intervalSec: number): number {
  return Math.max(1, Math.ceil(windowSec / (2 * intervalSec) - 1e-9));
}

/**
 * Speed at each sample of one run: |p[i+h] − p[i−h]| / (t[i+h] − t[i−h]), the window shrinking
 * to the run's ends. This is the speed of the track smoothed by a centred moving average of the
 * window's width, so box jitter far shorter than the window cancels out instead of adding length.
 *
 * @example
 * speedProfile([{ index: 0, time_sec: 0, x: 0, y: 0 }, { index: 1, time_sec: 0.1, x: 1, y: 0 }], 3);
 * // [{ index: 0, time_sec: 0, speed: 10, full_window: false }, { index: 1, time_sec: 0.1, speed: 10, full_window: false }]
 */
export function speedProfile(run: readonly TrackSample[], halfWindow: number): SpeedSample[] {
  if (run.length < 2) return run.map((sample) => ({ index: sample.index, time_sec: sample.time_sec, speed: 0, full_window: false }));
  return run.map((sample, i) => {
    const lo = run[Math.max(0, i - halfWindow)]!;
    const hi = run[Math.min(run.length - 1, i + halfWindow)]!;
    const seconds = hi.time_sec - lo.time_sec;
    return {
      index: sample.index,
      time_sec: sample.time_sec,
      speed: seconds > 0 ? Math.hypot(hi.x - lo.x, hi.y - lo.y) / seconds : 0,
      full_window: i - halfWindow >= 0 && i + halfWindow < run.length,
    };
  });
}

/**
 * Distance along a run: the speed profile integrated over time (trapezoid weights: each sample
 * counts for half the time to each neighbour), so a straight walk at constant speed gives exactly
 * its length.
 *
 * @example profileDistance(speedProfile(run, 3)); // 12.5
 */
export function profileDistance(profile: readonly SpeedSample[]): number {
  let distance = 0;
  for (let i = 0; i < profile.length; i += 1) {
    const before = i > 0 ? profile[i]!.time_sec - profile[i - 1]!.time_sec : 0;
    const after = i < profile.length - 1 ? profile[i + 1]!.time_sec - profile[i]!.time_sec : 0;
    distance += (profile[i]!.speed * (before + after)) / 2;
  }
  return distance;
}

/**
 * Distance, tracked time, mean and top speed over several runs, with speeds measured across a
 * centred window of at least `windowSec` (see speedProfile); the top speed only from full windows.
 *
 * @example
 * summariseMovement(trackSegments(points), 0.5, 0.1); // { distance: 840, tracked_sec: 12, mean_speed: 70, max_speed: 95, window_sec: 0.6, … }
 */
export function summariseMovement(runs: readonly TrackSample[][], windowSec: number, intervalSec: number): MovementSummary {
  const halfWindow = halfWindowFor(windowSec, intervalSec);
  const profiles = runs.map((run) => speedProfile(run, halfWindow));
  let distance = 0;
  let trackedSec = 0;
  let maxSpeed: number | null = null;
  profiles.forEach((profile, r) => {
    const run = runs[r]!;
    distance += profileDistance(profile);
    trackedSec += run.length > 1 ? run[run.length - 1]!.time_sec - run[0]!.time_sec : 0;
    for (const sample of profile) if (sample.full_window && (maxSpeed === null || sample.speed > maxSpeed)) maxSpeed = sample.speed;
  });
  return {
    distance,
    tracked_sec: trackedSec,
    mean_speed: trackedSec > 0 ? distance / trackedSec : null,
    max_speed: maxSpeed,
    window_sec: 2 * halfWindow * intervalSec,
    profiles,
  };
}

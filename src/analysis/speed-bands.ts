import type { SpeedSample } from './speed-profile';

export interface SpeedBand {
  name: string;
  min_m_s: number;
  /** Exclusive; null: no upper bound. */
  max_m_s: number | null;
}

/**
 * The usual football tracking bands (7.2 / 14.4 / 19.8 / 25.2 km/h, as in Bradley et al. and the
 * common GPS/optical tracking reports). The sprint threshold, 7 m/s ≈ 25.2 km/h, is their last edge.
 */
export const SPEED_BANDS: readonly SpeedBand[] = [
  { name: 'walking', min_m_s: 0, max_m_s: 2 },
  { name: 'jogging', min_m_s: 2, max_m_s: 4 },
  { name: 'running', min_m_s: 4, max_m_s: 5.5 },
  { name: 'high_speed_running', min_m_s: 5.5, max_m_s: 7 },
  { name: 'sprinting', min_m_s: 7, max_m_s: null },
];

/** A sprint: speed ≥ 7 m/s (≈ 25 km/h) held for at least 1 s. */
export const SPRINT_RULE = { min_speed_m_s: 7, min_duration_sec: 1 } as const;

export interface BandTime extends SpeedBand {
  seconds: number;
  /** seconds / all tracked seconds (0 when nothing was tracked). */
  share: number;
}

export interface Sprint {
  start_sec: number;
  end_sec: number;
  duration_sec: number;
  peak_speed_m_s: number;
  distance_m: number;
}

/**
 * Time each sample stands for: half the time to each neighbour in its run, so a run's samples add
 * up to its length (last − first time), the same time speedProfile's distance is integrated over.
 *
 * @example sampleWeights([{ time_sec: 0 }, { time_sec: 0.1 }, { time_sec: 0.2 }]); // [0.05, 0.1, 0.05]
 */
export function sampleWeights(profile: readonly Pick<SpeedSample, 'time_sec'>[]): number[] {
  return profile.map((sample, i) => {
    const before = i > 0 ? sample.time_sec - profile[i - 1]!.time_sec : 0;
    const after = i < profile.length - 1 ? profile[i + 1]!.time_sec - sample.time_sec : 0;
    return (before + after) / 2;
  });
}

/**
 * Seconds spent in each speed band, over all runs' speed profiles.
 *
 * @example timeInBands(profiles); // [{ name: 'walking', min_m_s: 0, max_m_s: 2, seconds: 312.5, share: 0.52 }, …]
 */
export function timeInBands(profiles: readonly SpeedSample[][], bands: readonly SpeedBand[] = SPEED_BANDS): BandTime[] {
  const seconds = bands.map(() => 0);
  for (const profile of profiles) {
    const weights = sampleWeights(profile);
    profile.forEach((sample, i) => {
      const band = bands.findIndex((b) => sample.speed >= b.min_m_s && (b.max_m_s === null || sample.speed < b.max_m_s));
      if (band >= 0) seconds[band] += weights[i]!;
    });
  }
  const total = seconds.reduce((a, b) => a + b, 0);
  return bands.map((band, i) => ({ ...band, seconds: seconds[i]!, share: total > 0 ? seconds[i]! / total : 0 }));
}

/**
 * Sprints: maximal stretches of a run where the speed stays at or above `min_speed_m_s`, kept when
 * they last at least `min_duration_sec` (sample times as in sampleWeights). The speed comes from a
 * ≥ 1 s window, so a bout needs roughly 1.2 s or more at sprint speed to register: the price of not
 * counting jitter as sprints.
 *
 * @example detectSprints(profiles); // [{ start_sec: 41.95, end_sec: 44.05, duration_sec: 2.1, peak_speed_m_s: 8.1, distance_m: 16.4 }]
 */
export function detectSprints(profiles: readonly SpeedSample[][], rule: { min_speed_m_s: number; min_duration_sec: number } = SPRINT_RULE): Sprint[] {
  const sprints: Sprint[] = [];
  for (const profile of profiles) {
    const weights = sampleWeights(profile);
    let start = -1;
    for (let i = 0; i <= profile.length; i += 1) {
      const fast = i < profile.length && profile[i]!.speed >= rule.min_speed_m_s;
      if (fast && start < 0) start = i;
      if (!fast && start >= 0) {
        const sprint = sprintOf(profile, weights, start, i - 1);
        if (sprint.duration_sec >= rule.min_duration_sec - 1e-6) sprints.push(sprint);
        start = -1;
      }
    }
  }
  return sprints.sort((a, b) => a.start_sec - b.start_sec);
}

function sprintOf(profile: readonly SpeedSample[], weights: number[], first: number, last: number): Sprint {
  const before = first > 0 ? (profile[first]!.time_sec - profile[first - 1]!.time_sec) / 2 : 0;
  const after = last < profile.length - 1 ? (profile[last + 1]!.time_sec - profile[last]!.time_sec) / 2 : 0;
  let duration = 0;
  let distance = 0;
  let peak = 0;
  for (let i = first; i <= last; i += 1) {
    duration += weights[i]!;
    distance += profile[i]!.speed * weights[i]!;
    peak = Math.max(peak, profile[i]!.speed);
  }
  return {
    start_sec: profile[first]!.time_sec - before,
    end_sec: profile[last]!.time_sec + after,
    duration_sec: duration,
    peak_speed_m_s: peak,
    distance_m: distance,
  };
}

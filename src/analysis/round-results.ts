import type { ImageMovement } from './movement-image';
import type { PitchMovement } from './movement-pitch';
import { roundTo } from './trajectory-sampling';

const maybe = (v: number | null, decimals: number) => (v === null ? null : roundTo(v, decimals));

/**
 * Image movement rounded for display: px to 0.1, seconds to the ms.
 *
 * @example roundImageMovement(movement).path_length_px; // 1520.4
 */
export function roundImageMovement(m: ImageMovement): ImageMovement {
  return {
    path_length_px: roundTo(m.path_length_px, 1),
    tracked_sec: roundTo(m.tracked_sec, 3),
    mean_speed_px_s: maybe(m.mean_speed_px_s, 1),
    max_speed_px_s: maybe(m.max_speed_px_s, 1),
    speed_window_sec: roundTo(m.speed_window_sec, 3),
    spans: m.spans.map((s) => ({
      start_sec: roundTo(s.start_sec, 3),
      end_sec: roundTo(s.end_sec, 3),
      path_length_px: roundTo(s.path_length_px, 1),
      tracked_sec: roundTo(s.tracked_sec, 3),
      mean_speed_px_s: maybe(s.mean_speed_px_s, 1),
      max_speed_px_s: maybe(s.max_speed_px_s, 1),
    })),
  };
}

/**
 * Pitch movement rounded for display: metres and speeds to 0.01, seconds to the ms, shares to 1e-4.
 *
 * @example roundPitchMovement(movement).top_speed_km_h; // 28.44
 */
export function roundPitchMovement(m: PitchMovement): PitchMovement {
  if (!m.available) return { ...m };
  const e = m.calibration.reprojection_error;
  return {
    ...m,
    distance_m: roundTo(m.distance_m, 2),
    tracked_sec: roundTo(m.tracked_sec, 3),
    mean_speed_m_s: maybe(m.mean_speed_m_s, 2),
    top_speed_m_s: maybe(m.top_speed_m_s, 2),
    top_speed_km_h: maybe(m.top_speed_km_h, 2),
    speed_window_sec: roundTo(m.speed_window_sec, 3),
    speed_bands: m.speed_bands.map((b) => ({ ...b, seconds: roundTo(b.seconds, 3), share: roundTo(b.share, 4) })),
    sprints: m.sprints.map((s) => ({
      start_sec: roundTo(s.start_sec, 3),
      end_sec: roundTo(s.end_sec, 3),
      duration_sec: roundTo(s.duration_sec, 3),
      peak_speed_m_s: roundTo(s.peak_speed_m_s, 2),
      distance_m: roundTo(s.distance_m, 2),
    })),
    calibration: {
      point_count: m.calibration.point_count,
      reprojection_error: { rms_m: roundTo(e.rms_m, 3), max_m: roundTo(e.max_m, 3), rms_px: roundTo(e.rms_px, 2), max_px: roundTo(e.max_px, 2) },
    },
    off_pitch_share: roundTo(m.off_pitch_share, 4),
    warnings: [...m.warnings],
  };
}

import { applyHomography, CalibrationError, fitHomography, type Homography, type PitchCalibration } from './homography';
import { pitchExtentOf, type PitchExtent } from './pitch-extent';
import { detectSprints, SPRINT_RULE, timeInBands, type BandTime, type Sprint } from './speed-bands';
import { summariseMovement } from './speed-profile';
import type { TrajectoryPoint } from './trajectory';
import { trackSegments, type Point2 } from './track-segments';
import { frameIntervalOf, isTrusted } from './trajectory-sampling';

export interface PitchMovementAvailable {
  available: true;
  distance_m: number;
  /** Time with a trusted box mapped to the pitch: what distance and bands are measured over. */
  tracked_sec: number;
  mean_speed_m_s: number | null;
  /** Highest speed over a full window (≥ 1 s); null when no trusted run lasts that long. */
  top_speed_m_s: number | null;
  top_speed_km_h: number | null;
  speed_window_sec: number;
  speed_bands: BandTime[];
  sprints: Sprint[];
  sprint_rule: { min_speed_m_s: number; min_duration_sec: number };
  calibration: { point_count: number; reprojection_error: Homography['reprojection_error'] };
  /** Trusted ground points that map beyond the horizon (no pitch position): left out. */
  beyond_horizon_points: number;
  /** Share of the mapped ground points more than 5 m outside the pitch extent. */
  off_pitch_share: number;
  warnings: string[];
}

/** Why there are no metres: no calibration given, a moving camera, or a calibration that gives no homography. */
export type PitchUnavailableCode = 'NO_CALIBRATION' | 'MOVING_CAMERA' | 'BAD_CALIBRATION';

export type PitchMovement = PitchMovementAvailable | { available: false; code: PitchUnavailableCode; reason: string };

export interface PitchMovementOptions {
  calibration?: PitchCalibration | null;
  /** The user says the camera never moves: the only case where one homography holds for the whole video. */
  staticCamera: boolean;
  frameIntervalSec?: number;
  /** Minimum width of the speed window. Default 1 s. */
  speedWindowSec?: number;
}

// Faster than any human runs (the record is ≈ 12.4 m/s): a wrong calibration or a jump to another player.
const HUMAN_TOP_SPEED_M_S = 12.5;
const OFF_PITCH_MARGIN_M = 5;
const OFF_PITCH_WARNING_SHARE = 0.1;

/**
 * The player's movement on the pitch, in metres, when the camera is static and a calibration is
 * given; otherwise `{ available: false, code, reason }` (a moving camera changes the image ↔ pitch
 * mapping every frame, so one homography would turn camera pans into running). Ground points of
 * observed and interpolated frames are mapped through the homography, then measured as in
 * imageMovement but with a ≥ 1 s window: distance (speed integrated over time), top speed, time in
 * the SPEED_BANDS, and sprints (≥ 7 m/s for ≥ 1 s, see detectSprints). A calibration that cannot
 * give a homography is a reason too (the CalibrationError's message).
 *
 * @example
 * pitchMovement(points, { calibration, staticCamera: true });
 * // { available: true, distance_m: 812.4, top_speed_m_s: 7.9, top_speed_km_h: 28.4, sprints: [ … ], … }
 * pitchMovement(points, { calibration, staticCamera: false }); // { available: false, code: 'MOVING_CAMERA', reason: 'static_camera is not set …' }
 */
export function pitchMovement(points: readonly TrajectoryPoint[], options: PitchMovementOptions): PitchMovement {
  if (!options.calibration) return { available: false, code: 'NO_CALIBRATION', reason: 'no pitch calibration was given: distances in metres need one' };
  if (!options.staticCamera) {
    return {
      available: false,
      code: 'MOVING_CAMERA',
      reason: 'static_camera is not set: with a moving camera one image ↔ pitch mapping cannot hold for the whole video, so metres would be meaningless',
    };
  }
  let homography: Homography;
  try {
    homography = fitHomography(options.calibration.points);
  } catch (error) {
    if (error instanceof CalibrationError) return { available: false, code: 'BAD_CALIBRATION', reason: `the pitch calibration is unusable: ${error.message}` };
    throw error;
  }
  const interval = options.frameIntervalSec ?? frameIntervalOf(points);
  const extent = pitchExtentOf(options.calibration);
  let beyondHorizon = 0;
  let mapped = 0;
  let offPitch = 0;
  const project = (point: Point2): Point2 | null => {
    const onPitch = applyHomography(homography.matrix, point);
    if (!onPitch) beyondHorizon += 1;
    else {
      mapped += 1;
      if (outside(onPitch, extent, OFF_PITCH_MARGIN_M)) offPitch += 1;
    }
    return onPitch;
  };
  const runs = trackSegments(points, project);
  const summary = summariseMovement(runs, options.speedWindowSec ?? 1, interval);
  const offPitchShare = mapped > 0 ? offPitch / mapped : 0;

  const warnings: string[] = [];
  if (summary.max_speed !== null && summary.max_speed > HUMAN_TOP_SPEED_M_S) {
    warnings.push(
      `top speed ${summary.max_speed.toFixed(1)} m/s is faster than anyone runs (${HUMAN_TOP_SPEED_M_S} m/s): the calibration or the player follow (a switch to another player) is probably wrong`,
    );
  }
  if (beyondHorizon > 0) warnings.push(`${beyondHorizon} ground point(s) map beyond the horizon of the calibration and were left out`);
  if (offPitchShare > OFF_PITCH_WARNING_SHARE) {
    warnings.push(`${Math.round(offPitchShare * 100)}% of the ground points map more than ${OFF_PITCH_MARGIN_M} m outside the pitch: check the calibration`);
  }
  const trustedCount = points.filter(isTrusted).length;
  if (trustedCount > 0 && summary.tracked_sec === 0) warnings.push('no run of consecutive trusted frames: no distance could be measured');

  return {
    available: true,
    distance_m: summary.distance,
    tracked_sec: summary.tracked_sec,
    mean_speed_m_s: summary.mean_speed,
    top_speed_m_s: summary.max_speed,
    top_speed_km_h: summary.max_speed === null ? null : summary.max_speed * 3.6,
    speed_window_sec: summary.window_sec,
    speed_bands: timeInBands(summary.profiles),
    sprints: detectSprints(summary.profiles),
    sprint_rule: { ...SPRINT_RULE },
    calibration: { point_count: homography.point_count, reprojection_error: homography.reprojection_error },
    beyond_horizon_points: beyondHorizon,
    off_pitch_share: offPitchShare,
    warnings,
  };
}

function outside([x, y]: Point2, extent: PitchExtent, margin: number): boolean {
  return x < extent.x0 - margin || x > extent.x1 + margin || y < extent.y0 - margin || y > extent.y1 + margin;
}

import type { PresenceSpan } from './presence';
import { summariseMovement } from './speed-profile';
import type { TrajectoryPoint } from './trajectory';
import { trackSegments, type TrackSample } from './track-segments';
import { frameIntervalOf } from './trajectory-sampling';

export interface SpanImageMovement {
  start_sec: number;
  end_sec: number;
  path_length_px: number;
  /** Time with a trusted box in this span: what the speeds are measured over. */
  tracked_sec: number;
  mean_speed_px_s: number | null;
  /** Over a full window; null when no trusted run in the span lasts the window. */
  max_speed_px_s: number | null;
}

export interface ImageMovement {
  /** Of the ground point (bottom-centre of the box), in source pixels, smoothed (see imageMovement). */
  path_length_px: number;
  tracked_sec: number;
  mean_speed_px_s: number | null;
  max_speed_px_s: number | null;
  /** Width of the centred window speeds are measured across (≥ the asked 0.5 s, in whole frames). */
  speed_window_sec: number;
  spans: SpanImageMovement[];
}

export interface ImageMovementOptions {
  /** Minimum width of the speed window. Default 0.5 s. */
  windowSec?: number;
  frameIntervalSec?: number;
}

/**
 * The player's movement on screen, from the ground point (bottom-centre of the box) of the
 * observed and interpolated frames only, in runs of consecutive frames (see trackSegments).
 * Smoothing: speed at each frame is the ground point's displacement across a centred window of
 * ≥ 0.5 s divided by its duration (the speed of the track under a 0.5 s moving average); path
 * length is that speed integrated over time. Box jitter, a few pixels back and forth from frame to
 * frame, cancels out within the window instead of adding length; a straight walk is measured exactly.
 * Movement across untrusted frames is not counted: the path length is a lower bound.
 * With a moving camera these are movements on screen, camera motion included.
 *
 * @example
 * imageMovement(points, presenceOf(points).spans);
 * // { path_length_px: 1520, tracked_sec: 20, mean_speed_px_s: 76, max_speed_px_s: 180, speed_window_sec: 0.6, spans: […] }
 */
export function imageMovement(points: readonly TrajectoryPoint[], spans: readonly PresenceSpan[], options: ImageMovementOptions = {}): ImageMovement {
  const interval = options.frameIntervalSec ?? frameIntervalOf(points);
  const windowSec = options.windowSec ?? 0.5;
  const runs = trackSegments(points);
  const overall = summariseMovement(runs, windowSec, interval);
  return {
    path_length_px: overall.distance,
    tracked_sec: overall.tracked_sec,
    mean_speed_px_s: overall.mean_speed,
    max_speed_px_s: overall.max_speed,
    speed_window_sec: overall.window_sec,
    spans: spans.map((span) => {
      const inSpan = runs.filter((run) => startsWithin(run, span));
      const summary = summariseMovement(inSpan, windowSec, interval);
      return {
        start_sec: span.start_sec,
        end_sec: span.end_sec,
        path_length_px: summary.distance,
        tracked_sec: summary.tracked_sec,
        mean_speed_px_s: summary.mean_speed,
        max_speed_px_s: summary.max_speed,
      };
    }),
  };
}

// Runs stop at every untrusted frame and spans only at long absences: a run never straddles two spans.
function startsWithin(run: readonly TrackSample[], span: PresenceSpan): boolean {
  const first = run[0]!;
  return first.index >= span.first_index && first.index <= span.last_index;
}

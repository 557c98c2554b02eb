import type { TrajectoryPoint, TrajectoryState } from './trajectory';
import { countStates, frameIntervalOf, isPresent } from './trajectory-sampling';

/** A stretch of the video where the player is on screen (short absences bridged). */
export interface PresenceSpan {
  /** Time of the span's first present frame. */
  start_sec: number;
  /** End of the span's last present frame (its time + one frame interval). */
  end_sec: number;
  duration_sec: number;
  /** Frames present in the span × frame interval: the bridged gaps are not counted. */
  present_sec: number;
  first_index: number;
  last_index: number;
  frames: Record<TrajectoryState, number>;
}

export interface Presence {
  spans: PresenceSpan[];
  /** Frames where the player is claimed (observed or interpolated) × frame interval. */
  present_sec: number;
  /** Frames with a box the follower is unsure of × frame interval: beside presence, never in it. */
  uncertain_sec: number;
  /** Frames analysed × frame interval. */
  analysed_sec: number;
  /** present_sec / analysed_sec (0 when nothing was analysed). */
  coverage: number;
  /** Share of the boxed frames (claimed or uncertain) that are `uncertain` (0 when none is boxed). */
  uncertain_share: number;
  frame_interval_sec: number;
  gap_tolerance_sec: number;
}

export interface PresenceOptions {
  /** Absences strictly shorter than this do not split a span. Default 1 s. */
  gapToleranceSec?: number;
  /** Seconds per analysed frame; inferred from the points when omitted. */
  frameIntervalSec?: number;
}

// Times are sums of frame steps: a gap of exactly the tolerance must not slip under it by rounding.
const EPSILON_SEC = 1e-6;

/**
 * When the player is on screen. Each point stands for one frame interval starting at its time.
 * A span is a maximal run of present points (observed or interpolated; see isPresent) in which no
 * absence, i.e. the time between the end of one present frame and the start of the next, lasts
 * `gapToleranceSec` or more (uncertain and missing points and skipped timestamps count alike).
 * Coverage and the uncertain share count frames, not spans, so bridged gaps never count as presence.
 *
 * @example
 * // 10 fps: 20 frames present, 5 missing (0.5 s, bridged), 10 present, 15 missing (1.5 s, splits), 10 present
 * presenceOf(points).spans.map((s) => [s.start_sec, s.end_sec]); // [[0, 3.5], [5, 6]]
 */
export function presenceOf(points: readonly TrajectoryPoint[], options: PresenceOptions = {}): Presence {
  const interval = options.frameIntervalSec ?? frameIntervalOf(points);
  const tolerance = options.gapToleranceSec ?? 1;
  if (!(interval > 0)) throw new RangeError(`frame interval must be positive, got ${interval}`);
  if (!(tolerance >= 0)) throw new RangeError(`gap tolerance must be non-negative, got ${tolerance}`);

  const spans: PresenceSpan[] = [];
  let current: TrajectoryPoint[] = [];
  let lastPresent: TrajectoryPoint | null = null;
  const close = () => {
    if (current.length > 0) spans.push(spanOf(current, interval));
    current = [];
  };
  for (const point of points) {
    if (!isPresent(point)) {
      if (current.length > 0) current.push(point);
      continue;
    }
    if (lastPresent) {
      const gap = point.time_sec - (lastPresent.time_sec + interval);
      if (gap > EPSILON_SEC && gap >= tolerance - EPSILON_SEC) {
        trimTrailingMissing(current);
        close();
      }
    }
    current.push(point);
    lastPresent = point;
  }
  trimTrailingMissing(current);
  close();

  const counts = countStates(points);
  const presentFrames = counts.observed + counts.interpolated;
  const boxedFrames = presentFrames + counts.uncertain;
  const analysedSec = points.length * interval;
  return {
    spans,
    present_sec: presentFrames * interval,
    uncertain_sec: counts.uncertain * interval,
    analysed_sec: analysedSec,
    coverage: analysedSec > 0 ? (presentFrames * interval) / analysedSec : 0,
    uncertain_share: boxedFrames > 0 ? counts.uncertain / boxedFrames : 0,
    frame_interval_sec: interval,
    gap_tolerance_sec: tolerance,
  };
}

function trimTrailingMissing(run: TrajectoryPoint[]): void {
  while (run.length > 0 && !isPresent(run[run.length - 1]!)) run.pop();
}

function spanOf(run: TrajectoryPoint[], interval: number): PresenceSpan {
  const first = run[0]!;
  const last = run[run.length - 1]!;
  const frames = countStates(run);
  const presentFrames = frames.observed + frames.interpolated;
  return {
    start_sec: first.time_sec,
    end_sec: last.time_sec + interval,
    duration_sec: last.time_sec + interval - first.time_sec,
    present_sec: presentFrames * interval,
    first_index: first.index,
    last_index: last.index,
    frames,
  };
}

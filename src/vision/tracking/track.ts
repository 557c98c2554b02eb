import type { Box } from './box';
import { boxToMeasurement, correctKalman, initiateKalman, measurementToBox, predictKalman, type KalmanState } from './kalman-filter';

/** Life cycle of a track: followed this update, temporarily unmatched, or gone for good. */
export type TrackState = 'tracked' | 'lost' | 'removed';

/**
 * A detection handed to the tracker: its box (top-left + size, pixels) and detector confidence
 * (ByteTrack's thresholds assume 0..1). The person detector's `Detection` has this shape.
 */
export interface TrackerDetection extends Box {
  score: number;
}

/**
 * One tracked object with its Kalman state. Mutable and internal to the tracker: callers get
 * immutable snapshots instead.
 *
 * @example const track = new Track(detections[3], 12.4, 3)
 */
export class Track {
  /** Public id, given when the track is confirmed (first reported); null before that. */
  id: number | null = null;
  state: TrackState = 'tracked';
  /** ByteTrack's `is_activated`: matched on two updates (or born on the first update). */
  confirmed = false;
  score: number;
  readonly startTime: number;
  lastSeenTime: number;
  framesSeen = 1;
  /** Index in the current update's detection array, or -1 when unmatched in this update. */
  detectionIndex: number;
  /** When the lost buffer ran out (in reference-quirks mode the track lingers one more update). */
  expiredAt: number | null = null;
  readonly kalman: KalmanState;

  constructor(detection: TrackerDetection, timeSec: number, detectionIndex: number) {
    this.kalman = initiateKalman(boxToMeasurement(detection));
    this.score = detection.score;
    this.startTime = timeSec;
    this.lastSeenTime = timeSec;
    this.detectionIndex = detectionIndex;
  }

  /** Current box estimate (Kalman mean). @example track.box() // { x, y, w, h } */
  box(): Box {
    return measurementToBox(this.kalman.mean);
  }

  /**
   * Predicts `dtFrames` ahead. Like ByteTrack, a track that is not currently tracked stops
   * growing or shrinking (height velocity zeroed) so a lost box does not balloon.
   *
   * @example track.predict(1)
   */
  predict(dtFrames: number): void {
    if (this.state !== 'tracked') this.kalman.mean[7] = 0;
    predictKalman(this.kalman, dtFrames);
  }

  /** Moves the box estimate by the camera's motion (its velocity is the player's own, unchanged). */
  shift(dx: number, dy: number): void {
    this.kalman.mean[0] += dx;
    this.kalman.mean[1] += dy;
  }

  /**
   * Corrects the track with a matched detection and marks it tracked and confirmed.
   *
   * @example track.matchDetection(detections[3], 3, 12.4)
   */
  matchDetection(detection: TrackerDetection, detectionIndex: number, timeSec: number): void {
    correctKalman(this.kalman, boxToMeasurement(detection));
    this.state = 'tracked';
    this.confirmed = true;
    this.score = detection.score;
    this.lastSeenTime = timeSec;
    this.framesSeen += 1;
    this.detectionIndex = detectionIndex;
  }
}

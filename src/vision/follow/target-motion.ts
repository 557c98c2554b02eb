import type { Box } from '../tracking/box';
import { boxToMeasurement, correctKalman, initiateKalman, measurementToBox, predictKalman, type KalmanState } from '../tracking/kalman-filter';
import type { Shift } from './camera-motion';

/** Smoothing of the camera-motion rate remembered while the target is seen (per update). */
const PAN_RATE_SMOOTHING = 0.3;

/**
 * The follower's own motion model of the target — independent of the tracker's track, which may
 * switch to someone else — corrected only with the boxes the follower commits to.
 *
 * Two hypotheses about an unseen target: it kept going (Kalman constant velocity), or it stopped
 * where it was last seen (players stop, turn, wait behind someone). Candidates are measured
 * against both.
 *
 * Camera motion: the Kalman velocity already contains the pan that was going on while the target
 * was seen. While it is unseen, only the *change* of the pan (the scene's shift minus the pan rate
 * remembered) moves the prediction, so a static camera with a crowd walking one way does not drag
 * it, and a pan that starts during an occlusion still does. The "stopped" box moves with the
 * whole scene shift.
 *
 * @example
 * const motion = new TargetMotion(seedBox, 12.0, 30);
 * motion.advance(12.1, { dx: 3, dy: 0 });
 * motion.predicted() // where the target should be now if it kept going
 */
export class TargetMotion {
  private kalman: KalmanState;
  private time: number;
  private lastSeenTime: number;
  private lastSeen: Box;
  private panRate: Shift = { dx: 0, dy: 0 };
  /** Change of the pan since the target was last seen. */
  private panOffset: Shift = { dx: 0, dy: 0 };
  /** Whole scene shift since the target was last seen. */
  private sceneOffset: Shift = { dx: 0, dy: 0 };
  private seenAtCurrentTime = true;
  /** The last advance, when it started from a frame where the target was seen: it teaches the pan rate if the target is seen again at its end. */
  private lastStepFromSeen: { shift: Shift; dt: number } | null = null;

  constructor(
    box: Box,
    timeSec: number,
    private readonly frameRate: number,
  ) {
    this.kalman = initiateKalman(boxToMeasurement(box));
    this.time = timeSec;
    this.lastSeenTime = timeSec;
    this.lastSeen = { ...box };
  }

  /**
   * Moves the prediction to `timeSec` (non-decreasing) given the scene's shift since the last call.
   *
   * @example motion.advance(frame.timeSec, camera.update(boxes))
   */
  advance(timeSec: number, shift: Shift): void {
    const dt = timeSec - this.time;
    if (dt <= 0) return;
    // Like ByteTrack for lost tracks: an unseen box keeps its size rather than ballooning.
    if (!this.seenAtCurrentTime) this.kalman.mean[7] = 0;
    predictKalman(this.kalman, dt * this.frameRate);
    this.lastStepFromSeen = this.seenAtCurrentTime ? { shift: { ...shift }, dt } : null;
    this.panOffset.dx += shift.dx - this.panRate.dx * dt;
    this.panOffset.dy += shift.dy - this.panRate.dy * dt;
    this.sceneOffset.dx += shift.dx;
    this.sceneOffset.dy += shift.dy;
    this.time = timeSec;
    this.seenAtCurrentTime = false;
  }

  /**
   * Corrects the model with a box of the target at the current time.
   *
   * @example motion.observe(detectionBox)
   */
  observe(box: Box): void {
    const step = this.lastStepFromSeen;
    if (step !== null && !this.seenAtCurrentTime) {
      this.panRate.dx += PAN_RATE_SMOOTHING * (step.shift.dx / step.dt - this.panRate.dx);
      this.panRate.dy += PAN_RATE_SMOOTHING * (step.shift.dy / step.dt - this.panRate.dy);
    }
    this.kalman.mean[0] += this.panOffset.dx;
    this.kalman.mean[1] += this.panOffset.dy;
    correctKalman(this.kalman, boxToMeasurement(box));
    this.markSeen(box);
  }

  /**
   * Restarts the model at a box (a seed that contradicts it).
   *
   * @example motion.reset(seedBox)
   */
  reset(box: Box): void {
    this.kalman = initiateKalman(boxToMeasurement(box));
    this.markSeen(box);
  }

  /**
   * An independent copy, e.g. to remember where the target was heading before it met someone.
   *
   * @example const beforeContact = motion.clone()
   */
  clone(): TargetMotion {
    const copy = new TargetMotion(this.lastSeen, this.time, this.frameRate);
    copy.kalman = { mean: Float64Array.from(this.kalman.mean), covariance: Float64Array.from(this.kalman.covariance) };
    copy.lastSeenTime = this.lastSeenTime;
    copy.panRate = { ...this.panRate };
    copy.panOffset = { ...this.panOffset };
    copy.sceneOffset = { ...this.sceneOffset };
    copy.seenAtCurrentTime = this.seenAtCurrentTime;
    copy.lastStepFromSeen = this.lastStepFromSeen;
    return copy;
  }

  /** Where the target is now if it kept going, camera compensation included. @example motion.predicted().h */
  predicted(): Box {
    const box = measurementToBox(this.kalman.mean);
    return { x: box.x + this.panOffset.dx, y: box.y + this.panOffset.dy, w: box.w, h: box.h };
  }

  /** Where the target is now if it stopped when last seen (moved with the camera). @example motion.stopped().x */
  stopped(): Box {
    return { ...this.lastSeen, x: this.lastSeen.x + this.sceneOffset.dx, y: this.lastSeen.y + this.sceneOffset.dy };
  }

  /** Seconds since the target was last seen (0 right after observe()). @example motion.secondsUnseen() */
  secondsUnseen(): number {
    return this.time - this.lastSeenTime;
  }

  private markSeen(box: Box): void {
    this.panOffset = { dx: 0, dy: 0 };
    this.sceneOffset = { dx: 0, dy: 0 };
    this.lastSeen = { ...box };
    this.lastSeenTime = this.time;
    this.seenAtCurrentTime = true;
  }
}

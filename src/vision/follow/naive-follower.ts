import type { TrajectoryPoint } from '../../analysis/trajectory';
import { iou } from '../tracking/box';
import { ByteTracker } from '../tracking/byte-tracker';
import type { ByteTrackerConfig } from '../tracking/byte-tracker-config';
import type { FollowFrame, FollowSeed } from './follow-types';

/** Options of {@link NaiveFollower}. */
export interface NaiveFollowerOptions {
  frameRate: number;
  /** Only the earliest seed is used. */
  seeds: readonly FollowSeed[];
  tracker?: Partial<Omit<ByteTrackerConfig, 'frameRate'>>;
  /** The seed is given to the tracked box it overlaps most, if at least this much (default 0.3). */
  seedMatchIou?: number;
}

/**
 * The baseline the follower must beat: follow the ByteTrack track that matched the seed, report
 * its box whenever it is tracked, and stop for good when the tracker drops it. No re-acquisition,
 * no ID-switch detection, everything reported as `observed`. Until a track matches the seed
 * (from the seed's frame on), nothing is followed.
 *
 * @example
 * const naive = new NaiveFollower({ frameRate: 30, seeds: [{ timeSec: 0, bbox }] });
 * for (const frame of frames) naive.push(frame);
 * naive.finish();
 */
export class NaiveFollower {
  private readonly tracker: ByteTracker;
  private readonly seed: FollowSeed;
  private readonly seedMatchIou: number;
  private readonly tolerance: number;
  private trackId: number | null = null;
  private done = false;
  private readonly points: TrajectoryPoint[] = [];

  constructor(options: NaiveFollowerOptions) {
    if (options.seeds.length === 0) throw new RangeError('at least one seed is required');
    this.tracker = new ByteTracker({ ...options.tracker, frameRate: options.frameRate });
    this.seed = options.seeds.reduce((a, b) => (b.timeSec < a.timeSec ? b : a));
    this.seedMatchIou = options.seedMatchIou ?? 0.3;
    this.tolerance = 0.5 / options.frameRate;
  }

  /** Feeds the next analysed frame and returns its point. @example naive.push({ index: 0, timeSec: 0, detections }) */
  push(frame: FollowFrame): TrajectoryPoint {
    const tracks = this.tracker.update(frame.detections, frame.timeSec);
    const base = { index: frame.index, time_sec: frame.timeSec };
    if (!this.done && this.trackId === null && frame.timeSec >= this.seed.timeSec - this.tolerance) {
      let best = this.seedMatchIou;
      for (const t of tracks) {
        const overlap = iou(t.bbox, this.seed.bbox);
        if (overlap >= best) {
          best = overlap;
          this.trackId = t.id;
        }
      }
    }
    let point: TrajectoryPoint = { ...base, bbox: null, confidence: 0, state: 'missing' };
    if (this.trackId !== null) {
      const mine = tracks.find((t) => t.id === this.trackId);
      if (mine !== undefined) point = { ...base, bbox: { ...mine.bbox }, confidence: Math.min(1, mine.score), state: 'observed' };
      else if (!this.tracker.lostTracks().some((t) => t.id === this.trackId)) {
        this.trackId = null;
        this.done = true;
      }
    }
    this.points.push(point);
    return point;
  }

  /** The trajectory, one point per pushed frame. @example naive.finish().filter((p) => p.bbox) */
  finish(): TrajectoryPoint[] {
    return this.points;
  }
}

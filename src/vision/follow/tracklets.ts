import { type Box, iou } from '../tracking/box';
import { ByteTracker } from '../tracking/byte-tracker';
import { CameraMotion } from './camera-motion';
import type { ByteTrackerConfig } from '../tracking/byte-tracker-config';
import type { FollowFrame } from './follow-types';

/** One detection a tracklet holds: the detector's box (not the Kalman estimate) on an analysed frame. */
export interface TrackletPoint {
  index: number;
  timeSec: number;
  box: Box;
  score: number;
  appearance?: Float32Array;
  /**
   * How far the camera has moved the scene since the first frame (pixels, summed frame to frame):
   * `centre − panned` is where the box is in the scene, so motion across a pan means something.
   */
  panned: { dx: number; dy: number };
}

/** A run of one tracker id: the detections it was given, in time order. */
export interface Tracklet {
  id: number;
  points: TrackletPoint[];
}

/**
 * Pass 1 of the follow engine: runs ByteTrack over the analysed frames and records, per track,
 * the detections it took (with what identifies them). Every person becomes tracklets; which of
 * them are the player is decided afterwards, over the whole video (see linkTarget). Memory: the
 * detections that joined a track, which is what the offline pass needs.
 *
 * @example const rec = new TrackletRecorder({ frameRate: 25 }); for (const f of frames) rec.push(f); const tracklets = rec.finish();
 */
export class TrackletRecorder {
  private readonly tracker: ByteTracker;
  private readonly byId = new Map<number, Tracklet>();
  /** The previous frame's detections: a track is confirmed on its second detection; its first is here. */
  private previous: FollowFrame | null = null;
  private readonly camera = new CameraMotion();
  private panned = { dx: 0, dy: 0 };
  private previousPanned = { dx: 0, dy: 0 };

  constructor(config: Partial<ByteTrackerConfig> & { frameRate: number }) {
    this.tracker = new ByteTracker(config);
  }

  push(frame: FollowFrame): void {
    const tracks = this.tracker.update(frame.detections, frame.timeSec).filter((t) => t.detectionIndex !== null);
    const matched = tracks.map((t) => ({ id: t.id, box: frame.detections[t.detectionIndex!] }));
    const shift = this.camera.update(matched);
    this.panned = { dx: this.panned.dx + shift.dx, dy: this.panned.dy + shift.dy };
    for (const { id, box: detection } of matched) {
      let tracklet = this.byId.get(id);
      if (!tracklet) {
        tracklet = { id, points: [] };
        this.byId.set(id, tracklet);
        const first = this.previous && bestOverlap(this.previous, detection, this.previousPanned);
        if (first) tracklet.points.push(first);
      }
      tracklet.points.push(pointOf(frame, detection, this.panned));
    }
    this.previous = frame;
    this.previousPanned = this.panned;
  }

  /** Every tracklet, ordered by first frame. */
  finish(): Tracklet[] {
    return [...this.byId.values()].sort((a, b) => a.points[0].index - b.points[0].index || a.id - b.id);
  }
}

function pointOf(frame: FollowFrame, d: FollowFrame['detections'][number], panned: TrackletPoint['panned']): TrackletPoint {
  return {
    index: frame.index,
    timeSec: frame.timeSec,
    box: { x: d.x, y: d.y, w: d.w, h: d.h },
    score: d.score,
    ...(d.appearance ? { appearance: d.appearance } : {}),
    panned,
  };
}

/** The previous frame's detection a newly confirmed track most likely started on (IoU ≥ 0.3). */
function bestOverlap(frame: FollowFrame, box: Box, panned: TrackletPoint['panned']): TrackletPoint | null {
  let best: FollowFrame['detections'][number] | null = null;
  let bestIou = 0.3;
  for (const d of frame.detections) {
    const overlap = iou(d, box);
    if (overlap > bestIou) {
      bestIou = overlap;
      best = d;
    }
  }
  return best ? pointOf(frame, best, panned) : null;
}

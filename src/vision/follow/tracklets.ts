import { type AppearanceDescriber, lookSimilarity } from '../appearance/appearance-describer';
import type { RgbFrame } from '../detection/types';
import { type Box, iou, scaledBox } from '../tracking/box';
import { ByteTracker } from '../tracking/byte-tracker';
import type { ByteTrackerConfig } from '../tracking/byte-tracker-config';
import { CameraMotion } from './camera-motion';
import type { FollowFrame } from './follow-types';
import { ShotCuts } from './shot-cuts';

/** One detection a tracklet holds: the detector's box (not the Kalman estimate) on an analysed frame. */
export interface TrackletPoint {
  index: number;
  timeSec: number;
  box: Box;
  score: number;
  /** What the person looked like here (sampled: not every point has one). */
  appearance?: Float32Array;
  /**
   * How far the camera has moved the scene since the shot began (pixels, summed frame to frame):
   * `centre − panned` is where the box is in the scene, so motion across a pan means something.
   */
  panned: { dx: number; dy: number };
}

/**
 * A run of one tracker id without a break, within one camera shot: the detections it was given,
 * in time order. A tracker id is cut where it re-found its track after missed frames or jumped to
 * a box it barely overlaps (where trackers switch people); `source` is that id, shared by its
 * pieces, which pass 2 joins again unless a rival is clearly closer.
 */
export interface Tracklet {
  id: number;
  /** The camera shot it lies in (0, 1, 2… from the start): across shots only appearance links. */
  shot: number;
  points: TrackletPoint[];
  source?: number;
}

/**
 * Consecutive detections of one tracker id overlapping less than this, once the camera's motion
 * and the player's own are taken out, are a jump: the tracklet is cut there.
 */
const MIN_CONTINUITY_IOU = 0.5;

/** A frame's picture, and the factor from the detections' pixels to the picture's. */
export interface FramePicture {
  image: RgbFrame;
  toImage: number;
}

/**
 * Pass 1 of the follow engine: runs ByteTrack over the analysed frames and records, per track,
 * the detections it took, with what identifies them: with a describer and the frame's picture, a
 * look of each tracklet every `sampleEverySec`, taken where the box overlaps nobody else's (a box
 * half over another shows both). A cut between camera shots (see ShotCuts) ends every track.
 * Every person becomes tracklets; which of them are the player is decided afterwards, over the
 * whole video (see linkTarget). Memory: the detections that joined a track and their sampled looks.
 *
 * @example const rec = new TrackletRecorder({ frameRate: 25 }, BODY_COLOURS); for (const f of frames) await rec.push(f, picture); const tracklets = rec.finish();
 */
export class TrackletRecorder {
  private tracker: ByteTracker;
  private readonly done: Tracklet[] = [];
  /** This shot's tracklets by tracker id. */
  private byTrack = new Map<number, Tracklet>();
  private nextId = 1;
  private shot = 0;
  /** The previous frame's detections: a track is confirmed on its second detection; its first is here. */
  private previous: FollowFrame | null = null;
  private camera = new CameraMotion();
  private panned = { dx: 0, dy: 0 };
  private previousPanned = { dx: 0, dy: 0 };
  private readonly cuts: ShotCuts;
  private readonly lastSampled = new Map<number, number>();

  constructor(
    private readonly config: Partial<ByteTrackerConfig> & { frameRate: number },
    private readonly describer?: AppearanceDescriber,
    analysisFps = config.frameRate,
  ) {
    this.tracker = new ByteTracker(config);
    this.cuts = new ShotCuts(Math.max(1, Math.round(0.3 * analysisFps)));
  }

  async push(frame: FollowFrame, picture?: FramePicture): Promise<void> {
    let tracks = this.tracker.update(frame.detections, frame.timeSec).filter((t) => t.detectionIndex !== null);
    if (this.cuts.isCut(tracks.map((t) => t.id))) {
      this.startShot();
      tracks = this.tracker.update(frame.detections, frame.timeSec).filter((t) => t.detectionIndex !== null);
    }
    const matched = tracks.map((t) => ({ id: t.id, box: frame.detections[t.detectionIndex!] }));
    const shift = this.camera.update(matched);
    this.panned = { dx: this.panned.dx + shift.dx, dy: this.panned.dy + shift.dy };
    const added: Array<{ tracklet: Tracklet; point: TrackletPoint }> = [];
    for (const { id, box: detection } of matched) {
      let tracklet = this.byTrack.get(id);
      if (!tracklet) {
        tracklet = { id: this.nextId++, shot: this.shot, points: [] };
        this.byTrack.set(id, tracklet);
        const first = this.previous && bestOverlap(this.previous, detection, this.previousPanned);
        if (first) tracklet.points.push(first);
      }
      const point = pointOf(frame, detection, this.panned);
      tracklet.points.push(point);
      added.push({ tracklet, point });
    }
    if (picture && this.describer) await this.sampleLooks(added, frame, picture, this.describer);
    this.previous = frame;
    this.previousPanned = this.panned;
  }

  /**
   * Every tracklet, ordered by first frame: each tracker id cut at its re-finds and jumps (see
   * Tracklet); the first piece keeps the tracker's id, the others get ids after every tracker's.
   */
  finish(): Tracklet[] {
    const pieces: Tracklet[] = [];
    for (const t of [...this.done, ...this.byTrack.values()]) {
      let points = [t.points[0]];
      let id = t.id;
      const changesLook = this.describer ? lookChanges(t.points, this.describer) : new Set<number>();
      for (let i = 1; i < t.points.length; i++) {
        if (t.points[i].index - t.points[i - 1].index > 1 || continuity(t.points, i) < MIN_CONTINUITY_IOU || changesLook.has(i)) {
          pieces.push({ id, shot: t.shot, points, source: t.id });
          id = this.nextId++;
          points = [];
        }
        points.push(t.points[i]);
      }
      pieces.push({ id, shot: t.shot, points, source: t.id });
    }
    return pieces.sort((a, b) => a.points[0].index - b.points[0].index || a.id - b.id);
  }

  private startShot(): void {
    this.done.push(...this.byTrack.values());
    this.byTrack = new Map();
    this.shot += 1;
    this.tracker = new ByteTracker(this.config);
    this.camera = new CameraMotion();
    this.cuts.reset();
    this.previous = null;
  }

  /** Looks for the tracklets due one whose box overlaps nobody else's, in one describer call. */
  private async sampleLooks(added: Array<{ tracklet: Tracklet; point: TrackletPoint }>, frame: FollowFrame, picture: FramePicture, describer: AppearanceDescriber) {
    const alone = (box: Box) => frame.detections.filter((d) => iou(d, box) > 0.05).length <= 1;
    const due = added.filter(
      ({ tracklet, point }) => point.timeSec - (this.lastSampled.get(tracklet.id) ?? -Infinity) >= describer.sampleEverySec - 1e-6 && alone(point.box),
    );
    if (due.length === 0) return;
    const looks = await describer.describe(picture.image, due.map(({ point }) => scaledBox(point.box, picture.toImage)));
    due.forEach(({ tracklet, point }, k) => {
      if (!looks[k]) return;
      point.appearance = looks[k];
      this.lastSampled.set(tracklet.id, point.timeSec);
    });
  }
}

/**
 * Where a tracklet starts looking like somebody else (the tracker swapped two people of different
 * kits as they crossed): the points whose look, and the next look after it, both fall below
 * `different` against the (at least two) looks before them.
 */
function lookChanges(points: readonly TrackletPoint[], describer: AppearanceDescriber): Set<number> {
  const looked = points.flatMap((p, i) => (p.appearance ? [{ i, look: p.appearance }] : []));
  const changes = new Set<number>();
  let since = 0;
  const unlike = (look: Float32Array, before: typeof looked) => lookSimilarity([look], before.map((b) => b.look), describer) < describer.different;
  for (let k = since + 2; k + 1 < looked.length; k++) {
    const before = looked.slice(Math.max(since, k - 3), k);
    if (before.length >= 2 && unlike(looked[k].look, before) && unlike(looked[k + 1].look, before)) {
      changes.add(looked[k].i);
      since = k;
      k += 1;
    }
  }
  return changes;
}

/**
 * How well point i continues the ones before it: the IoU of its box with the previous one moved
 * by the camera, and also by the player's own velocity over the two points before (in the scene)
 * — the better of the two, since at 30 frames/s the detector's jitter outweighs a walker's step,
 * while at 10 frames/s a sprinter moves by more than his width.
 */
function continuity(points: readonly TrackletPoint[], i: number): number {
  const a = points[i - 1];
  const b = points[i];
  const moved = (dx: number, dy: number) => iou({ ...a.box, x: a.box.x + dx, y: a.box.y + dy }, b.box);
  const camera = { dx: b.panned.dx - a.panned.dx, dy: b.panned.dy - a.panned.dy };
  const still = moved(camera.dx, camera.dy);
  const before = i >= 2 && points[i - 2].index === a.index - 1 ? points[i - 2] : undefined;
  if (!before) return still;
  const own = { dx: a.box.x - a.panned.dx - (before.box.x - before.panned.dx), dy: a.box.y - a.panned.dy - (before.box.y - before.panned.dy) };
  return Math.max(still, moved(camera.dx + own.dx, camera.dy + own.dy));
}

function pointOf(frame: FollowFrame, d: FollowFrame['detections'][number], panned: TrackletPoint['panned']): TrackletPoint {
  return { index: frame.index, timeSec: frame.timeSec, box: { x: d.x, y: d.y, w: d.w, h: d.h }, score: d.score, panned };
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

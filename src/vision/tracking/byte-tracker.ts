import { cameraShift } from './camera-shift';
import { iou, iouPixelInclusive, type Box } from './box';
import { maxLostFrames, resolveByteTrackerConfig, type ByteTrackerConfig } from './byte-tracker-config';
import { assignWithThreshold, fuseScore, iouDistance, type CostMatrix } from './matching';
import { Track, type TrackerDetection } from './track';

/** What the tracker reports about one track after an update. */
export interface TrackSnapshot {
  /** Stable id, 1, 2, 3… in order of confirmation. */
  id: number;
  /** Kalman estimate (top-left + size), in the detections' pixel space. */
  bbox: Box;
  /** Score of the last matched detection. */
  score: number;
  state: 'tracked' | 'lost';
  /** Timestamp (s) of the track's first detection. */
  startTime: number;
  /** Timestamp (s) of the track's last matched detection. */
  lastSeenTime: number;
  /** Number of updates in which a detection was matched to the track (its first included). */
  framesSeen: number;
  /** Index into this update's `detections` matched to the track; null for lost tracks. */
  detectionIndex: number | null;
}

/** Slack for comparing frame counts computed from floating-point timestamps. */
const FRAME_EPSILON = 1e-6;

/**
 * ByteTrack multi-object tracker (Zhang et al., ECCV 2022): Kalman-predicted boxes associated
 * first with high-score detections, then — for the tracks still unmatched — with low-score ones,
 * so occluded objects whose detector confidence drops keep their identity.
 *
 * Time comes from the caller: `update(detections, timeSec)`. Kalman steps and the lost-track
 * buffer are measured in time at the nominal `frameRate`, so processing every n-th frame keeps
 * the same motion model and the same re-identification window.
 *
 * @example
 * const tracker = new ByteTracker({ frameRate: 30 });
 * const tracks = tracker.update([{ x: 10, y: 20, w: 40, h: 90, score: 0.9 }], 0);
 */
export class ByteTracker {
  readonly config: ByteTrackerConfig;
  /** Tracked tracks, confirmed or not, in ByteTrack's list order (which fixes output order). */
  private tracked: Track[] = [];
  private lost: Track[] = [];
  private lastTime: number | null = null;
  private nextId = 1;
  private readonly maxLostFrames: number;
  private readonly overlap: (a: Box, b: Box) => number;

  constructor(config: Partial<ByteTrackerConfig> = {}) {
    this.config = resolveByteTrackerConfig(config);
    this.maxLostFrames = maxLostFrames(this.config);
    this.overlap = this.config.referenceQuirks ? iouPixelInclusive : iou;
  }

  /**
   * Advances to `timeSec` (non-decreasing) with this frame's detections and returns the
   * confirmed tracks matched in this frame. Detections with a non-finite or empty box are ignored
   * (indices still refer to the array passed in).
   *
   * @example const tracks = tracker.update(detections, frameIndex / 30)
   */
  update(detections: readonly TrackerDetection[], timeSec: number): TrackSnapshot[] {
    if (!Number.isFinite(timeSec)) throw new RangeError(`timeSec must be finite, got ${timeSec}`);
    if (this.lastTime !== null && timeSec < this.lastTime) {
      throw new RangeError(`timeSec went backwards: ${timeSec} after ${this.lastTime}`);
    }
    const cfg = this.config;
    const isFirstUpdate = this.lastTime === null;
    const dtFrames = isFirstUpdate ? 0 : (timeSec - (this.lastTime as number)) * cfg.frameRate;
    this.lastTime = timeSec;

    const { high, low } = this.splitByScore(detections);
    for (const t of this.tracked) t.detectionIndex = -1;
    for (const t of this.lost) t.detectionIndex = -1;

    const unconfirmed = this.tracked.filter((t) => !t.confirmed);
    const pool = [...this.tracked.filter((t) => t.confirmed), ...this.lost];
    for (const t of pool) t.predict(dtFrames);
    if (cfg.compensateCamera) this.followCamera(pool, high.map((i) => detections[i]));

    // First association: confirmed and lost tracks ↔ high detections.
    const first = assignWithThreshold(this.cost(pool, high, detections, cfg.fuseScore), cfg.matchThresh);
    for (const [r, c] of first.matches) pool[r].matchDetection(detections[high[c]], high[c], timeSec);

    // Second association: tracks that were tracked until now ↔ low detections (no score fusion).
    const stillTracked = first.unmatchedRows.map((r) => pool[r]).filter((t) => t.state === 'tracked');
    const second = assignWithThreshold(this.cost(stillTracked, low, detections, false), cfg.lowMatchThresh);
    for (const [r, c] of second.matches) stillTracked[r].matchDetection(detections[low[c]], low[c], timeSec);
    const newlyLost: Track[] = [];
    for (const r of second.unmatchedRows) {
      stillTracked[r].state = 'lost';
      newlyLost.push(stillTracked[r]);
    }

    // Unconfirmed (one-detection) tracks ↔ high detections nobody took.
    const leftHigh = first.unmatchedCols.map((c) => high[c]);
    const third = assignWithThreshold(this.cost(unconfirmed, leftHigh, detections, cfg.fuseScore), cfg.unconfirmedMatchThresh);
    for (const [r, c] of third.matches) unconfirmed[r].matchDetection(detections[leftHigh[c]], leftHigh[c], timeSec);
    for (const r of third.unmatchedRows) unconfirmed[r].state = 'removed';

    // New tracks from confident leftovers; only those born on the first update count as confirmed.
    const born: Track[] = [];
    for (const c of third.unmatchedCols) {
      const index = leftHigh[c];
      if (detections[index].score < cfg.newTrackThresh) continue;
      const track = new Track(detections[index], timeSec, index);
      track.confirmed = isFirstUpdate;
      born.push(track);
    }

    this.expireLostTracks(timeSec);

    const refound = this.lost.filter((t) => t.state === 'tracked');
    const tracked = [...this.tracked.filter((t) => t.state === 'tracked'), ...born, ...refound];
    // The reference forgets expired tracks one update late (see ByteTrackerConfig.referenceQuirks).
    const keepLost = cfg.referenceQuirks ? (t: Track) => t.expiredAt === null || t.expiredAt >= timeSec : (t: Track) => t.state === 'lost';
    const lost = [...this.lost.filter((t) => t.state !== 'tracked'), ...newlyLost].filter(keepLost);
    [this.tracked, this.lost] = this.removeDuplicates(tracked, lost);

    const output: TrackSnapshot[] = [];
    for (const t of this.tracked) {
      if (!t.confirmed) continue;
      if (t.id === null) t.id = this.nextId++;
      output.push(snapshot(t));
    }
    return output;
  }

  /**
   * Lost tracks still inside the re-identification window, with their predicted boxes.
   *
   * @example tracker.lostTracks().map((t) => t.id)
   */
  lostTracks(): TrackSnapshot[] {
    return this.lost.filter((t) => t.state === 'lost' && t.id !== null).map(snapshot);
  }

  /** Moves the predictions by the camera's motion, estimated from the tracked ones and the confident detections. */
  private followCamera(pool: readonly Track[], high: readonly TrackerDetection[]): void {
    const shift = cameraShift(pool.filter((t) => t.state === 'tracked').map((t) => t.box()), high);
    if (!shift) return;
    for (const t of [...pool, ...this.tracked.filter((u) => !u.confirmed)]) t.shift(shift.dx, shift.dy);
  }

  /** Indices of high-score and low-score detections, in input order. */
  private splitByScore(detections: readonly TrackerDetection[]): { high: number[]; low: number[] } {
    const { highThresh, lowThresh, referenceQuirks } = this.config;
    const high: number[] = [];
    const low: number[] = [];
    detections.forEach((d, i) => {
      if (!isUsableBox(d)) return;
      if (d.score > highThresh) high.push(i);
      else if (d.score > lowThresh && !(referenceQuirks && d.score === highThresh)) low.push(i);
    });
    return { high, low };
  }

  /** Marks lost tracks unseen for longer than the buffer as removed. */
  private expireLostTracks(timeSec: number): void {
    for (const t of this.lost) {
      if (t.state === 'tracked' || t.expiredAt !== null) continue;
      if ((timeSec - t.lastSeenTime) * this.config.frameRate > this.maxLostFrames + FRAME_EPSILON) {
        t.state = 'removed';
        t.expiredAt = timeSec;
      }
    }
  }

  private cost(tracks: readonly Track[], detectionIndices: readonly number[], detections: readonly TrackerDetection[], fuse: boolean): CostMatrix {
    const cost = iouDistance(
      tracks.map((t) => t.box()),
      detectionIndices.map((i) => detections[i]),
      this.overlap,
    );
    return fuse ? fuseScore(cost, detectionIndices.map((i) => detections[i].score)) : cost;
  }

  /** ByteTrack's duplicate removal: of an overlapping tracked/lost pair, the one followed for less time goes. */
  private removeDuplicates(tracked: Track[], lost: Track[]): [Track[], Track[]] {
    if (tracked.length === 0 || lost.length === 0) return [tracked, lost];
    const cost = iouDistance(
      tracked.map((t) => t.box()),
      lost.map((t) => t.box()),
      this.overlap,
    );
    const dropTracked = new Set<number>();
    const dropLost = new Set<number>();
    for (let p = 0; p < tracked.length; p++) {
      for (let q = 0; q < lost.length; q++) {
        if (cost.data[p * lost.length + q] >= this.config.duplicateIouDistance) continue;
        const ageTracked = tracked[p].lastSeenTime - tracked[p].startTime;
        const ageLost = lost[q].lastSeenTime - lost[q].startTime;
        // Ties drop the tracked one, as the reference does.
        if ((ageTracked - ageLost) * this.config.frameRate > FRAME_EPSILON) dropLost.add(q);
        else dropTracked.add(p);
      }
    }
    return [tracked.filter((_, i) => !dropTracked.has(i)), lost.filter((_, i) => !dropLost.has(i))];
  }
}

function isUsableBox(d: TrackerDetection): boolean {
  return Number.isFinite(d.x) && Number.isFinite(d.y) && d.w > 0 && d.h > 0 && Number.isFinite(d.w) && Number.isFinite(d.h);
}

function snapshot(t: Track): TrackSnapshot {
  return {
    id: t.id as number,
    bbox: t.box(),
    score: t.score,
    state: t.state === 'tracked' ? 'tracked' : 'lost',
    startTime: t.startTime,
    lastSeenTime: t.lastSeenTime,
    framesSeen: t.framesSeen,
    detectionIndex: t.detectionIndex >= 0 ? t.detectionIndex : null,
  };
}

import { ByteTracker } from '../vision/tracking/byte-tracker';
import type { ByteTrackerConfig } from '../vision/tracking/byte-tracker-config';
import { groupByFrame, type MotDetectionRow, type MotResultRow } from './mot-challenge-format';

/** Options for {@link trackMotSequence}. */
export interface TrackMotOptions {
  /** Nominal frame rate of the sequence (seqinfo `frameRate`). */
  frameRate: number;
  /** Number of frames (seqinfo `seqLength`); detections beyond it are ignored. */
  seqLength: number;
  /** Process only every n-th frame (1 = all), keeping true timestamps. */
  frameStep?: number;
  /** Stop after this frame (inclusive). */
  lastFrame?: number;
  tracker?: Partial<Omit<ByteTrackerConfig, 'frameRate'>>;
}

/**
 * Runs ByteTrack over MOTChallenge detections frame by frame (timestamp = (frame − 1) / frameRate)
 * and returns result rows ready for `formatResults` or `evaluateSequence`.
 *
 * @example trackMotSequence(await readDetectionsFile(detPath), { frameRate: 30, seqLength: 525 })
 */
export function trackMotSequence(detections: readonly MotDetectionRow[], options: TrackMotOptions): MotResultRow[] {
  const step = options.frameStep ?? 1;
  if (!Number.isInteger(step) || step < 1) throw new RangeError(`frameStep must be an integer ≥ 1, got ${step}`);
  const last = Math.min(options.seqLength, options.lastFrame ?? options.seqLength);
  const tracker = new ByteTracker({ ...options.tracker, frameRate: options.frameRate });
  const frames = groupByFrame(detections, options.seqLength);
  const rows: MotResultRow[] = [];
  for (let frame = 1; frame <= last; frame += step) {
    const detections = frames[frame].map((r) => ({ ...r.bbox, score: r.score }));
    const tracks = tracker.update(detections, (frame - 1) / options.frameRate);
    for (const t of tracks) rows.push({ frame, id: t.id, bbox: t.bbox, score: t.score });
  }
  return rows;
}

import { withOverrides } from '../with-overrides';

/** Settings of {@link ByteTracker}; defaults are those of the ByteTrack paper for MOT17. */
export interface ByteTrackerConfig {
  /** Nominal frame rate of the source (frames/s). Converts timestamps to Kalman steps and sizes the lost buffer. */
  frameRate: number;
  /** Detections scoring above this are "high" (first association; can start tracks). ByteTrack `track_thresh`. */
  highThresh: number;
  /** Detections scoring at or below this are ignored; between low and high they only continue tracks. */
  lowThresh: number;
  /** A new track needs a high detection scoring at least this (ByteTrack: track_thresh + 0.1). */
  newTrackThresh: number;
  /** Cost limit of the first association (1 − IoU·score). */
  matchThresh: number;
  /** Cost limit (1 − IoU) of the second association, remaining tracked tracks to low detections. */
  lowMatchThresh: number;
  /** Cost limit of unconfirmed (one-detection) tracks to the remaining high detections. */
  unconfirmedMatchThresh: number;
  /** How long a lost track may be re-found, in frames at 30 frames/s (ByteTrack `track_buffer`). */
  trackBuffer: number;
  /** Multiply IoU by the detection score in the first and unconfirmed associations (ByteTrack: on unless MOT20). */
  fuseScore: boolean;
  /** A tracked and a lost track closer than this IoU distance are duplicates; the younger one is dropped. */
  duplicateIouDistance: number;
  /**
   * Move every track's prediction by the camera's motion before associating (cameraShift), as
   * BoT-SORT does with its global motion compensation: a broadcast pan moves a small player by
   * more than his width between two analysed frames, where IoU alone loses him. Off in ByteTrack.
   */
  compensateCamera: boolean;
  /**
   * Reproduce three incidental behaviours of the reference Python ByteTrack, for side-by-side
   * comparison only (off by default):
   * - IoU in the pixel-inclusive (+1) convention of cython_bbox;
   * - a detection scoring exactly `highThresh` is neither high nor low, so it is dropped;
   * - a lost track that outlives the buffer lingers one more update (it can still be re-found by
   *   a high detection then, but can never become lost again afterwards).
   */
  referenceQuirks: boolean;
}

/** ByteTrack's MOT17 settings at 30 frames/s. @example new ByteTracker({ ...DEFAULT_BYTE_TRACKER_CONFIG, frameRate: 25 }) */
export const DEFAULT_BYTE_TRACKER_CONFIG: Readonly<ByteTrackerConfig> = Object.freeze({
  frameRate: 30,
  highThresh: 0.5,
  lowThresh: 0.1,
  newTrackThresh: 0.6,
  matchThresh: 0.8,
  lowMatchThresh: 0.5,
  unconfirmedMatchThresh: 0.7,
  trackBuffer: 30,
  fuseScore: true,
  duplicateIouDistance: 0.15,
  compensateCamera: false,
  referenceQuirks: false,
});

/**
 * Fills defaults and rejects impossible settings with a message naming the field.
 *
 * @example resolveByteTrackerConfig({ frameRate: 25, highThresh: 0.6 })
 */
export function resolveByteTrackerConfig(overrides: Partial<ByteTrackerConfig> = {}): ByteTrackerConfig {
  const config = withOverrides<ByteTrackerConfig>(DEFAULT_BYTE_TRACKER_CONFIG, overrides);
  const numeric: Array<keyof ByteTrackerConfig> = [
    'frameRate',
    'highThresh',
    'lowThresh',
    'newTrackThresh',
    'matchThresh',
    'lowMatchThresh',
    'unconfirmedMatchThresh',
    'trackBuffer',
    'duplicateIouDistance',
  ];
  for (const key of numeric) {
    const value = config[key];
    if (typeof value !== 'number' || !Number.isFinite(value)) throw new RangeError(`tracker config ${key} must be a finite number, got ${String(value)}`);
  }
  if (config.frameRate <= 0) throw new RangeError(`tracker config frameRate must be > 0, got ${config.frameRate}`);
  if (config.trackBuffer < 0) throw new RangeError(`tracker config trackBuffer must be ≥ 0, got ${config.trackBuffer}`);
  if (config.lowThresh > config.highThresh) {
    throw new RangeError(`tracker config lowThresh (${config.lowThresh}) must not exceed highThresh (${config.highThresh})`);
  }
  if (typeof config.fuseScore !== 'boolean') throw new RangeError('tracker config fuseScore must be a boolean');
  if (typeof config.compensateCamera !== 'boolean') throw new RangeError('tracker config compensateCamera must be a boolean');
  if (typeof config.referenceQuirks !== 'boolean') throw new RangeError('tracker config referenceQuirks must be a boolean');
  return config;
}

/**
 * Longest time a lost track is kept, in frames at the nominal rate: ByteTrack's
 * `int(frame_rate / 30 · track_buffer)`. Divide by `frameRate` for seconds.
 *
 * @example maxLostFrames(resolveByteTrackerConfig({ frameRate: 25 })) // 25 (one second)
 */
export function maxLostFrames(config: Pick<ByteTrackerConfig, 'frameRate' | 'trackBuffer'>): number {
  return Math.floor((config.frameRate / 30) * config.trackBuffer);
}

import type { TrajectoryPoint } from '../../analysis/trajectory';
import { type DecodedFrame, decodeFrames } from '../../media/decode-frames';
import type { FfmpegBinaries } from '../../media/ffmpeg-binaries';
import { isMediaError } from '../../media/media-error';
import { readAhead } from '../../media/read-ahead';
import type { AppearanceDescriber } from '../../vision/appearance/appearance-describer';
import { decodeWidthFor } from '../../vision/detection/decode-width';
import type { PersonDetector } from '../../vision/detection/person-detector';
import type { Detection, DetectOptions } from '../../vision/detection/types';
import { OfflineFollow } from '../../vision/follow/follow-offline';
import type { FollowDetection, FollowSeed } from '../../vision/follow/follow-types';
import { scaledBox } from '../../vision/tracking/box';
import type { ByteTrackerConfig } from '../../vision/tracking/byte-tracker-config';

export interface FollowThroughVideoOptions {
  source: string;
  binaries: FfmpegBinaries;
  detector: PersonDetector;
  detectOptions: DetectOptions;
  /** Analysis frame rate (frames/s); the video's own rate when higher than it. */
  fps: number;
  video: { fps: number; width: number; height: number; duration_sec: number };
  seeds: FollowSeed[];
  /** What identifies people: a re-identification model's describer, or the body colours. */
  describer: AppearanceDescriber;
  /** ByteTrack settings of the engine's pass 1 (the detector's score thresholds). */
  tracker?: Partial<ByteTrackerConfig>;
  signal?: AbortSignal;
  /** Fraction of the video analysed so far. */
  onProgress?: (fraction: number) => void;
}

export interface FollowedVideo {
  points: TrajectoryPoint[];
  /** Set when decoding broke before the end: the trajectory covers the start only. */
  endedEarly: { analysed_until_sec: number; duration_sec: number; reason: string } | null;
}

/**
 * The follow engine (src/vision/follow/follow-offline.ts) over a video file: one pass at the
 * analysis rate, each frame decoded (streamed, the next one read while the detector works), its
 * people detected and handed with the picture to the engine, which records everyone's tracklets
 * and looks; once the whole video is known it chooses the player's, forwards and backwards from
 * every seed. Memory: a frame or two, and the tracklets. A decode that breaks halfway keeps what
 * was analysed (`endedEarly`); one that yields nothing throws.
 *
 * @example const { points } = await followThroughVideo({ source, binaries, detector, detectOptions, fps: 10, video, seeds, describer: BODY_COLOURS })
 */
export async function followThroughVideo(options: FollowThroughVideoOptions): Promise<FollowedVideo> {
  const { video } = options;
  const engine = new OfflineFollow({
    frameRate: video.fps,
    analysisFps: Math.min(options.fps, video.fps),
    seeds: options.seeds,
    describer: options.describer,
    tracker: options.tracker,
  });
  const endedEarly = await eachDetectedFrame(options, async ({ index, frame, detections, toSource }) => {
    await engine.push({ index, timeSec: frame.time_sec, detections: detections.map((d) => inSource(d, toSource)) }, { image: frame, toImage: 1 / toSource });
  });
  return { points: engine.finish(), endedEarly };
}

interface DetectedFrame {
  index: number;
  frame: DecodedFrame;
  /** In the decoded frame's pixels; `toSource` scales them to the video's. */
  detections: Detection[];
  toSource: number;
}

/**
 * Decodes the video at the analysis rate and detects people on every frame, handing each to
 * `use` in order; returns how the decode ended early, if it did (it throws if nothing decoded).
 */
async function eachDetectedFrame(options: FollowThroughVideoOptions, use: (frame: DetectedFrame) => Promise<void>): Promise<FollowedVideo['endedEarly']> {
  const { video, detector } = options;
  const { width, toSource } = decodeWidthFor(detector, options.detectOptions, video.width);
  const frames = decodeFrames(options.source, {
    binaries: options.binaries,
    fps: Math.min(options.fps, video.fps),
    ...(width ? { width } : {}),
    threads: 1,
    signal: options.signal,
  });
  let index = 0;
  let lastTime = 0;
  try {
    for await (const frame of readAhead(frames)) {
      const detections = await detector.detect(frame, options.detectOptions);
      await use({ index, frame, detections, toSource });
      index += 1;
      lastTime = frame.time_sec;
      options.onProgress?.(Math.min(1, frame.time_sec / video.duration_sec));
    }
  } catch (error) {
    if (!isMediaError(error, 'DECODE_FAILED') || index === 0) throw error;
    return { analysed_until_sec: lastTime, duration_sec: video.duration_sec, reason: error.message };
  }
  return null;
}

function inSource(d: Detection, toSource: number): FollowDetection {
  return { ...scaledBox(d, toSource), score: d.score };
}

import type { Box, TrajectoryPoint } from '../../analysis/trajectory';
import { type DecodedFrame, decodeFrames } from '../../media/decode-frames';
import type { FfmpegBinaries } from '../../media/ffmpeg-binaries';
import { isMediaError } from '../../media/media-error';
import { readAhead } from '../../media/read-ahead';
import type { ReidEmbedder } from '../../vision/appearance/reid-embedder';
import { decodeWidthFor } from '../../vision/detection/decode-width';
import type { PersonDetector } from '../../vision/detection/person-detector';
import type { Detection, DetectOptions } from '../../vision/detection/types';
import { OfflineFollow } from '../../vision/follow/follow-offline';
import type { FollowDetection, FollowFrame, FollowSeed } from '../../vision/follow/follow-types';
import type { ByteTrackerConfig } from '../../vision/tracking/byte-tracker-config';
import { PlayerFollower, type PlayerFollowerOptions } from '../../vision/follow/player-follower';

export interface FollowThroughVideoOptions {
  source: string;
  binaries: FfmpegBinaries;
  detector: PersonDetector;
  detectOptions: DetectOptions;
  /** Analysis frame rate (frames/s); the video's own rate when higher than it. */
  fps: number;
  video: { fps: number; width: number; height: number; duration_sec: number };
  seeds: FollowSeed[];
  /** A re-identification model: its embeddings identify the player (the online follower runs on them). */
  reid?: ReidEmbedder;
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
 * One pass over the whole video at the analysis rate: each frame is decoded (streamed, the next
 * one read while the detector works) and its people detected. By default the follow engine
 * (src/vision/follow/follow-offline.ts) records everyone's tracklets as the pass goes and, once
 * the whole video is known, chooses the player's, forwards and backwards from every seed. With a
 * re-identification model, the online PlayerFollower runs instead, on the embeddings (frames
 * before the first seed followed backwards once the pass is over), until the engine uses
 * appearance too. Memory: a frame or two, and the tracklets (or the detections before the first
 * seed). A decode that breaks halfway keeps what was analysed (`endedEarly`); one that yields
 * nothing throws.
 *
 * @example const { points } = await followThroughVideo({ source, binaries, detector, detectOptions, fps: 10, video, seeds })
 */
export async function followThroughVideo(options: FollowThroughVideoOptions): Promise<FollowedVideo> {
  return options.reid ? followOnline(options, options.reid) : followWithEngine(options);
}

async function followWithEngine(options: FollowThroughVideoOptions): Promise<FollowedVideo> {
  const engine = new OfflineFollow({ frameRate: options.video.fps, tracker: options.tracker });
  const endedEarly = await eachDetectedFrame(options, async ({ index, frame, detections, toSource }) => {
    engine.push({ index, timeSec: frame.time_sec, detections: detections.map((d) => inSource(d, toSource)) });
  });
  return { points: engine.finish(options.seeds), endedEarly };
}

async function followOnline(options: FollowThroughVideoOptions, reid: ReidEmbedder): Promise<FollowedVideo> {
  const { video } = options;
  const fps = Math.min(options.fps, video.fps);
  const setup = { frameRate: video.fps, frameWidth: video.width, frameHeight: video.height, ...REID_TUNING };
  const follower = new PlayerFollower({ ...setup, seeds: options.seeds });
  const seedsInTime = [...options.seeds].sort((a, b) => a.timeSec - b.timeSec);
  const firstSeed = seedsInTime[0].timeSec;
  const beforeSeed: FollowFrame[] = [];
  // Where the player was last seen: re-identification looks around it.
  let lastSeen: Box | null = null;
  const endedEarly = await eachDetectedFrame(options, async ({ index, frame, detections, toSource }) => {
    const near = scaled(expectedAt(seedsInTime, frame.time_sec, 0.5 / fps, lastSeen), 1 / toSource);
    const appearances = await embedNearest(reid, frame, detections, near);
    const followFrame = { index, timeSec: frame.time_sec, detections: detections.map((d, i) => ({ ...inSource(d, toSource), appearance: appearances[i] })) };
    const point = follower.push(followFrame);
    lastSeen = point.bbox ?? null;
    if (frame.time_sec <= firstSeed + 0.5 / fps) beforeSeed.push(followFrame);
  });
  const forward = follower.finish();
  const backward = followBackwards(beforeSeed, options.seeds, setup);
  return { points: forward.map((point) => backward.get(point.index) ?? point), endedEarly };
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
  return { ...scaled(d, toSource), score: d.score };
}

/**
 * Re-identification embeddings (cosine) identify people. Measured with OSNet x0.25 on the
 * one-by-one clip: one person across seconds 0.88–0.99, two people dressed alike 0.70–0.76.
 */
const REID_TUNING: Partial<PlayerFollowerOptions> = {
  appearanceMetric: 'cosine',
  appearanceIdentifies: true,
  appearanceAccept: 0.82,
  appearanceReject: 0.65,
  appearanceMargin: 0.08,
};

/** People embedded per frame: an embedding costs about one detector run on two cores. */
const REID_PER_FRAME = 4;

/**
 * Embeddings for the detections nearest where the player is expected; the others get none, which
 * the follower reads as no evidence.
 */
async function embedNearest(reid: ReidEmbedder, frame: DecodedFrame, detections: Detection[], near: Box) {
  const distance = (d: Box) => Math.hypot(d.x + d.w / 2 - (near.x + near.w / 2), d.y + d.h / 2 - (near.y + near.h / 2));
  const chosen = detections
    .map((d, i) => ({ i, key: distance(d) }))
    .sort((a, b) => a.key - b.key)
    .slice(0, REID_PER_FRAME)
    .map((r) => r.i);
  const embeddings = await reid.embed(frame, chosen.map((i) => detections[i]));
  const out: Array<Float32Array | undefined> = new Array(detections.length).fill(undefined);
  chosen.forEach((i, k) => (out[i] = embeddings[k]));
  return out;
}

/**
 * Where the player is expected at a time (source pixels): on a seed's frame its box; else where
 * the follower last saw them; else the latest seed's box (the first seed's before all of them).
 * `seeds` are in time order.
 */
function expectedAt(seeds: readonly FollowSeed[], timeSec: number, halfFrame: number, lastSeen: Box | null): Box {
  const due = seeds.find((s) => Math.abs(s.timeSec - timeSec) <= halfFrame);
  if (due) return due.bbox;
  if (lastSeen) return lastSeen;
  return (seeds.findLast((s) => s.timeSec <= timeSec) ?? seeds[0]).bbox;
}

function scaled(box: Box, factor: number): Box {
  return { x: box.x * factor, y: box.y * factor, w: box.w * factor, h: box.h * factor };
}

/**
 * Follows the player from the first seed back to the start: the same follower on the frames in
 * reverse order, time negated (motion models are symmetric in time). Returns the points of the
 * frames strictly before the seed, by frame index.
 */
function followBackwards(
  frames: FollowFrame[],
  seeds: readonly FollowSeed[],
  setup: Omit<PlayerFollowerOptions, 'seeds'>,
): Map<number, FollowedVideo['points'][number]> {
  const first = seeds.reduce((a, b) => (b.timeSec < a.timeSec ? b : a));
  const seedFrame = frames.findLast((f) => f.timeSec <= first.timeSec + 1e-6) ?? frames.at(-1);
  const before = frames.filter((f) => f.timeSec < (seedFrame?.timeSec ?? first.timeSec));
  const out = new Map<number, FollowedVideo['points'][number]>();
  if (!seedFrame || before.length === 0) return out;
  const follower = new PlayerFollower({ ...setup, seeds: [{ ...first, timeSec: -seedFrame.timeSec }] });
  for (const frame of [seedFrame, ...before.reverse()]) follower.push({ ...frame, timeSec: -frame.timeSec });
  for (const point of follower.finish()) {
    if (point.index !== seedFrame.index) out.set(point.index, { ...point, time_sec: -point.time_sec });
  }
  return out;
}

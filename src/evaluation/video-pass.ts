import { decodeFrames } from '../media/decode-frames';
import type { FfmpegBinaries } from '../media/ffmpeg-binaries';
import type { AppearanceDescriber } from '../vision/appearance/appearance-describer';
import { decodeWidthFor } from '../vision/detection/decode-width';
import type { PersonDetector } from '../vision/detection/person-detector';
import type { DetectOptions } from '../vision/detection/types';
import { OFFLINE_TRACKER } from '../vision/follow/follow-offline';
import type { TimelineFrame } from '../vision/follow/link-target';
import { TrackletRecorder } from '../vision/follow/tracklets';
import { scaledBox } from '../vision/tracking/box';
import type { ByteTrackerConfig } from '../vision/tracking/byte-tracker-config';
import { type IdentitySeed, type SequencePass, seedKey } from './follow-identities';

export interface VideoPassOptions {
  binaries: FfmpegBinaries;
  detector: PersonDetector;
  detectOptions: DetectOptions;
  /** What identifies people; none: motion alone. */
  describer?: AppearanceDescriber;
  tracker?: Partial<ByteTrackerConfig>;
  videoWidth: number;
  frameRate: number;
  /** The seed boxes whose looks the followers will need, described on their frames. */
  seeds: readonly IdentitySeed[];
}

/**
 * Pass 1 of the follow engine over every frame of a video with ground truth, as the analysis
 * runs it (detector, tracker, the describer's looks from the pictures), with the looks of the
 * evaluation's seed boxes taken on their frames — frame n of the ground truth is the n-th decoded
 * frame, timeline index n − 1.
 *
 * @example const pass = await videoPass('video.mp4', { binaries, detector, detectOptions, describer: BODY_COLOURS, videoWidth: 768, frameRate: 7, seeds })
 */
export async function videoPass(file: string, options: VideoPassOptions): Promise<SequencePass> {
  const { detector, describer } = options;
  const { width, toSource } = decodeWidthFor(detector, options.detectOptions, options.videoWidth);
  const recorder = new TrackletRecorder({ ...OFFLINE_TRACKER, ...options.tracker, frameRate: options.frameRate }, describer);
  const frames: TimelineFrame[] = [];
  const seedLooks = new Map<string, Float32Array>();
  for await (const decoded of decodeFrames(file, { binaries: options.binaries, ...(width ? { width } : {}) })) {
    const index = frames.length;
    const timeSec = index / options.frameRate;
    const detections = (await detector.detect(decoded, options.detectOptions)).map((d) => ({ ...scaledBox(d, toSource), score: d.score }));
    await recorder.push({ index, timeSec, detections }, { image: decoded, toImage: 1 / toSource });
    frames.push({ index, timeSec });
    const due = options.seeds.filter((s) => s.frame === index + 1);
    if (describer && due.length > 0) {
      const looks = await describer.describe(decoded, due.map(({ box }) => scaledBox(box, 1 / toSource)));
      due.forEach((seed, k) => looks[k] && seedLooks.set(seedKey(seed), looks[k]));
    }
  }
  return { frames, tracklets: recorder.finish(), ...(describer ? { compare: describer, seedLooks } : {}) };
}

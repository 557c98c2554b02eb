import type { PreviewFrame } from '../../../machines/job.types';
import { decodeFrames } from '../../media/decode-frames';
import type { FfmpegBinaries } from '../../media/ffmpeg-binaries';
import { readAhead } from '../../media/read-ahead';
import { BODY_COLOURS } from '../appearance/appearance-describer';
import { decodeWidthFor } from '../detection/decode-width';
import type { PersonDetector } from '../detection/person-detector';
import type { DetectOptions } from '../detection/types';
import { OFFLINE_TRACKER } from '../follow/follow-offline';
import { people } from '../follow/link-target';
import { TrackletRecorder } from '../follow/tracklets';
import { scaledBox } from '../tracking/box';
import type { ByteTrackerConfig } from '../tracking/byte-tracker-config';
import type { SegmentTrack } from './candidate-linker';
import type { TrackingSegment } from './plan-segments';

export interface SegmentTrackingOptions {
  source: string;
  binaries: FfmpegBinaries;
  detector: PersonDetector;
  detectOptions: DetectOptions;
  tracker: Partial<ByteTrackerConfig>;
  /** Frames per second run through the detector between previews (previews themselves always are). */
  detectFps: number;
  /** A track counts as seen on a preview only with a detection at least this sure there. */
  minPreviewScore: number;
  videoFps: number;
  videoWidth: number;
  signal?: AbortSignal;
  /** Called after each detected frame with the fraction of the segment done. */
  onProgress?: (fraction: number) => void;
}

/**
 * The people in one segment, by the follow engine: decodes the segment once (streamed), detects
 * on the previews and on every n-th frame between them (about `detectFps` a second), records
 * everyone's tracklets and body colours (pass 1), and links them into people as the analysis
 * would (pass 2), so a person the tracker lost and found again is one candidate, not two. Keeps
 * the people seen on at least one preview, with their boxes there and their mean body colours.
 * The next frame is read while the detector works on the current one.
 *
 * @example const tracks = await trackSegment(segment, { source, binaries, detector, ... })
 */
export async function trackSegment(segment: TrackingSegment, options: SegmentTrackingOptions): Promise<SegmentTrack[]> {
  const { detector, videoFps } = options;
  const halfFrame = 0.5 / videoFps;
  const previewAt = (time: number) => segment.previews.find((p) => Math.abs(p.frame_time_sec - time) < halfFrame);
  const span = Math.max(segment.endSec - segment.startSec, 1e-6);
  const recorder = new TrackletRecorder({ ...OFFLINE_TRACKER, ...options.tracker, frameRate: videoFps }, BODY_COLOURS, options.detectFps);
  const previewsByIndex = new Map<number, PreviewFrame>();

  const { width, toSource } = decodeWidthFor(detector, options.detectOptions, options.videoWidth);
  // ffmpeg hands over only the frames the detector runs on: the previews, and every n-th between.
  const firstFrame = Math.ceil(segment.startSec * videoFps - 1e-6);
  const sample = {
    every: Math.max(1, Math.round(videoFps / options.detectFps)),
    also: segment.previews.map((p) => p.frame_index - firstFrame).filter((offset) => offset >= 0),
  };
  const frames = decodeFrames(options.source, {
    binaries: options.binaries,
    startSec: segment.startSec,
    durationSec: span + halfFrame,
    ...(width ? { width } : {}),
    sample,
    threads: 1,
    signal: options.signal,
  });
  let index = 0;
  for await (const frame of readAhead(frames)) {
    const preview = previewAt(frame.time_sec);
    if (preview) previewsByIndex.set(index, preview);
    const detections = (await detector.detect(frame, options.detectOptions)).map((d) => ({ ...scaledBox(d, toSource), score: d.score }));
    await recorder.push({ index, timeSec: frame.time_sec, detections }, { image: frame, toImage: 1 / toSource });
    index += 1;
    options.onProgress?.(Math.min(1, (frame.time_sec - segment.startSec) / span));
  }
  return people(recorder.finish(), undefined, BODY_COLOURS).flatMap((chain) => {
    const points = chain.flatMap((t) => t.points);
    const onPreviews = points.flatMap((p) => {
      const preview = previewsByIndex.get(p.index);
      return preview && p.score >= options.minPreviewScore
        ? [{ frame_key: preview.frame_key, frame_time_sec: preview.frame_time_sec, bbox: { ...p.box }, score: p.score }]
        : [];
    });
    const looks = points.flatMap((p) => (p.appearance ? [p.appearance] : []));
    return onPreviews.length > 0 && looks.length > 0 ? [{ frames: onPreviews, appearance: meanLook(looks) }] : [];
  });
}

function meanLook(looks: readonly Float32Array[]): Float32Array {
  const mean = new Float32Array(looks[0].length);
  for (const look of looks) for (let i = 0; i < mean.length; i++) mean[i] += look[i] / looks.length;
  return mean;
}

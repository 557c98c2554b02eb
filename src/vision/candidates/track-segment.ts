import type { PreviewFrame } from '../../../machines/job.types';
import { decodeFrames } from '../../media/decode-frames';
import type { FfmpegBinaries } from '../../media/ffmpeg-binaries';
import { readAhead } from '../../media/read-ahead';
import { TORSO_HISTOGRAM_SIZE, torsoHistogram } from '../appearance/torso-histogram';
import { decodeWidthFor } from '../detection/decode-width';
import type { PersonDetector } from '../detection/person-detector';
import type { DetectOptions } from '../detection/types';
import { ByteTracker } from '../tracking/byte-tracker';
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
 * Tracks everyone in one segment: decodes it once (streamed), detects on the previews and on
 * every n-th frame between them (about `detectFps` a second), runs ByteTrack with the frames' timestamps, and keeps
 * the tracks seen on at least one preview, with their boxes there and their mean torso colours.
 * The next frame is read while the detector works on the current one.
 *
 * @example const tracks = await trackSegment(segment, { source, binaries, detector, ... })
 */
export async function trackSegment(segment: TrackingSegment, options: SegmentTrackingOptions): Promise<SegmentTrack[]> {
  const { detector, videoFps } = options;
  const tracker = new ByteTracker({ ...options.tracker, frameRate: videoFps });
  const halfFrame = 0.5 / videoFps;
  const previewAt = (time: number) => segment.previews.find((p) => Math.abs(p.frame_time_sec - time) < halfFrame);
  const tracks = new Map<number, { frames: SegmentTrack['frames']; appearance: Float32Array; samples: number }>();
  const span = Math.max(segment.endSec - segment.startSec, 1e-6);

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
  for await (const frame of readAhead(frames)) {
    const preview: PreviewFrame | undefined = previewAt(frame.time_sec);

    const detections = await detector.detect(frame, options.detectOptions);
    for (const track of tracker.update(detections, frame.time_sec)) {
      if (track.detectionIndex === null) continue;
      const box = detections[track.detectionIndex];
      let entry = tracks.get(track.id);
      if (!entry) {
        entry = { frames: [], appearance: new Float32Array(TORSO_HISTOGRAM_SIZE), samples: 0 };
        tracks.set(track.id, entry);
      }
      const histogram = torsoHistogram(frame, box);
      entry.samples += 1;
      for (let i = 0; i < histogram.length; i++) entry.appearance[i] += (histogram[i] - entry.appearance[i]) / entry.samples;
      if (preview && box.score >= options.minPreviewScore) {
        entry.frames.push({
          frame_key: preview.frame_key,
          frame_time_sec: preview.frame_time_sec,
          bbox: { x: box.x * toSource, y: box.y * toSource, w: box.w * toSource, h: box.h * toSource },
          score: box.score,
        });
      }
    }
    options.onProgress?.(Math.min(1, (frame.time_sec - segment.startSec) / span));
  }
  return [...tracks.values()].filter((t) => t.frames.length > 0).map(({ frames: f, appearance }) => ({ frames: f, appearance }));
}

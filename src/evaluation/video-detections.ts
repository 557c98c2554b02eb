import type { FfmpegBinaries } from '../media/ffmpeg-binaries';
import { decodeFrames } from '../media/decode-frames';
import { decodeWidthFor } from '../vision/detection/decode-width';
import type { PersonDetector } from '../vision/detection/person-detector';
import type { DetectOptions } from '../vision/detection/types';
import type { MotDetectionRow } from '../vision/evaluation/mot-challenge-format';

/**
 * The detector's boxes on every frame of a video, as MOTChallenge detection rows (frame 1 is
 * the first decoded frame), so a video with ground truth is evaluated like a detection file.
 *
 * @example const rows = await detectVideo('video.mp4', { binaries, detector, detectOptions: { scoreThreshold: 0.1 }, videoWidth: 768 })
 */
export async function detectVideo(
  file: string,
  options: { binaries: FfmpegBinaries; detector: PersonDetector; detectOptions: DetectOptions; videoWidth: number },
): Promise<MotDetectionRow[]> {
  const { width, toSource } = decodeWidthFor(options.detector, options.detectOptions, options.videoWidth);
  const rows: MotDetectionRow[] = [];
  let frame = 0;
  for await (const decoded of decodeFrames(file, { binaries: options.binaries, ...(width ? { width } : {}) })) {
    frame += 1;
    for (const d of await options.detector.detect(decoded, options.detectOptions)) {
      rows.push({ frame, bbox: { x: d.x * toSource, y: d.y * toSource, w: d.w * toSource, h: d.h * toSource }, score: d.score });
    }
  }
  return rows;
}

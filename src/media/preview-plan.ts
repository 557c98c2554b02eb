import type { VideoInfo } from './probe';

/** One frame chosen for a preview: its stable key, its position and its time from the video's start. */
export interface PlannedFrame {
  frame_key: string;
  frame_index: number;
  frame_time_sec: number;
}

/**
 * The stable key of a frame, from its integer position (never from a float time), zero-padded so
 * keys sort like positions up to 999 999 frames.
 *
 * @example
 * frameKeyOf(123); // 'f000123'
 */
export function frameKeyOf(frameIndex: number): string {
  if (!Number.isSafeInteger(frameIndex) || frameIndex < 0) {
    throw new RangeError(`frame index must be a non-negative integer, got ${frameIndex}`);
  }
  return `f${String(frameIndex).padStart(6, '0')}`;
}

/**
 * `count` evenly spaced frames: the midpoints of `count` equal segments of the video (so never the
 * very first or last frame of a long video), deduplicated, sorted, and at most `frame_count`.
 * Deterministic: the same video and count always give the same keys.
 *
 * @example
 * planPreviews({ duration_sec: 10, fps: 25, frame_count: 250 }, 2);
 * // [{ frame_key: 'f000062', frame_index: 62, frame_time_sec: 2.48 },
 * //  { frame_key: 'f000187', frame_index: 187, frame_time_sec: 7.48 }]
 */
export function planPreviews(video: Pick<VideoInfo, 'duration_sec' | 'fps' | 'frame_count'>, count: number): PlannedFrame[] {
  if (!(video.fps > 0) || !Number.isFinite(video.fps)) throw new RangeError(`fps must be positive, got ${video.fps}`);
  if (!Number.isInteger(count) || count < 0) throw new RangeError(`count must be a non-negative integer, got ${count}`);
  const frameCount = usableFrameCount(video);
  if (frameCount === 0 || count === 0) return [];

  const indices = new Set<number>();
  for (let segment = 0; segment < count; segment += 1) {
    const midpoint = ((segment + 0.5) * frameCount) / count;
    indices.add(Math.min(frameCount - 1, Math.floor(midpoint)));
  }
  return [...indices]
    .sort((a, b) => a - b)
    .map((frameIndex) => ({
      frame_key: frameKeyOf(frameIndex),
      frame_index: frameIndex,
      frame_time_sec: Math.round((frameIndex / video.fps) * 1e6) / 1e6,
    }));
}

function usableFrameCount(video: Pick<VideoInfo, 'duration_sec' | 'fps' | 'frame_count'>): number {
  if (Number.isFinite(video.frame_count) && video.frame_count > 0) return Math.floor(video.frame_count);
  if (Number.isFinite(video.duration_sec) && video.duration_sec > 0) return Math.floor(video.duration_sec * video.fps + 1e-6);
  return 0;
}

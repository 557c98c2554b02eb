import { mkdir, readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { FfmpegBinaries } from '../media/ffmpeg-binaries';
import type { VideoInfo } from '../media/video-info';
import { writeAnnotatedVideo } from './annotated-video';
import { removeLeftoverTemps } from './atomic-file';
import { boxLookup } from './box-at-time';
import { evenSize } from './output-size';
import type { PresenceSpan } from './presence';
import { throttledProgress } from './progress';
import type { TrajectoryPoint } from './trajectory';

export interface ClipPlan {
  /** `clip-001.mp4`, `clip-002.mp4`… in time order. */
  file: string;
  start_sec: number;
  end_sec: number;
  duration_sec: number;
}

export interface RenderedClip extends ClipPlan {
  path: string;
  width: number;
  height: number;
  frames: number;
  bytes: number;
}

export interface RenderClipsOptions {
  binaries: FfmpegBinaries;
  /** Receives clip-NNN.mp4 (created if missing). One rendering at a time per folder. */
  outputDir: string;
  video: Pick<VideoInfo, 'width' | 'height' | 'fps' | 'duration_sec'>;
  /** Spans shorter than this get no clip. Default 3 s. */
  minSeconds?: number;
  /** Clips are scaled down to at most this width. Default 1280. */
  maxWidth?: number;
  crf?: number;
  preset?: string;
  threads?: number;
  signal?: AbortSignal;
  /** 0..1, over all clips' frames; called at most every 1% and once with 1 at the end. */
  onProgress?: (fraction: number) => void;
}

const CLIP_NAME = /^clip-(\d{3,})\.mp4$/;

/**
 * The file name of the n-th clip (from 1).
 *
 * @example clipFileName(1); // 'clip-001.mp4'
 */
export function clipFileName(n: number): string {
  return `clip-${String(n).padStart(3, '0')}.mp4`;
}

/**
 * One clip per presence span lasting at least `minSeconds` (default 3 s), cut to the video's end.
 *
 * @example
 * planClips(presence.spans, { minSeconds: 3, videoDurationSec: 600 });
 * // [{ file: 'clip-001.mp4', start_sec: 12, end_sec: 31.5, duration_sec: 19.5 }, …]
 */
export function planClips(spans: readonly PresenceSpan[], options: { minSeconds?: number; videoDurationSec?: number } = {}): ClipPlan[] {
  const minSeconds = options.minSeconds ?? 3;
  const end = options.videoDurationSec ?? Infinity;
  return spans
    .map((span) => ({ start_sec: span.start_sec, end_sec: Math.min(span.end_sec, end) }))
    .filter((span) => span.end_sec - span.start_sec >= minSeconds - 1e-6)
    .map((span, i) => ({ file: clipFileName(i + 1), ...span, duration_sec: span.end_sec - span.start_sec }));
}

/**
 * Highlight clips: for each planned span (see planClips) the source is decoded from the span's
 * start to its end, the player's box drawn on every frame (boxLookup: interpolated between
 * analysed frames; green observed, yellow interpolated, orange uncertain), and the frames
 * encoded to H.264 at the source frame rate, no audio, at most `maxWidth` wide. Clips are made one
 * after the other (two cores are shared); each appears under its final name only once complete,
 * so re-running overwrites whole files. Leftover temp files from a killed run and clip files
 * beyond the new plan's count are removed. Abort: ffmpeg stopped, temp file removed, MediaError
 * ABORTED; a clip the source cannot give throws the decoder's MediaError.
 *
 * @example
 * const clips = await renderClips('match.mp4', points, presence.spans, { binaries, outputDir, video: info, signal, onProgress });
 * clips.map((c) => c.file); // ['clip-001.mp4', 'clip-002.mp4']
 */
export async function renderClips(
  source: string,
  points: readonly TrajectoryPoint[],
  spans: readonly PresenceSpan[],
  options: RenderClipsOptions,
): Promise<RenderedClip[]> {
  const { outputDir, video } = options;
  const plan = planClips(spans, { minSeconds: options.minSeconds, videoDurationSec: video.duration_sec });
  await mkdir(outputDir, { recursive: true });
  await removeLeftoverTemps(outputDir, (name) => CLIP_NAME.test(name));
  const size = evenSize(video, options.maxWidth ?? 1280);
  const boxAt = boxLookup(points);
  const totalFrames = plan.reduce((sum, clip) => sum + Math.max(1, Math.ceil(clip.duration_sec * video.fps)), 0);
  const progress = throttledProgress(options.onProgress);
  let done = 0;

  const rendered: RenderedClip[] = [];
  for (const clip of plan) {
    const file = path.join(outputDir, clip.file);
    const { frames } = await writeAnnotatedVideo(source, boxAt, {
      binaries: options.binaries,
      file,
      source: video,
      ...size,
      outputFps: video.fps,
      decode: { startSec: clip.start_sec, durationSec: clip.duration_sec },
      crf: options.crf,
      preset: options.preset,
      threads: options.threads,
      signal: options.signal,
      onFrame: () => progress(Math.min(0.999, ++done / totalFrames)),
    });
    rendered.push({ ...clip, path: file, ...size, frames, bytes: (await stat(file)).size });
  }
  await removeStaleClips(outputDir, plan.length);
  progress(1);
  return rendered;
}

async function removeStaleClips(dir: string, keep: number): Promise<void> {
  const names = await readdir(dir);
  const stale = names.filter((name) => Number(CLIP_NAME.exec(name)?.[1] ?? 0) > keep);
  await Promise.all(stale.map((name) => rm(path.join(dir, name), { force: true })));
}

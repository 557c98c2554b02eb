import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { FfmpegBinaries } from '../media/ffmpeg-binaries';
import type { VideoInfo } from '../media/video-info';
import { writeAnnotatedVideo } from './annotated-video';
import { removeLeftoverTemps } from './atomic-file';
import { boxLookup } from './box-at-time';
import { evenSize } from './output-size';
import { throttledProgress } from './progress';
import type { TrajectoryPoint } from './trajectory';

export interface OverviewPlan {
  width: number;
  height: number;
  /** Source frames taken per second of video. */
  sample_fps: number;
  /** Frame rate of the MP4. */
  output_fps: number;
  /** Video seconds per second of overview (1 = real time). */
  speed: number;
  expected_frames: number;
  duration_sec: number;
}

export interface OverviewOptions {
  /** Default 640. */
  width?: number;
  /** Longest wanted overview; longer videos are sped up to fit. Default 60 s. */
  targetSeconds?: number;
  /** Default 10. */
  outputFps?: number;
}

/**
 * How to fit the whole video into a short preview: played at `outputFps`, sped up by
 * duration / targetSeconds when longer (so a 10-minute video gives 1 minute at 10×: one source
 * frame per second of video), real time when shorter.
 *
 * @example
 * planOverview({ width: 1920, height: 1080, duration_sec: 600 });
 * // { width: 640, height: 360, sample_fps: 1, output_fps: 10, speed: 10, expected_frames: 600, duration_sec: 60 }
 */
export function planOverview(video: Pick<VideoInfo, 'width' | 'height' | 'duration_sec'>, options: OverviewOptions = {}): OverviewPlan {
  const outputFps = options.outputFps ?? 10;
  const targetSeconds = options.targetSeconds ?? 60;
  if (!(outputFps > 0) || !(targetSeconds > 0)) throw new RangeError('outputFps and targetSeconds must be positive');
  const speed = Math.max(1, video.duration_sec / targetSeconds);
  const sampleFps = outputFps / speed;
  const expectedFrames = Math.max(1, Math.ceil(video.duration_sec * sampleFps - 1e-6));
  return {
    ...evenSize(video, options.width ?? 640),
    sample_fps: sampleFps,
    output_fps: outputFps,
    speed,
    expected_frames: expectedFrames,
    duration_sec: expectedFrames / outputFps,
  };
}

export interface RenderOverviewOptions extends OverviewOptions {
  binaries: FfmpegBinaries;
  /** The MP4 to write, e.g. <job>/overview.mp4 (its folder must exist). */
  file: string;
  video: Pick<VideoInfo, 'width' | 'height' | 'duration_sec'>;
  crf?: number;
  preset?: string;
  threads?: number;
  signal?: AbortSignal;
  onProgress?: (fraction: number) => void;
}

export interface RenderedOverview extends OverviewPlan {
  path: string;
  frames: number;
  bytes: number;
}

/**
 * A short annotated preview of the whole video (see planOverview), the player's box drawn on
 * each frame as in the clips. Written under a temporary name and renamed when complete; abort
 * stops ffmpeg, removes the temp file and throws MediaError ABORTED.
 *
 * @example
 * await renderOverview('match.mp4', points, { binaries, file: 'out/overview.mp4', video: info, signal });
 * // { path: 'out/overview.mp4', width: 640, height: 360, speed: 10, frames: 600, … }
 */
export async function renderOverview(source: string, points: readonly TrajectoryPoint[], options: RenderOverviewOptions): Promise<RenderedOverview> {
  const plan = planOverview(options.video, options);
  const base = path.basename(options.file);
  await removeLeftoverTemps(path.dirname(options.file), (name) => name === base);
  const progress = throttledProgress(options.onProgress);
  let done = 0;
  const { frames } = await writeAnnotatedVideo(source, boxLookup(points), {
    binaries: options.binaries,
    file: options.file,
    source: options.video,
    width: plan.width,
    height: plan.height,
    outputFps: plan.output_fps,
    decode: { fps: plan.sample_fps },
    crf: options.crf,
    preset: options.preset,
    threads: options.threads,
    signal: options.signal,
    onFrame: () => progress(Math.min(0.999, ++done / plan.expected_frames)),
  });
  progress(1);
  return { ...plan, path: options.file, frames, bytes: (await stat(options.file)).size };
}

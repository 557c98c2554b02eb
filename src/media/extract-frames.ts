import { access, mkdir, readdir, rm } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { extractFrameBatch, type FrameBatchOptions, type FrameRequest } from './extract-frame-batch';
import { extractFramesInOnePass } from './extract-frames-in-one-pass';
import type { FfmpegBinaries } from './ffmpeg-binaries';
import { readFfprobeOutput } from './ffprobe-output';
import { seekTimeForFrame } from './frame-seek-time';
import { imageSize } from './jpeg-size';
import { MediaError } from './media-error';
import type { PlannedFrame } from './preview-plan';
import { canSeek } from './seek-index';
import { runPool } from './task-pool';

export interface ExtractedFrame {
  frame_key: string;
  frame_index: number;
  frame_time_sec: number;
  /** Of the JPEG as written (the video's display size). */
  width: number;
  height: number;
  file: string;
}

export interface ExtractFramesOptions {
  binaries: FfmpegBinaries;
  /** Receives <frame_key>.jpg; created if missing. One extraction at a time per directory. */
  outputDir: string;
  /** ffmpeg processes running at once. */
  concurrency: number;
  /** VideoInfo.start_time_sec: when given, seek times are absolute timestamps (start + frame time). */
  startTimeSec?: number;
  /**
   * VideoInfo.container: tells whether the file can be seeked in (see canSeek). When omitted it is
   * read with ffprobe (about 0.1 s).
   */
  container?: string;
  signal?: AbortSignal;
  /** Called after each frame (including frames already on disk); the caller throttles. */
  onProgress?: (done: number, total: number) => void;
  /** A frame whose ffmpeg runs longer than this is killed (MediaError FFMPEG_FAILED). Default 120 s. */
  frameTimeoutMs?: number;
  /**
   * Frames decoded by one ffmpeg process (default 4). Each holds its own decoder: ~45 MB at
   * 1080p, ~180 MB at 4K. Progress comes in steps of this size.
   */
  framesPerProcess?: number;
  /** Decoder threads per frame; default: the cores shared out between the `concurrency` processes. */
  decoderThreads?: number;
  /** ffmpeg -q:v for the JPEGs, 2 (best) … 31. Default 2. */
  jpegQuality?: number;
}

/**
 * Writes each planned frame as <outputDir>/<frame_key>.jpg: exactly that frame, at the video's
 * display size, found with fast input seeking (ffmpeg jumps to the keyframe before the frame and
 * decodes from there), so N previews never decode the whole video.
 *
 * Pool shape, measured on a 10-minute 1080p25 H.264 file with 10 s GOPs, 24 frames, 2 processes
 * at a time (test/bench/previews.ts, CPU time of the ffmpeg processes): one process per frame
 * ~29 s, 4 frames per process (one `-ss … -i` input each) ~23 s, 12 per process ~22 s. Starting
 * the Debian ffmpeg costs ~0.2 s of CPU (hundreds of shared libraries), as much as decoding a
 * few frames. So frames go in batches of `framesPerProcess` consecutive frames, pulled by
 * `concurrency` lanes; 4 rather than 12 because every input keeps its own decoder in memory, and
 * progress comes per batch. Each decoder gets its share of the cores (`-threads 1` for 2
 * processes on 2 cores used ~15% less CPU than `-threads auto`).
 *
 * Restartable: each JPEG is written under a temporary name then renamed, so a file with a final
 * name is complete; frames already on disk are not extracted again.
 *
 * @example
 * const frames = await extractFrames('match.mp4', planPreviews(info, 24), {
 *   binaries, outputDir: '/data/previews/job-1', concurrency: 2, startTimeSec: info.start_time_sec,
 *   signal, onProgress: (done, total) => console.log(`${done}/${total}`),
 * });
 */
export async function extractFrames(source: string, frames: PlannedFrame[], options: ExtractFramesOptions): Promise<ExtractedFrame[]> {
  const { outputDir, concurrency, signal } = options;
  assertDistinctKeys(frames);
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new RangeError(`concurrency must be a positive integer, got ${concurrency}`);
  if (signal?.aborted) throw new MediaError('ABORTED', 'frame extraction was aborted before it started');
  await mkdir(outputDir, { recursive: true });
  await removeLeftoverTempFiles(outputDir, new Set(frames.map((frame) => frame.frame_key)));

  const fileOf = (frame: PlannedFrame) => path.join(outputDir, `${frame.frame_key}.jpg`);
  const onDisk = await Promise.all(frames.map((frame) => exists(fileOf(frame))));
  let done = 0;
  const frameDone = () => {
    done += 1;
    options.onProgress?.(done, frames.length);
  };
  onDisk.filter(Boolean).forEach(frameDone);

  const missing = frames.filter((_, i) => !onDisk[i]);
  const container = options.container ?? (await readContainer(source, options));
  if (!canSeek(container)) {
    await extractWithoutSeeking(source, missing, fileOf, frameDone, options);
    return describeFrames(frames, fileOf);
  }

  const frameDurationSec = estimateFrameDuration(frames);
  const requests: FrameRequest[] = missing.map((frame) => ({
      label: `${frame.frame_key} (${frame.frame_time_sec} s)`,
      seekSec: seekTimeForFrame(frame.frame_time_sec, frameDurationSec, options.startTimeSec ?? 0),
      frameDurationSec,
      file: fileOf(frame),
    }));
  const perProcess = Math.max(1, Math.min(options.framesPerProcess ?? 4, Math.ceil(requests.length / concurrency)));
  const batches = Array.from({ length: Math.ceil(requests.length / perProcess) }, (_, b) => requests.slice(b * perProcess, (b + 1) * perProcess));

  // Stops the other running batches when one fails, and all of them when the caller aborts.
  const stop = new AbortController();
  const forwardAbort = () => stop.abort();
  signal?.addEventListener('abort', forwardAbort, { once: true });
  const batchOptions: FrameBatchOptions = {
    binaries: options.binaries,
    signal: stop.signal,
    timeoutMsPerFrame: options.frameTimeoutMs ?? 120_000,
    decoderThreads: options.decoderThreads ?? Math.max(1, Math.floor(availableParallelism() / concurrency)),
    jpegQuality: options.jpegQuality ?? 2,
    absoluteSeek: options.startTimeSec !== undefined,
    preroll: { sec: 0 },
    onFrameDone: frameDone,
  };
  try {
    await runPool(batches, concurrency, (batch) => extractFrameBatch(source, batch, batchOptions), () => stop.abort());
  } catch (error) {
    if (signal?.aborted) throw new MediaError('ABORTED', 'frame extraction was aborted', { cause: error });
    throw error;
  } finally {
    signal?.removeEventListener('abort', forwardAbort);
  }
  return describeFrames(frames, fileOf);
}

async function readContainer(source: string, options: ExtractFramesOptions): Promise<string> {
  const probe = await readFfprobeOutput(source, { binaries: options.binaries, signal: options.signal, timeoutMs: options.frameTimeoutMs ?? 120_000 });
  return probe.format.format_name ?? '';
}

function describeFrames(frames: PlannedFrame[], fileOf: (frame: PlannedFrame) => string): Promise<ExtractedFrame[]> {
  return Promise.all(frames.map(async (frame) => ({ ...frame, ...(await imageSize(fileOf(frame))), file: fileOf(frame) })));
}

// A raw stream: one decode from the first frame for all the frames (see extractFramesInOnePass).
async function extractWithoutSeeking(
  source: string,
  frames: PlannedFrame[],
  fileOf: (frame: PlannedFrame) => string,
  frameDone: () => void,
  options: ExtractFramesOptions,
): Promise<void> {
  try {
    await extractFramesInOnePass(
      source,
      frames.map((frame) => ({ label: `${frame.frame_key} (${frame.frame_time_sec} s)`, frameIndex: frame.frame_index, file: fileOf(frame) })),
      {
        binaries: options.binaries,
        signal: options.signal,
        timeoutMs: (options.frameTimeoutMs ?? 120_000) * Math.max(1, frames.length),
        decoderThreads: options.decoderThreads ?? availableParallelism(),
        jpegQuality: options.jpegQuality ?? 2,
        onFrameDone: frameDone,
      },
    );
  } catch (error) {
    if (options.signal?.aborted) throw new MediaError('ABORTED', 'frame extraction was aborted', { cause: error });
    throw error;
  }
}

/** Seconds per frame, from the planned frames themselves (frame_time_sec = frame_index / fps). */
function estimateFrameDuration(frames: PlannedFrame[]): number {
  const furthest = frames.reduce<PlannedFrame | null>((best, frame) => (frame.frame_index > (best?.frame_index ?? 0) ? frame : best), null);
  // Frame 0 alone gives no rate; 2 ms still clears timestamp rounding (time bases are at least that fine).
  return furthest ? furthest.frame_time_sec / furthest.frame_index : 0.002;
}

function assertDistinctKeys(frames: PlannedFrame[]): void {
  const keys = new Set<string>();
  for (const frame of frames) {
    if (keys.has(frame.frame_key)) throw new RangeError(`frame ${frame.frame_key} is planned twice`);
    keys.add(frame.frame_key);
  }
}

/** Temp files of these frames left by a run that was killed (crash, SIGKILL): never completed, safe to drop. */
async function removeLeftoverTempFiles(outputDir: string, keys: Set<string>): Promise<void> {
  const names = await readdir(outputDir);
  const leftovers = names.filter((name) => {
    const match = /^\.(.+)\.[0-9a-f]{8}\.tmp$/.exec(name);
    return match !== null && keys.has(match[1]!);
  });
  await Promise.all(leftovers.map((name) => rm(path.join(outputDir, name), { force: true })));
}

async function exists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  );
}

import { rename, rm } from 'node:fs/promises';
import { decodeFrames } from '../media/decode-frames';
import type { FfmpegBinaries } from '../media/ffmpeg-binaries';
import { MediaError } from '../media/media-error';
import { tempPathFor } from './atomic-file';
import type { BoxAtTime } from './box-at-time';
import { drawPlayerBox } from './draw-box';
import { startFrameEncoder, type FrameEncoder } from './frame-encoder';

export interface AnnotatedVideoOptions {
  binaries: FfmpegBinaries;
  /** The MP4 to produce; written under a temporary name and renamed once complete. */
  file: string;
  /** Source display size: what the boxes are measured in. */
  source: { width: number; height: number };
  /** Output size (even). */
  width: number;
  height: number;
  /** Frames per second of the output file. */
  outputFps: number;
  /** Passed to decodeFrames: which frames to take from the source. */
  decode: { fps?: number; startSec?: number; durationSec?: number };
  crf?: number;
  preset?: string;
  threads?: number;
  signal?: AbortSignal;
  /** Called after each frame is handed to the encoder. */
  onFrame?: () => void;
}

/**
 * Decodes part of the source (bounded memory, see decodeFrames), draws the player's box on each
 * frame (`boxAt(frame time)`), and pipes the frames into an H.264 encoder with back-pressure.
 * The file appears under its final name only when complete; on failure or abort the temporary
 * file is removed and ffmpeg stopped (abort: MediaError ABORTED).
 *
 * @example
 * await writeAnnotatedVideo('match.mp4', boxLookup(points), {
 *   binaries, file: 'clips/clip-001.mp4', source: info, width: 1280, height: 720, outputFps: info.fps,
 *   decode: { startSec: 12, durationSec: 8 }, signal,
 * }); // { frames: 200 }
 */
export async function writeAnnotatedVideo(
  source: string,
  boxAt: (timeSec: number) => BoxAtTime | null,
  options: AnnotatedVideoOptions,
): Promise<{ frames: number }> {
  const { signal } = options;
  if (signal?.aborted) throw new MediaError('ABORTED', `rendering ${options.file} was aborted before it started`);
  const temp = tempPathFor(options.file);
  const sx = options.width / options.source.width;
  const sy = options.height / options.source.height;
  let encoder: FrameEncoder | null = null;
  const stop = () => void encoder?.kill();
  signal?.addEventListener('abort', stop, { once: true });
  let frames = 0;
  try {
    encoder = await startFrameEncoder({
      binaries: options.binaries,
      file: temp,
      width: options.width,
      height: options.height,
      fps: options.outputFps,
      crf: options.crf,
      preset: options.preset,
      threads: options.threads,
    });
    if (signal?.aborted) throw new MediaError('ABORTED', `rendering ${options.file} was aborted`);
    const decoded = decodeFrames(source, { binaries: options.binaries, ...options.decode, width: options.width, height: options.height, signal });
    for await (const frame of decoded) {
      const at = boxAt(frame.time_sec);
      if (at) drawPlayerBox({ data: frame.data, width: frame.width, height: frame.height, channels: 3 }, at, sx, sy);
      await encoder.write(frame.data);
      frames += 1;
      options.onFrame?.();
    }
    if (frames === 0) throw new MediaError('DECODE_FAILED', `no frame decoded for ${options.file} (${JSON.stringify(options.decode)})`);
    await encoder.finish();
    await rename(temp, options.file);
    return { frames };
  } catch (error) {
    await encoder?.kill();
    await rm(temp, { force: true });
    if (signal?.aborted) throw error instanceof MediaError && error.code === 'ABORTED' ? error : new MediaError('ABORTED', `rendering ${options.file} was aborted`, { cause: error });
    throw error;
  } finally {
    signal?.removeEventListener('abort', stop);
  }
}

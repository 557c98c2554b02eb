import { spawn } from 'node:child_process';
import type { FfmpegBinaries } from '../media/ffmpeg-binaries';
import { hasExited, killWithGrace } from '../media/kill-with-grace';
import { MediaError } from '../media/media-error';
import { StderrTail } from '../media/stderr-tail';

export interface FrameEncoderOptions {
  binaries: FfmpegBinaries;
  /** The MP4 to write (give it a temporary name and rename it once finish() resolves). */
  file: string;
  /** Of the frames written: packed rgb24, both even (yuv420p halves the chroma). */
  width: number;
  height: number;
  fps: number;
  /** x264 quality, 0 (lossless) … 51; default 23. */
  crf?: number;
  /** x264 speed/size trade-off; default 'veryfast'. */
  preset?: string;
  /**
   * x264 threads; default 1. With several, x264 fed through a pipe wrote different bytes for the
   * same frames when the machine was busy (1 run in 6), which breaks byte-identical reruns.
   */
  threads?: number;
}

export interface FrameEncoder {
  /** Sends one frame; resolves once ffmpeg can take more (back-pressure), rejects if it died. */
  write(frame: Uint8Array): Promise<void>;
  /** Ends the input and waits for the MP4 to be complete; MediaError FFMPEG_FAILED if ffmpeg failed. */
  finish(): Promise<void>;
  /** Stops ffmpeg and resolves once it has exited (its file can then be deleted). */
  kill(): Promise<void>;
}

/**
 * Starts an ffmpeg that encodes raw rgb24 frames from its stdin into an H.264 MP4
 * (yuv420p, +faststart so it plays while downloading). src/media's spawnMediaProcess closes
 * stdin, which is why this spawns its own process (same error mapping: FFMPEG_NOT_FOUND when the
 * binary cannot start).
 *
 * @example
 * const encoder = await startFrameEncoder({ binaries, file: temp, width: 640, height: 360, fps: 10 });
 * for (const frame of frames) await encoder.write(frame);
 * await encoder.finish();
 */
export async function startFrameEncoder(options: FrameEncoderOptions): Promise<FrameEncoder> {
  const { width, height } = options;
  if (!(Number.isInteger(width) && Number.isInteger(height) && width > 0 && height > 0 && width % 2 === 0 && height % 2 === 0)) {
    throw new RangeError(`encoder size must be positive even integers, got ${width}x${height}`);
  }
  if (!(options.fps > 0)) throw new RangeError(`fps must be positive, got ${options.fps}`);
  const args = [
    '-hide_banner', '-nostdin', '-v', 'error',
    '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-video_size', `${width}x${height}`, '-framerate', String(options.fps), '-i', 'pipe:0',
    '-an', '-c:v', 'libx264', '-preset', options.preset ?? 'veryfast', '-crf', String(options.crf ?? 23),
    '-threads', String(options.threads ?? 1),
    '-pix_fmt', 'yuv420p', '-movflags', '+faststart', '-f', 'mp4', '-y', options.file,
  ];
  const child = spawn(options.binaries.ffmpeg, args, { stdio: ['pipe', 'ignore', 'pipe'] });
  const stderr = new StderrTail();
  child.stderr!.on('data', (chunk: Buffer) => stderr.push(chunk));
  // EPIPE when ffmpeg dies mid-write: the exit status explains it, so only keep the stream from throwing.
  child.stdin!.on('error', () => {});
  const closed = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('close', (code, signal) => resolve({ code, signal }));
  });
  await new Promise<void>((resolve, reject) => {
    child.once('spawn', () => resolve());
    child.on('error', (error: NodeJS.ErrnoException) => {
      if (child.pid !== undefined) return;
      const notFound = error.code === 'ENOENT' || error.code === 'EACCES';
      reject(new MediaError(notFound ? 'FFMPEG_NOT_FOUND' : 'FFMPEG_FAILED', `cannot start ${options.binaries.ffmpeg}: ${error.message}`, { cause: error }));
    });
  });

  let exit: { code: number | null; signal: NodeJS.Signals | null } | null = null;
  void closed.then((status) => (exit = status));
  const failure = (what: string) => {
    const stderrTail = stderr.text();
    const status = exit ? (exit.signal ? `killed by ${exit.signal}` : `exit code ${exit.code}`) : 'no exit status';
    return new MediaError('FFMPEG_FAILED', `ffmpeg encoder ${what} (${status})${stderrTail ? `: ${stderrTail}` : ''}`, { stderrTail });
  };

  return {
    async write(frame) {
      if (exit || hasExited(child)) throw failure('stopped before all frames were written');
      if (child.stdin!.write(frame)) return;
      await new Promise<void>((resolve, reject) => {
        const onDrain = () => {
          child.off('close', onClose);
          resolve();
        };
        const onClose = () => {
          child.stdin!.off('drain', onDrain);
          reject(failure('stopped before all frames were written'));
        };
        child.stdin!.once('drain', onDrain);
        child.once('close', onClose);
      });
    },
    async finish() {
      child.stdin!.end();
      const status = await closed;
      if (status.code !== 0) throw failure('failed');
    },
    async kill() {
      if (!hasExited(child)) await killWithGrace(child, 500);
      await closed;
    },
  };
}

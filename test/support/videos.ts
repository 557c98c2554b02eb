import { execFile } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { resolveFfmpegBinaries } from '../../src/media/ffmpeg-binaries';

const run = promisify(execFile);

export interface LavfiVideo {
  seconds: number;
  width: number;
  height: number;
  fps: number;
  /** Extra output arguments (e.g. ['-movflags', '+faststart']). */
  extra?: string[];
}

const cache = new Map<string, Promise<string>>();

/**
 * A small real H.264 MP4 made by ffmpeg's lavfi test source, once per process and shape.
 *
 * @example const file = await lavfiVideo({ seconds: 4, width: 320, height: 240, fps: 25 })
 */
export function lavfiVideo(spec: LavfiVideo): Promise<string> {
  const key = JSON.stringify(spec);
  let made = cache.get(key);
  if (!made) {
    made = (async () => {
      const dir = path.join(tmpdir(), 'spotlight-test-videos');
      await mkdir(dir, { recursive: true });
      const name = `${spec.seconds}s-${spec.width}x${spec.height}-${spec.fps}-${(spec.extra ?? []).join('').replace(/\W/g, '')}-${process.pid}.mp4`;
      const file = path.join(dir, name);
      const { ffmpeg } = resolveFfmpegBinaries();
      await run(ffmpeg, [
        '-y', '-v', 'error',
        '-f', 'lavfi', '-i', `testsrc2=size=${spec.width}x${spec.height}:rate=${spec.fps}:duration=${spec.seconds}`,
        '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p',
        ...(spec.extra ?? []),
        file,
      ]);
      return file;
    })();
    cache.set(key, made);
  }
  return made;
}

/**
 * Runs the real ffmpeg, quiet and overwriting; rejects with its stderr.
 *
 * @example await runFfmpeg(['-i', 'in.mp4', '-c', 'copy', 'out.mkv'])
 */
export async function runFfmpeg(args: string[]): Promise<void> {
  await run(resolveFfmpegBinaries().ffmpeg, ['-hide_banner', '-nostdin', '-v', 'error', '-y', ...args], { maxBuffer: 16 * 1024 * 1024 });
}

export interface EncodeSpec {
  /** Default 2 s of testsrc2 at 160x120, 25 fps. */
  seconds?: number;
  size?: string;
  fps?: number;
  /** Input arguments replacing the test pattern (e.g. ['-t', '2', '-i', 'clip.mp4']). */
  input?: string[];
  /** Encoder arguments; default H.264 (libx264 ultrafast, yuv420p). */
  codec?: string[];
  /** Output arguments before the file name (filters, muxer, flags). */
  extra?: string[];
}

/**
 * A small video written to `file` by the real ffmpeg: any codec, container or flags.
 *
 * @example await encodeVideo('/tmp/a.webm', { codec: ['-c:v', 'libvpx-vp9', '-deadline', 'realtime'] })
 */
export async function encodeVideo(file: string, spec: EncodeSpec = {}): Promise<string> {
  const { seconds = 2, size = '160x120', fps = 25 } = spec;
  const input = spec.input ?? ['-f', 'lavfi', '-i', `testsrc2=size=${size}:rate=${fps}:duration=${seconds}`];
  const codec = spec.codec ?? ['-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p'];
  await runFfmpeg([...input, ...codec, ...(spec.extra ?? []), file]);
  return file;
}

/**
 * Copies the first `fraction` of `source` to `file`, like an upload cut short.
 *
 * @example await cutCopy('a.mp4', 'a-half.mp4', 0.5)
 */
export async function cutCopy(source: string, file: string, fraction: number): Promise<string> {
  const bytes = await readFile(source);
  await writeFile(file, bytes.subarray(0, Math.floor(bytes.length * fraction)));
  return file;
}

/**
 * Copies an MP4 whose movie header (version 0 `mvhd`) then claims `seconds` (default: as long as
 * its 32 bits allow) while the media stays as it was.
 *
 * @example await withClaimedDuration('a.mp4', 'a-forever.mp4', 1e6)
 */
export async function withClaimedDuration(source: string, file: string, seconds = Infinity): Promise<string> {
  const bytes = Buffer.from(await readFile(source));
  const at = bytes.indexOf('mvhd');
  if (at < 4 || bytes[at + 4] !== 0) throw new Error(`${source}: no version 0 mvhd box`);
  const timeScale = bytes.readUInt32BE(at + 16);
  bytes.writeUInt32BE(Math.min(0xffff_fff0, Math.round(seconds * timeScale)), at + 20);
  await writeFile(file, bytes);
  return file;
}

import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, stat, truncate } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import sharp from 'sharp';
import { resolveFfmpegBinaries, type FfmpegBinaries } from '../../../src/media/ffmpeg-binaries';

const execFileAsync = promisify(execFile);

export const binaries: FfmpegBinaries = resolveFfmpegBinaries();

/** A fresh temp directory and the function that removes it. */
export async function makeTempDir(prefix: string): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), `spotlight-media-${prefix}-`));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** Runs the real ffmpeg; throws with its stderr on failure. */
export async function ffmpeg(args: string[]): Promise<void> {
  await execFileAsync(binaries.ffmpeg, ['-hide_banner', '-nostdin', '-v', 'error', '-y', ...args], { maxBuffer: 16 * 1024 * 1024 });
}

/** Width of the frame-index pattern: 10 stripes of 32 px, one per bit of the frame number. */
export const INDEX_BITS = 10;
const STRIPE = 32;

export interface IndexVideoOptions {
  seconds: number;
  /** ffmpeg rate syntax, e.g. '25' or '30000/1001'. */
  rate?: string;
  gop?: number;
  height?: number;
  /** Extra output options placed before the file name (container, offsets…). */
  outputArgs?: string[];
}

/**
 * A video whose frame n shows n in binary: stripe b (32 px wide, left to right) is white when bit
 * b of n is set. Survives H.264 and JPEG compression; read back with frameIndexOfRgb.
 * A long GOP (default 250) makes exact seeking matter: most frames are far from a keyframe.
 */
export async function makeIndexVideo(file: string, options: IndexVideoOptions): Promise<void> {
  const { seconds, rate = '25', gop = 250, height = 96 } = options;
  const pattern = `if(bitand(N,pow(2,floor(X/${STRIPE}))),235,16)`;
  await ffmpeg([
    '-f', 'lavfi', '-i', `color=c=black:s=${INDEX_BITS * STRIPE}x${height}:r=${rate}:d=${seconds},format=gray,geq=lum='${pattern}',format=yuv420p`,
    '-c:v', 'libx264', '-preset', 'veryfast', '-crf', '18', '-g', String(gop), '-keyint_min', String(gop), '-sc_threshold', '0',
    ...(options.outputArgs ?? []), file,
  ]);
}

/** A plain test pattern video (testsrc2), optionally with a sine audio track. */
export async function makeTestsrcVideo(file: string, options: { seconds: number; size?: string; rate?: string; audio?: boolean; outputArgs?: string[] }): Promise<void> {
  const { seconds, size = '320x240', rate = '25' } = options;
  const audio = options.audio ? ['-f', 'lavfi', '-i', `sine=f=440:r=48000:d=${seconds}`, '-c:a', 'aac', '-shortest'] : [];
  await ffmpeg([
    '-f', 'lavfi', '-i', `testsrc2=s=${size}:r=${rate}:d=${seconds}`, ...audio,
    '-c:v', 'libx264', '-preset', 'veryfast', '-pix_fmt', 'yuv420p', ...(options.outputArgs ?? []), file,
  ]);
}

/** The frame number drawn by makeIndexVideo, read from packed RGB pixels. */
export function frameIndexOfRgb(data: Buffer, width: number, height: number, channels = 3): number {
  const stripe = width / INDEX_BITS;
  let index = 0;
  for (let bit = 0; bit < INDEX_BITS; bit += 1) {
    let sum = 0;
    let count = 0;
    // Sample the middle of the stripe, away from the compression ringing at its edges.
    for (let y = Math.floor(height / 4); y < Math.ceil((3 * height) / 4); y += 2) {
      for (let x = Math.floor(bit * stripe + stripe / 4); x < Math.ceil(bit * stripe + (3 * stripe) / 4); x += 2) {
        sum += data[(y * width + x) * channels]!;
        count += 1;
      }
    }
    if (sum / count > 128) index |= 1 << bit;
  }
  return index;
}

/** The frame number drawn by makeIndexVideo, read from an image file. */
export async function frameIndexOfImage(file: string): Promise<number> {
  const { data, info } = await sharp(file).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return frameIndexOfRgb(data, info.width, info.height, info.channels);
}

/** Mean absolute difference between two images of the same size (0–255). */
export async function meanAbsDiff(fileA: string, fileB: string): Promise<number> {
  const [a, b] = await Promise.all([fileA, fileB].map((file) => sharp(file).removeAlpha().raw().toBuffer()));
  if (a!.length !== b!.length) throw new Error(`${fileA} and ${fileB} differ in size`);
  let sum = 0;
  for (let i = 0; i < a!.length; i += 1) sum += Math.abs(a![i]! - b![i]!);
  return sum / a!.length;
}

/** Keeps the first `fraction` of a file, like an upload cut short. */
export async function truncateFile(file: string, fraction: number): Promise<void> {
  const { size } = await stat(file);
  await truncate(file, Math.floor(size * fraction));
}

/** Pids of live processes whose command line mentions `needle` (Linux /proc). */
export async function pidsMentioning(needle: string): Promise<number[]> {
  const pids: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      const cmdline = await readFile(`/proc/${entry}/cmdline`, 'utf8');
      const state = (await readFile(`/proc/${entry}/stat`, 'utf8')).split(') ')[1]?.[0];
      if (cmdline.includes(needle) && state !== 'Z') pids.push(Number(entry));
    } catch {
      // The process ended while we looked.
    }
  }
  return pids;
}

/** Bytes a process has written so far (all fds), from /proc/<pid>/io. */
export async function bytesWrittenBy(pid: number): Promise<number> {
  const io = await readFile(`/proc/${pid}/io`, 'utf8');
  return Number(/^wchar:\s*(\d+)/m.exec(io)![1]);
}

/** Waits until `check` is true or `timeoutMs` passes; returns the last result. */
export async function eventually(check: () => Promise<boolean>, timeoutMs = 5000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return true;
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * Benchmark: 24 preview frames from a 10-minute 1080p25 H.264 video (10 s GOPs), Spotlight's
 * extractFrames against the best plain ffmpeg command lines and against decoding the whole video.
 * Run: npm run bench:previews   (BENCH_REPS=5 for more repetitions; the video is cached in
 * $TMPDIR/spotlight-bench/ — generating it takes a few minutes once).
 * Reports wall time and children's CPU time (the machine may be shared: CPU time is the steadier).
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rename, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { extractFrames } from '../../src/media/extract-frames';
import { resolveFfmpegBinaries } from '../../src/media/ffmpeg-binaries';
import { planPreviews, type PlannedFrame } from '../../src/media/preview-plan';
import { probeVideo } from '../../src/media/probe';

const binaries = resolveFfmpegBinaries();
const reps = Math.max(3, Number(process.env.BENCH_REPS ?? 3));
const benchDir = path.join(os.tmpdir(), 'spotlight-bench');
const video = path.join(benchDir, 'testsrc2-noise-1080p25-600s-g250.mp4');
const PREVIEWS = 24;
const CONCURRENCY = 2;

function run(bin: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`${bin} ${args.join(' ')} exited ${code}: ${stderr.slice(-500)}`))));
  });
}

async function pool<T>(items: T[], concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < items.length) await work(items[next++]!);
  }));
}

async function ensureVideo(): Promise<void> {
  if (existsSync(video)) return;
  await mkdir(benchDir, { recursive: true });
  console.log(`generating ${video} (10 min 1080p25, a few minutes)…`);
  const partial = `${video}.part`;
  await run(binaries.ffmpeg, [
    '-hide_banner', '-nostdin', '-v', 'error', '-y',
    '-f', 'lavfi', '-i', 'testsrc2=size=1920x1080:rate=25,noise=alls=6:allf=t+u', '-t', '600',
    '-c:v', 'libx264', '-preset', 'veryfast', '-crf', '23', '-g', '250', '-keyint_min', '250', '-sc_threshold', '0',
    '-pix_fmt', 'yuv420p', '-movflags', '+faststart', '-f', 'mp4', partial,
  ]);
  await rename(partial, video);
}

/** CPU seconds (user + system) of this process's finished children, from /proc/self/stat. */
async function childCpuSec(): Promise<number> {
  const fields = (await readFile('/proc/self/stat', 'utf8')).split(') ')[1]!.split(' ');
  // After the ") ", field 3 (state) is index 0: cutime and cstime are fields 16 and 17.
  return (Number(fields[13]) + Number(fields[14])) / 100;
}

// Plain ffmpeg, same frames, same seek times (half a frame early, see src/media/frame-seek-time.ts).
const seekOf = (frame: PlannedFrame, fps: number) => (frame.frame_time_sec - 0.5 / fps).toFixed(6);
const jpegOut = ['-frames:v', '1', '-q:v', '2', '-f', 'image2', '-update', '1'];

function plainPerFrame(threads: string) {
  return async (plan: PlannedFrame[], fps: number, out: string) =>
    pool(plan, CONCURRENCY, (frame) =>
      run(binaries.ffmpeg, [
        '-hide_banner', '-nostdin', '-v', 'error', '-threads', threads, '-ss', seekOf(frame, fps), '-i', video,
        '-map', '0:v:0', ...jpegOut, path.join(out, `${frame.frame_key}.jpg`),
      ]),
    );
}

function plainMultiInput(perProcess: number, threads: string) {
  return async (plan: PlannedFrame[], fps: number, out: string) => {
    // Consecutive frames per process. (Interleaving i % groups looks fairer but, with the plan's
    // regular spacing, gives one process all the frames far from their keyframe.)
    const groups = Array.from({ length: Math.ceil(plan.length / perProcess) }, (_, g) => plan.slice(g * perProcess, (g + 1) * perProcess));
    await pool(groups, CONCURRENCY, (group) =>
      run(binaries.ffmpeg, [
        '-hide_banner', '-nostdin', '-v', 'error',
        ...group.flatMap((frame) => ['-threads', threads, '-ss', seekOf(frame, fps), '-i', video]),
        ...group.flatMap((frame, i) => ['-map', `${i}:v:0`, ...jpegOut, path.join(out, `${frame.frame_key}.jpg`)]),
      ]),
    );
  };
}

interface Variant {
  name: string;
  group: 'a' | 'b' | 'c';
  run: (plan: PlannedFrame[], fps: number, out: string, startTimeSec: number) => Promise<void>;
  expectFiles: number;
}

const allVariants: Variant[] = [
  {
    name: 'spotlight extractFrames (concurrency 2)',
    group: 'a',
    expectFiles: PREVIEWS,
    run: async (plan, _fps, out, startTimeSec) => {
      await extractFrames(video, plan, { binaries, outputDir: out, concurrency: CONCURRENCY, startTimeSec });
    },
  },
  { name: 'ffmpeg 1 frame/process, -threads 1', group: 'b', expectFiles: PREVIEWS, run: plainPerFrame('1') },
  { name: 'ffmpeg 1 frame/process, -threads auto', group: 'b', expectFiles: PREVIEWS, run: plainPerFrame('0') },
  { name: 'ffmpeg 12 -ss/-i inputs/process, -threads 1', group: 'b', expectFiles: PREVIEWS, run: plainMultiInput(12, '1') },
  { name: 'ffmpeg 12 -ss/-i inputs/process, -threads auto', group: 'b', expectFiles: PREVIEWS, run: plainMultiInput(12, '0') },
  { name: 'ffmpeg 4 -ss/-i inputs/process, -threads 1', group: 'b', expectFiles: PREVIEWS, run: plainMultiInput(4, '1') },
  { name: 'ffmpeg 3 -ss/-i inputs/process, -threads 1', group: 'b', expectFiles: PREVIEWS, run: plainMultiInput(3, '1') },
  {
    name: 'full decode: ffmpeg -i in -f null -',
    group: 'c',
    expectFiles: 0,
    run: () => run(binaries.ffmpeg, ['-hide_banner', '-nostdin', '-v', 'error', '-i', video, '-map', '0:v:0', '-f', 'null', '-']),
  },
  {
    name: 'full decode + select of the 24 frames',
    group: 'c',
    expectFiles: PREVIEWS,
    run: (plan, _fps, out) =>
      run(binaries.ffmpeg, [
        '-hide_banner', '-nostdin', '-v', 'error', '-i', video, '-map', '0:v:0',
        '-vf', `select='${plan.map((frame) => `eq(n\\,${frame.frame_index})`).join('+')}'`, '-vsync', 'passthrough',
        '-q:v', '2', path.join(out, 'sel-%02d.jpg'),
      ]),
  },
];

// BENCH_ONLY=ab runs only those groups (quicker comparisons); the ratios need a, b and c.
const only = process.env.BENCH_ONLY ?? 'abc';
const variants = allVariants.filter((variant) => only.includes(variant.group));

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

async function main(): Promise<void> {
  await ensureVideo();
  const probeStart = performance.now();
  const info = await probeVideo(video, { binaries });
  const probeMs = performance.now() - probeStart;
  const plan = planPreviews(info, PREVIEWS);
  console.log(`video: ${info.width}x${info.height} ${info.fps} fps ${info.duration_sec} s, ${info.frame_count} frames; probeVideo ${probeMs.toFixed(0)} ms`);
  console.log(`cores: ${os.availableParallelism()}, load average at start: ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}, ${reps} repetitions\n`);

  const wall = new Map<string, number[]>();
  const cpu = new Map<string, number[]>();
  const work = await mkdtemp(path.join(os.tmpdir(), 'spotlight-bench-out-'));
  try {
    for (let rep = 0; rep < reps; rep += 1) {
      // Alternate the order so no variant always runs first (cold cache) or last.
      const order = rep % 2 === 0 ? variants : [...variants].reverse();
      for (const variant of order) {
        const out = path.join(work, `${rep}-${variants.indexOf(variant)}`);
        await mkdir(out);
        const cpuBefore = await childCpuSec();
        const start = performance.now();
        await variant.run(plan, info.fps, out, info.start_time_sec);
        const seconds = (performance.now() - start) / 1000;
        const cpuSec = (await childCpuSec()) - cpuBefore;
        const files = (await readdir(out)).filter((name) => name.endsWith('.jpg')).length;
        if (files !== variant.expectFiles) throw new Error(`${variant.name}: ${files} JPEGs, expected ${variant.expectFiles}`);
        wall.set(variant.name, [...(wall.get(variant.name) ?? []), seconds]);
        cpu.set(variant.name, [...(cpu.get(variant.name) ?? []), cpuSec]);
        console.log(`rep ${rep + 1}/${reps}  ${variant.name.padEnd(48)} ${seconds.toFixed(2).padStart(7)} s wall ${cpuSec.toFixed(2).padStart(7)} s cpu`);
        await rm(out, { recursive: true, force: true });
      }
    }
  } finally {
    await rm(work, { recursive: true, force: true });
  }

  const med = (name: string) => median(wall.get(name)!);
  const medCpu = (name: string) => median(cpu.get(name)!);
  console.log(`\n| variant | median wall s | min–max wall s | median cpu s |`);
  console.log(`|---|---:|---:|---:|`);
  for (const variant of variants) {
    const values = wall.get(variant.name)!;
    console.log(`| (${variant.group}) ${variant.name} | ${med(variant.name).toFixed(2)} | ${Math.min(...values).toFixed(2)}–${Math.max(...values).toFixed(2)} | ${medCpu(variant.name).toFixed(2)} |`);
  }
  if (only !== 'abc') return;
  const a = variants.find((variant) => variant.group === 'a')!.name;
  const bestB = variants.filter((variant) => variant.group === 'b').reduce((best, variant) => (med(variant.name) < med(best.name) ? variant : best)).name;
  const [fullDecode, select] = variants.filter((variant) => variant.group === 'c').map((variant) => variant.name) as [string, string];
  // On a shared machine wall time is noisy: also compare with the plain variant using the least CPU.
  const cheapestB = variants.filter((variant) => variant.group === 'b').reduce((best, variant) => (medCpu(variant.name) < medCpu(best.name) ? variant : best)).name;
  console.log(`\nbest plain ffmpeg (b) by wall time: ${bestB}; by CPU time: ${cheapestB}`);
  console.log(`(a)/(b) = ${(med(a) / med(bestB)).toFixed(2)} wall, ${(medCpu(a) / medCpu(cheapestB)).toFixed(2)} cpu   (goal ≤ 1.3)`);
  console.log(`(a)/(c) = ${(med(a) / med(fullDecode)).toFixed(3)} vs full decode, ${(med(a) / med(select)).toFixed(3)} vs full decode + select`);
  console.log(`load average at end: ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});

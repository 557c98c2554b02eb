/**
 * `npm run bench:analysis` — the analysis pass against the detector alone, side by side in one run.
 *
 * 1. Throughput: the soccer clip at 10 fps through followThroughVideo (decode, detect, the follow
 *    engine's tracklets, looks and its choice of the player) against its floor: the detector alone
 *    on the very same frames (decoded beforehand in small batches; only `detect` is timed) plus the
 *    decode alone as the analysis decodes. Runs rotate; medians compared.
 * 2. Memory: peak RSS of the analysis pass on a 2-minute and a 10-minute 1080p video (the soccer
 *    clip looped and scaled, generated once under /tmp/spotlight-bench), each in its own process.
 */
import { BODY_COLOURS } from '../../src/vision/appearance/appearance-describer';
import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { type DecodedFrame, decodeFrames } from '../../src/media/decode-frames';
import { resolveFfmpegBinaries } from '../../src/media/ffmpeg-binaries';
import { probeVideo } from '../../src/media/probe';
import { followThroughVideo } from '../../src/services/analysis/follow-through-video';
import { decodeWidthFor } from '../../src/vision/detection/decode-width';
import { PersonDetector } from '../../src/vision/detection/person-detector';
import { testDataPath } from '../support/test-data';

const run = promisify(execFile);
const binaries = resolveFfmpegBinaries();
const model = testDataPath('models', 'yolox_nano.onnx');
const soccer = testDataPath('videos', 'soccer_laliga_broadcast_720p.mp4');
const detectOptions = { scoreThreshold: 0.1 };
const FPS = 10;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

async function firstPersonSeed(source: string, detector: PersonDetector) {
  for await (const frame of decodeFrames(source, { binaries, startSec: 0, durationSec: 0.1 })) {
    const [person] = await detector.detect(frame, { scoreThreshold: 0.3 });
    return [{ timeSec: frame.time_sec, bbox: { x: person.x, y: person.y, w: person.w, h: person.h } }];
  }
  throw new Error('no frame');
}

async function analysisPass(source: string, detector: PersonDetector) {
  const video = await probeVideo(source, { binaries });
  const seeds = await firstPersonSeed(source, detector);
  const started = performance.now();
  const { points } = await followThroughVideo({ source, binaries, detector, detectOptions, fps: FPS, video, seeds, describer: BODY_COLOURS });
  return { frames: points.length, seconds: (performance.now() - started) / 1000 };
}

async function detectorOnly(source: string, detector: PersonDetector) {
  let frames = 0;
  let detectMs = 0;
  let batch: DecodedFrame[] = [];
  const flush = async () => {
    for (const frame of batch) {
      const t = performance.now();
      await detector.detect(frame, detectOptions);
      detectMs += performance.now() - t;
      frames += 1;
    }
    batch = [];
  };
  for await (const frame of decodeFrames(source, { binaries, fps: FPS })) {
    batch.push(frame);
    if (batch.length === 16) await flush();
  }
  await flush();
  return { frames, seconds: detectMs / 1000 };
}

/** The analysis pass's own decode (same rate, width and threads), nothing else. */
async function decodeOnly(source: string, detector: PersonDetector) {
  const video = await probeVideo(source, { binaries });
  const { width } = decodeWidthFor(detector, detectOptions, video.width);
  const started = performance.now();
  let frames = 0;
  for await (const _ of decodeFrames(source, { binaries, fps: FPS, ...(width ? { width } : {}), threads: 1 })) frames += 1;
  return { frames, seconds: (performance.now() - started) / 1000 };
}

async function longVideo(minutes: number): Promise<string> {
  const dir = '/tmp/spotlight-bench';
  const file = `${dir}/soccer-looped-1080p-${minutes}min.mp4`;
  if (existsSync(file)) return file;
  await mkdir(dir, { recursive: true });
  console.log(`generating ${file} …`);
  await run(binaries.ffmpeg, ['-v', 'error', '-y', '-stream_loop', '-1', '-i', soccer, '-t', String(minutes * 60), '-an', '-vf', 'scale=1920:1080', '-c:v', 'libx264', '-preset', 'ultrafast', '-g', '250', `${file}.tmp.mp4`]);
  await run('mv', [`${file}.tmp.mp4`, file]);
  return file;
}

/** Child mode: one analysis pass, then print peak RSS (VmHWM). */
async function child(source: string) {
  const detector = await PersonDetector.load(model, { threads: 2 });
  const { frames, seconds } = await analysisPass(source, detector);
  const status = await import('node:fs/promises').then((fs) => fs.readFile('/proc/self/status', 'utf8'));
  const peakKb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1]);
  console.log(JSON.stringify({ frames, seconds, peakMb: Math.round(peakKb / 1024) }));
}

async function peakRss(source: string): Promise<{ frames: number; seconds: number; peakMb: number }> {
  const script = fileURLToPath(import.meta.url);
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, ['--import', 'tsx', script, '--child', source], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    proc.stdout.on('data', (d) => (out += d));
    proc.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').pop()!)) : reject(new Error(`child exited ${code}`))));
  });
}

async function main() {
  const detector = await PersonDetector.load(model, { threads: 2 });
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const seconds: Record<'analysis' | 'detector' | 'decode', number[]> = { analysis: [], detector: [], decode: [] };
  await detectorOnly(soccer, detector); // warm-up
  for (let round = 0; round < ROUNDS; round++) {
    const order = (['analysis', 'detector', 'decode'] as const).map((_, i, all) => all[(i + round) % all.length]);
    for (const which of order) {
      const r = which === 'analysis' ? await analysisPass(soccer, detector) : which === 'detector' ? await detectorOnly(soccer, detector) : await decodeOnly(soccer, detector);
      seconds[which].push(r.seconds);
      console.log(`round ${round + 1} ${which}: ${r.frames} frames, ${r.seconds.toFixed(2)} s`);
    }
  }
  const [analysis, detectorS, decode] = [median(seconds.analysis), median(seconds.detector), median(seconds.decode)];
  console.log('\n| pass (soccer 720p, 10 fps, YOLOX-Nano, 2 threads, body colours) | seconds (median) |\n| --- | --- |');
  console.log(`| analysis (decode + detect + tracklets and looks, then the player chosen) | ${analysis.toFixed(2)} |`);
  console.log(`| detector alone, same frames | ${detectorS.toFixed(2)} |`);
  console.log(`| decode alone, as the analysis decodes | ${decode.toFixed(2)} |`);
  console.log(`\nanalysis / (detector + decode) = ${(analysis / (detectorS + decode)).toFixed(2)} (goal ≤ 1.15)\n`);

  if (process.env.BENCH_SKIP_RSS) return;
  const rss: string[] = [];
  for (const minutes of [2, 10]) {
    const r = await peakRss(await longVideo(minutes));
    rss.push(`| ${minutes} min 1080p | ${r.frames} | ${r.peakMb} MB | ${(r.frames / r.seconds).toFixed(1)} |`);
  }
  console.log('| video | frames analysed | peak RSS | frames/s |\n| --- | --- | --- | --- |');
  console.log(rss.join('\n'));
}

const childAt = process.argv.indexOf('--child');
(childAt > 0 ? child(process.argv[childAt + 1]) : main()).catch((error) => {
  console.error(error);
  process.exit(1);
});

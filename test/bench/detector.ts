/**
 * Person-detector throughput on this machine: frames/s per model and input size, with and without
 * tiling, split into preprocess (crop + resize + pack) / inference / postprocess (decode + NMS +
 * tile merge), plus the resize and the typed-array pack on their own.
 *
 * @example npm run bench:detector -- --runs 20 --threads 2
 *          SPOTLIGHT_ULTRALYTICS_MODELS=/work/.cache/models/yolov8n_int8.onnx npm run bench:detector
 */
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { PersonDetector, readRgbImage, type DetectionTimings, type RgbFrame, type TilingOptions } from '../../src/vision/detection';
import { readVideoFrame } from '../../src/evaluation/detection/video-frame';
import { letterboxGeometry } from '../../src/vision/detection/letterbox';
import { packLetterboxed, resizeRegion } from '../../src/vision/detection/preprocess';
import { testDataPath } from '../support/test-data';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '20' },
    'tiled-runs': { type: 'string', default: '5' },
    threads: { type: 'string', default: '2' },
    ffmpeg: { type: 'string', default: process.env.FFMPEG_PATH ?? 'ffmpeg' },
  },
});
const runs = Number(values.runs);
const tiledRuns = Number(values['tiled-runs']);
const threads = Number(values.threads);

const models = [testDataPath('models', 'yolox_nano.onnx'), ...(process.env.SPOTLIGHT_ULTRALYTICS_MODELS?.split(',').filter(Boolean) ?? [])].filter((p) => existsSync(p));

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (v: number) => v.toFixed(1).padStart(6);

async function time(detector: PersonDetector, frame: RgbFrame, tiling: TilingOptions | undefined, n: number): Promise<string> {
  for (let i = 0; i < 2; i++) await detector.detect(frame, { scoreThreshold: 0.3, tiling }); // warm-up (JIT, allocator, sharp)
  const samples: (DetectionTimings & { totalMs: number; persons: number })[] = [];
  for (let i = 0; i < n; i++) {
    const started = performance.now();
    const { detections, timings } = await detector.detectTimed(frame, { scoreThreshold: 0.3, tiling });
    samples.push({ ...timings, totalMs: performance.now() - started, persons: detections.length });
  }
  const pick = (k: 'preprocessMs' | 'inferenceMs' | 'postprocessMs' | 'totalMs') => median(samples.map((s) => s[k]));
  const total = pick('totalMs');
  return `runs/frame ${String(samples[0].runs).padStart(2)}  pre ${ms(pick('preprocessMs'))}  infer ${ms(pick('inferenceMs'))}  post ${ms(pick('postprocessMs'))}  total ${ms(total)} ms  → ${(1000 / total).toFixed(2).padStart(6)} frames/s  (${samples[0].persons} persons ≥0.3, median of ${n})`;
}

async function main(): Promise<void> {
  console.log(`node ${process.version}, ${os.cpus().length} CPUs (${os.cpus()[0]?.model}), intraOpNumThreads ${threads}`);
  const frames: [string, RgbFrame][] = [];
  const soccer = testDataPath('videos', 'soccer_laliga_broadcast_720p.mp4');
  if (existsSync(soccer)) frames.push(['soccer 1280x720 #100', await readVideoFrame(values.ffmpeg, soccer, 100)]);
  const mot = testDataPath('sequences', 'MOT17-mini', 'train', 'MOT17-04-FRCNN', 'img1', '000001.jpg');
  if (existsSync(mot)) frames.push(['MOT17-04 1920x1080 #1', await readRgbImage(mot)]);
  if (frames.length === 0 || models.length === 0) throw new Error(`no test data under ${testDataPath()}`);

  for (const modelPath of models) {
    const detector = await PersonDetector.load(modelPath, { threads });
    const { width, height } = detector.inputSize;
    console.log(`\n${path.basename(modelPath)}: ${detector.family}, input ${width}x${height} (fixed by the model)`);
    const tiling = { tileSize: width, overlap: Math.round(width / 4) };
    for (const [label, frame] of frames) {
      console.log(`  ${label.padEnd(22)} no tiling        ${await time(detector, frame, undefined, runs)}`);
      console.log(`  ${label.padEnd(22)} tiles ${tiling.tileSize}/${tiling.overlap}+full ${await time(detector, frame, tiling, tiledRuns)}`);
    }
    // The preprocess split: libvips crop+resize vs the one typed-array HWC→CHW pass.
    for (const [label, frame] of frames) {
      const lb = letterboxGeometry(frame.width, frame.height, width, height, detector.family === 'yolox' ? 'top-left' : 'center');
      const full = { left: 0, top: 0, width: frame.width, height: frame.height };
      const resizeMs: number[] = [];
      const packMs: number[] = [];
      const out = new Float32Array(3 * width * height);
      for (let i = 0; i < runs + 2; i++) {
        let t = performance.now();
        const resized = await resizeRegion(frame, full, lb.width, lb.height);
        const r = performance.now() - t;
        t = performance.now();
        packLetterboxed(resized, lb, { order: 'bgr', scale: 1 }, out);
        if (i >= 2) {
          resizeMs.push(r);
          packMs.push(performance.now() - t);
        }
      }
      console.log(`  ${label.padEnd(22)} preprocess split: sharp resize ${ms(median(resizeMs))} ms, typed-array pack ${ms(median(packMs))} ms`);
    }
  }
}

await main();

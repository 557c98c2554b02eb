/**
 * ByteTracker throughput (update() loop only, no I/O):
 * 1. synthetic: 30 boxes per frame moving at constant speed with jitter, 5 % missed detections,
 *    scores spread over the low and high bands (deterministic seed);
 * 2. real: MOT17-04 public FRCNN detections (~27 per frame), when the shared data folder exists.
 *
 * Run: npm run bench:tracker [-- --frames 3000 --repeats 5]
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { groupByFrame } from '../../src/evaluation/mot-challenge-format';
import { readDetectionsFile, readSeqInfoFile } from '../../src/evaluation/mot-files';
import { ByteTracker } from '../../src/vision/tracking/byte-tracker';
import type { TrackerDetection } from '../../src/vision/tracking/track';
import { testDataPath } from '../support/test-data';
import { random } from '../support/random';

const { values } = parseArgs({
  options: {
    frames: { type: 'string', default: '3000' },
    objects: { type: 'string', default: '30' },
    repeats: { type: 'string', default: '5' },
  },
});
const frameCount = Number(values.frames);
const objectCount = Number(values.objects);
const repeats = Number(values.repeats);

function syntheticScene(frames: number, objects: number, seed: number): TrackerDetection[][] {
  const rand = random(seed);
  const width = 1920;
  const height = 1080;
  const objs = Array.from({ length: objects }, () => ({
    x: rand() * (width - 100),
    y: rand() * (height - 200),
    w: 30 + rand() * 60,
    h: 80 + rand() * 120,
    vx: (rand() - 0.5) * 8,
    vy: (rand() - 0.5) * 4,
  }));
  const scene: TrackerDetection[][] = [];
  for (let f = 0; f < frames; f++) {
    const dets: TrackerDetection[] = [];
    for (const o of objs) {
      o.x += o.vx;
      o.y += o.vy;
      if (o.x < 0 || o.x + o.w > width) o.vx = -o.vx;
      if (o.y < 0 || o.y + o.h > height) o.vy = -o.vy;
      if (rand() < 0.05) continue;
      const jitter = () => (rand() - 0.5) * 2;
      dets.push({ x: o.x + jitter(), y: o.y + jitter(), w: o.w + jitter(), h: o.h + jitter(), score: 0.2 + rand() * 0.8 });
    }
    scene.push(dets);
  }
  return scene;
}

function measure(name: string, frames: readonly TrackerDetection[][], frameRate: number): void {
  const rates: number[] = [];
  let tracks = 0;
  for (let r = 0; r < repeats + 1; r++) {
    const tracker = new ByteTracker({ frameRate });
    const start = performance.now();
    tracks = 0;
    for (let f = 0; f < frames.length; f++) tracks += tracker.update(frames[f], f / frameRate).length;
    const seconds = (performance.now() - start) / 1000;
    if (r > 0) rates.push(frames.length / seconds); // first run warms up the JIT
  }
  rates.sort((a, b) => a - b);
  const median = rates[Math.floor(rates.length / 2)];
  const dets = frames.reduce((s, f) => s + f.length, 0) / frames.length;
  console.log(
    `${name.padEnd(34)} ${median.toFixed(0).padStart(7)} frames/s median (min ${rates[0].toFixed(0)}, max ${rates[rates.length - 1].toFixed(0)}) · ${dets.toFixed(1)} dets/frame · ${(tracks / frames.length).toFixed(1)} tracks/frame · ${frames.length} frames × ${repeats} runs`,
  );
}

measure(`synthetic, ${objectCount} objects/frame`, syntheticScene(frameCount, objectCount, 42), 30);

const mot04 = testDataPath('sequences/MOT17-mini/train/MOT17-04-FRCNN');
if (existsSync(mot04)) {
  const info = await readSeqInfoFile(path.join(mot04, 'seqinfo.ini'));
  const rows = groupByFrame(await readDetectionsFile(path.join(mot04, 'det/det.txt')), info.seqLength).slice(1);
  const frames = rows.map((frame) => frame.map((r) => ({ ...r.bbox, score: r.score })));
  measure('MOT17-04 FRCNN det.txt', frames, info.frameRate);
} else {
  console.log(`[skip] MOT17-04: data not found at ${mot04}`);
}

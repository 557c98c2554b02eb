/**
 * PlayerFollower throughput next to bare ByteTrack (push() loop only, no I/O) on the MOT17-04
 * public detections (~27 per frame, 1050 frames), seeded on a pedestrian living the whole
 * sequence — the follower's own cost is what it adds to the tracker's.
 *
 * Run: npm run bench:follower [-- --repeats 5]
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { groupByFrame } from '../../src/vision/evaluation/mot-challenge-format';
import { readDetectionsFile, readGroundTruthFile, readSeqInfoFile } from '../../src/vision/evaluation/mot-files';
import { evaluatedPedestrians, followTargets } from '../../src/vision/follow/follow-score';
import type { FollowFrame } from '../../src/vision/follow/follow-types';
import { PlayerFollower } from '../../src/vision/follow/player-follower';
import { ByteTracker } from '../../src/vision/tracking/byte-tracker';
import { testDataPath } from '../support/test-data';

const { values } = parseArgs({ options: { repeats: { type: 'string', default: '5' } } });
const repeats = Number(values.repeats);

function measure(name: string, frameCount: number, run: () => void): void {
  const rates: number[] = [];
  for (let r = 0; r < repeats + 1; r++) {
    const start = performance.now();
    run();
    if (r > 0) rates.push(frameCount / ((performance.now() - start) / 1000)); // the first run warms up the JIT
  }
  rates.sort((a, b) => a - b);
  console.log(`${name.padEnd(28)} ${rates[Math.floor(rates.length / 2)].toFixed(0).padStart(6)} frames/s median (min ${rates[0].toFixed(0)}, max ${rates[rates.length - 1].toFixed(0)}) · ${frameCount} frames × ${repeats} runs`);
}

const det = testDataPath('sequences/MOT17-mini/train/MOT17-04-FRCNN');
const gtDir = testDataPath('sequences/MOTChallenge-gt/MOT17-train/MOT17-04-FRCNN');
if (!existsSync(det) || !existsSync(gtDir)) {
  console.log(`[skip] MOT17-04: data not found at ${det} or ${gtDir}`);
} else {
  const info = await readSeqInfoFile(path.join(gtDir, 'seqinfo.ini'));
  const rows = groupByFrame(await readDetectionsFile(path.join(det, 'det/det.txt')), info.seqLength);
  const target = followTargets(evaluatedPedestrians(await readGroundTruthFile(path.join(gtDir, 'gt/gt.txt')), 'MOT17'), info.seqLength)[0];
  const frames: FollowFrame[] = [];
  for (let f = 1; f <= info.seqLength; f++) frames.push({ index: f - 1, timeSec: (f - 1) / info.frameRate, detections: rows[f].map((r) => ({ ...r.bbox, score: r.score })) });
  const seeds = [{ timeSec: 0, bbox: target.boxes.get(1)! }];

  measure('ByteTracker alone', frames.length, () => {
    const tracker = new ByteTracker({ frameRate: info.frameRate });
    for (const f of frames) tracker.update(f.detections, f.timeSec);
  });
  measure(`PlayerFollower (id ${target.id})`, frames.length, () => {
    const follower = new PlayerFollower({ frameRate: info.frameRate, frameWidth: info.imWidth, frameHeight: info.imHeight, seeds });
    for (const f of frames) follower.push(f);
    follower.finish();
  });
}

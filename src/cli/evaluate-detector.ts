/**
 * Measures the person detector on the shared test data and prints it next to the reference:
 * recall/precision (IoU 0.5) on every MOT17-mini frame at scores 0.3 and 0.1, with and without
 * tiling, and the persons found on each shared video's reference frame.
 *
 * @example npm run eval:detector -- --data ../shared/data --model /work/.cache/models/yolov8n_int8.onnx --tiling 416:104
 */
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { PersonDetector, readRgbImage, type Detection, type TilingOptions } from '../vision/detection';
import { matchDetections, rates, sumCounts, type MatchCounts } from '../evaluation/detection/match-detections';
import { readMotSequence, type MotSequence } from '../evaluation/detection/mot-ground-truth';
import { compareToReference, readReferenceDetections } from '../evaluation/detection/reference-detections';
import { readVideoFrame } from '../evaluation/detection/video-frame';

const { values } = parseArgs({
  options: {
    data: { type: 'string', default: process.env.SPOTLIGHT_TEST_DATA ?? '../shared/data' },
    model: { type: 'string', multiple: true },
    threads: { type: 'string', default: '2' },
    ffmpeg: { type: 'string', default: process.env.FFMPEG_PATH ?? 'ffmpeg' },
    tiling: { type: 'string', multiple: true },
    'soccer-frames': { type: 'string', default: '0,100,250,400,550' },
  },
});

const dataDir = path.resolve(values.data);
const models = values.model ?? [path.join(dataDir, 'models', 'yolox_nano.onnx')];
const threads = Number(values.threads);
const THRESHOLDS = [0.3, 0.1] as const;
const REFERENCE_TXT = path.join(dataDir, 'reference', 'yolox_nano_mot17mini_per_frame_eval.txt');
const REFERENCE_JSON = path.join(dataDir, 'reference', 'yolox_nano_video_detections.json');
const SOCCER = 'videos/soccer_laliga_broadcast_720p.mp4';

const pct = (v: number) => v.toFixed(3);
const fmt = (label: string, c: MatchCounts) => {
  const r = rates(c);
  return `${label.padEnd(34)} GT ${String(c.gtPedestrians).padStart(4)}  TP ${String(c.tp).padStart(4)}  FP ${String(c.fp).padStart(4)}  ign ${String(c.matchedIgnore).padStart(3)}  recall ${pct(r.recall)}  precision ${pct(r.precision)}  recall(vis≥.5) ${pct(r.recallVis50)}`;
};

function parseTiling(spec: string): TilingOptions {
  const [tileSize, overlap, full] = spec.split(':');
  return { tileSize: Number(tileSize), overlap: Number(overlap), includeFullFrame: full !== 'nofull' };
}

function tilingLabel(t: TilingOptions | undefined): string {
  return t ? `tiles ${t.tileSize}/${t.overlap}${t.includeFullFrame === false ? ' (no full frame)' : ' + full frame'}` : 'no tiling';
}

/** Reference per-frame counts (from the shared txt) for the sequences present locally. */
async function referenceTotals(present: Set<string>): Promise<Map<string, { all: MatchCounts; present: MatchCounts; frames: number }>> {
  const out = new Map<string, { all: MatchCounts; present: MatchCounts; frames: number }>();
  if (!existsSync(REFERENCE_TXT)) return out;
  for (const line of (await readFile(REFERENCE_TXT, 'utf8')).split('\n')) {
    const m = /^(\S+)\s+(\S+)\s+GT frame (\d+) (\{.*\})$/.exec(line.trim());
    if (!m) continue;
    const j = JSON.parse(m[4]);
    const c: MatchCounts = { gtPedestrians: j.gtPedestrians, gtVis50: j.gtVis50, tp: j.TP, tpVis50: Math.round(j.recallVis50 * j.gtVis50), fp: j.FP, matchedIgnore: j.matchedIgnoreClass };
    const entry = out.get(m[1]) ?? { all: sumCounts([]), present: sumCounts([]), frames: 0 };
    entry.all = sumCounts([entry.all, c]);
    if (present.has(m[2])) {
      entry.present = sumCounts([entry.present, c]);
      entry.frames += 1;
    }
    out.set(m[1], entry);
  }
  return out;
}

async function evaluateMot(detector: PersonDetector, sequences: MotSequence[], tiling: TilingOptions | undefined): Promise<Map<number, MatchCounts>> {
  const perThreshold = new Map<number, MatchCounts[]>(THRESHOLDS.map((t) => [t, []]));
  for (const seq of sequences) {
    for (const [frameNo, imagePath] of seq.images) {
      const frame = await readRgbImage(imagePath);
      const detections = await detector.detect(frame, { scoreThreshold: Math.min(...THRESHOLDS), tiling });
      const gt = seq.groundTruth.get(frameNo) ?? [];
      for (const t of THRESHOLDS) perThreshold.get(t)!.push(matchDetections(detections.filter((d) => d.score >= t), gt));
    }
  }
  return new Map([...perThreshold].map(([t, list]) => [t, sumCounts(list)]));
}

async function main(): Promise<void> {
  const motRoot = path.join(dataDir, 'sequences', 'MOT17-mini', 'train');
  const sequences = await Promise.all((await readdir(motRoot)).sort().map((name) => readMotSequence(path.join(motRoot, name))));
  const frameCount = sequences.reduce((n, s) => n + s.images.size, 0);
  const reference = await referenceTotals(new Set(sequences.map((s) => s.name)));
  const referenceFrames = existsSync(REFERENCE_JSON) ? await readReferenceDetections(REFERENCE_JSON) : [];
  const soccerFrames = values['soccer-frames'].split(',').map(Number);

  for (const modelPath of models) {
    const detector = await PersonDetector.load(modelPath, { threads });
    const tilings: (TilingOptions | undefined)[] = [undefined, ...(values.tiling ?? [`${detector.inputSize.width}:${Math.round(detector.inputSize.width / 4)}`]).map(parseTiling)];
    console.log(`\n=== ${modelPath} (${detector.family}, input ${detector.inputSize.width}x${detector.inputSize.height}, ${threads} threads)`);

    console.log(`\nMOT17-mini: ${sequences.map((s) => `${s.name}(${s.images.size})`).join(' ')} = ${frameCount} frames, IoU 0.5, class-1 consider GT, ignore classes not FP`);
    for (const t of THRESHOLDS) {
      const ref = reference.get(String(t));
      if (ref) {
        console.log(fmt(`score ${t} REFERENCE all 39 frames`, ref.all));
        console.log(fmt(`score ${t} REFERENCE same ${ref.frames} frames`, ref.present));
      }
    }
    for (const tiling of tilings) {
      const started = performance.now();
      const totals = await evaluateMot(detector, sequences, tiling);
      for (const t of THRESHOLDS) console.log(fmt(`score ${t} ${tilingLabel(tiling)}`, totals.get(t)!));
      console.log(`  (${((performance.now() - started) / 1000).toFixed(1)} s)`);
    }

    console.log('\nShared videos, reference frames (persons at score ≥ 0.3):');
    for (const ref of referenceFrames) {
      const frame = await readVideoFrame(values.ffmpeg, path.join(dataDir, ref.video), ref.frameIndex);
      const counts: string[] = [];
      for (const tiling of tilings) {
        const found = await detector.detect(frame, { scoreThreshold: 0.3, tiling });
        let note = '';
        if (!tiling) {
          const cmp = compareToReference(await detector.detect(frame, { scoreThreshold: 0.2 }), ref.persons, 0.3);
          const matched = cmp.pairs.filter((p) => p.iou > 0.5);
          const worstScore = Math.max(0, ...matched.map((p) => p.scoreDelta));
          const worstEdge = Math.max(0, ...matched.map((p) => p.maxEdgeDelta));
          note = ` [matched ${matched.length}/${ref.persons.length}, max |Δscore| ${worstScore.toFixed(3)}, max |Δedge| ${worstEdge.toFixed(1)} px, extra ${cmp.extra.length}]`;
        }
        counts.push(`${tilingLabel(tiling)}: ${found.length}${note}`);
      }
      console.log(`  ${ref.video} #${ref.frameIndex}: reference ${ref.persons.length}; ${counts.join('; ')}`);
    }

    console.log(`\nSoccer broadcast, persons at score ≥ 0.3 (and ≥ 0.5) per frame:`);
    for (const index of soccerFrames) {
      const frame = await readVideoFrame(values.ffmpeg, path.join(dataDir, SOCCER), index);
      const row: string[] = [];
      for (const tiling of tilings) {
        const found: Detection[] = await detector.detect(frame, { scoreThreshold: 0.3, tiling });
        row.push(`${tilingLabel(tiling)}: ${found.length} (${found.filter((d) => d.score >= 0.5).length})`);
      }
      console.log(`  frame ${index}: ${row.join('; ')}`);
    }
  }
}

await main();

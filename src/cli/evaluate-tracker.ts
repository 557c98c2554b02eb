/**
 * Runs ByteTrack on every development sequence (public MOT17 FRCNN detections of MOT17-02/04/09/
 * 10/11 and MOT15 TUD-Stadtmitte), scores it with MOTChallenge rules and prints MOTA / IDF1 /
 * IDSW / FP / FN per sequence and pooled, next to the reference Python ByteTrack.
 *
 * @example npm run eval:tracker -- --data ../shared/data
 * @example npm run eval:tracker -- --reference-quirks            # reproduce the reference exactly
 * @example npm run eval:tracker -- --frame-step 3                # track and score every 3rd frame
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { evaluateSequence, poolCounts, type TrackingCounts, type TrackingMetrics } from '../evaluation/evaluate-sequence';
import { readDetectionsFile, readGroundTruthFile, readSeqInfoFile } from '../evaluation/mot-files';
import { readReferenceResults, type ReferenceMetrics } from '../evaluation/reference-results';
import { trackMotSequence } from '../evaluation/track-mot-sequence';
import { writeMotResults } from './mot-sequence-cli';
import { numberOption, runCli, sequencesOption, trackerConfigFromOptions, TRACKER_OPTION_SPECS, TRACKER_OPTIONS_HELP, UsageError } from './tracker-cli-options';

const USAGE = `Usage: npm run eval:tracker -- [options]

  --data DIR             shared data folder (default $SPOTLIGHT_TEST_DATA or ../shared/data)
  --reference FILE       reference scores (default DIR/reference/bytetrack_dev_reference.json)
  --sequences A,B        only these sequences (default all six)
  --frame-step N         track and score every N-th frame only (default 1; the reference is per frame)
  --out-dir DIR          also write each sequence's results file there
  --json                 print the metrics as JSON instead of a table
${TRACKER_OPTIONS_HELP}
  --help                 show this help`;

interface Row {
  name: string;
  metrics: TrackingMetrics;
  reference?: ReferenceMetrics;
  framesPerSecond?: number;
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    options: {
      data: { type: 'string', default: process.env.SPOTLIGHT_TEST_DATA ?? '../shared/data' },
      reference: { type: 'string' },
      sequences: { type: 'string' },
      'frame-step': { type: 'string' },
      'out-dir': { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
      ...TRACKER_OPTION_SPECS,
    },
    allowPositionals: true,
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
  const frameStep = numberOption(values['frame-step'], '--frame-step', { min: 1, integer: true }) ?? 1;
  const tracker = trackerConfigFromOptions(values);
  const dataDir = path.resolve(values.data);
  if (!existsSync(dataDir)) throw new UsageError(`data folder ${dataDir} not found (pass --data or set SPOTLIGHT_TEST_DATA)`);
  const referencePath = values.reference ?? path.join(dataDir, 'reference', 'bytetrack_dev_reference.json');
  const reference = await readReferenceResults(referencePath).catch((error: Error) => {
    throw new UsageError(error.message);
  });

  const sequences = sequencesOption(dataDir, values.sequences);

  const rows: Row[] = [];
  const counts: TrackingCounts[] = [];
  for (const seq of sequences) {
    const [detections, gt, info] = await Promise.all([readDetectionsFile(seq.detPath), readGroundTruthFile(seq.gtPath), readSeqInfoFile(seq.seqInfoPath)]);
    const start = performance.now();
    const results = trackMotSequence(detections, { frameRate: info.frameRate, seqLength: info.seqLength, frameStep, tracker });
    const seconds = (performance.now() - start) / 1000;
    const scoredGt = frameStep === 1 ? gt : gt.filter((r) => (r.frame - 1) % frameStep === 0);
    const evaluation = evaluateSequence(scoredGt, results, { benchmark: seq.benchmark, seqLength: info.seqLength });
    counts.push(evaluation.counts);
    rows.push({ name: seq.name, metrics: evaluation, reference: reference.sequences[seq.name], framesPerSecond: Math.ceil(info.seqLength / frameStep) / seconds });
    if (values['out-dir']) await writeMotResults(path.join(values['out-dir'], `${seq.name}.txt`), results);
  }
  const pooledReference = sequences.length === Object.keys(reference.sequences).length ? reference.combined : undefined;
  rows.push({ name: 'COMBINED', metrics: poolCounts(counts), reference: pooledReference });

  if (values.json) {
    process.stdout.write(`${JSON.stringify({ frameStep, tracker, rows }, null, 1)}\n`);
    return;
  }
  process.stdout.write(`${table(rows)}\n`);
  if (frameStep > 1) process.stdout.write(`note: one frame in ${frameStep} tracked and scored; the reference tracked and scored every frame.\n`);
}

function table(rows: readonly Row[]): string {
  const pct = (v: number) => (100 * v).toFixed(2);
  const cmp = (ours: string, ref: string | undefined) => `${ours.padStart(7)} ${(ref ?? '–').padStart(7)}`;
  const header = `${'sequence'.padEnd(16)} ${'MOTA'.padStart(7)} ${'ref'.padStart(7)} ${'IDF1'.padStart(7)} ${'ref'.padStart(7)} ${'IDSW'.padStart(7)} ${'ref'.padStart(7)} ${'FP'.padStart(7)} ${'ref'.padStart(7)} ${'FN'.padStart(7)} ${'ref'.padStart(7)} ${'GT'.padStart(7)} ${'MOTP'.padStart(6)} ${'frames/s'.padStart(9)}`;
  const lines = rows.map(({ name, metrics: m, reference: r, framesPerSecond }) =>
    [
      name.padEnd(16),
      cmp(pct(m.clear.mota), r?.MOTA.toFixed(2)),
      cmp(pct(m.identity.idf1), r?.IDF1.toFixed(2)),
      cmp(String(m.clear.idsw), r && String(r.IDSW)),
      cmp(String(m.clear.fp), r && String(r.FP)),
      cmp(String(m.clear.fn), r && String(r.FN)),
      String(m.gtDets).padStart(7),
      pct(m.clear.motp).padStart(6),
      (framesPerSecond === undefined ? '' : framesPerSecond.toFixed(0)).padStart(9),
    ].join(' '),
  );
  return [header, ...lines].join('\n');
}

await runCli(main, 'eval:tracker');

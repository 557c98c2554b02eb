/**
 * The image-free evaluation of the follow engine (the follow issue's protocol) on the public
 * detections of the development sequences (MOT17-02/04/09/10/11 FRCNN, MOT15 TUD-Stadtmitte):
 * every ground-truth pedestrian living at least 100 frames is seeded on his most visible box,
 * followed forwards and backwards over every frame, and scored over his whole life (IoU ≥ 0.5;
 * claimed boxes only). Printed beside the baseline of keeping the seed's tracker id (its
 * tracklet, nothing linked), per sequence and pooled: precision, recall, F1, the per-identity F1
 * distribution and the share of identities followed with F1 ≥ 0.9.
 *
 * @example npm run eval:follow
 * @example npm run eval:follow -- --sequences MOT17-09-FRCNN --json
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ENGINE_AND_BASELINE, evaluateIdentities } from '../evaluation/follow-identities';
import { readDetectionsFile, readGroundTruthFile, readSeqInfoFile } from '../evaluation/mot-files';
import type { FollowScore } from '../evaluation/follow-score';
import { summariseFollowing, type FollowSummary } from '../evaluation/follow-summary';
import { numberOption, runCli, sequencesOption, UsageError } from './tracker-cli-options';

const USAGE = `Usage: npm run eval:follow -- [options]

  --data DIR             shared data folder (default $SPOTLIGHT_TEST_DATA or ../shared/data)
  --sequences A,B        only these sequences (default all six)
  --min-life N           follow identities living at least N frames (default 100)
  --json                 print the summaries as JSON instead of a table
  --help                 show this help`;

interface Row {
  sequence: string;
  engine: FollowSummary & { shareAbove09: number };
  trackerId: FollowSummary & { shareAbove09: number };
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    options: {
      data: { type: 'string', default: process.env.SPOTLIGHT_TEST_DATA ?? '../shared/data' },
      sequences: { type: 'string' },
      'min-life': { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
    allowPositionals: true,
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
  const minLifeFrames = numberOption(values['min-life'], '--min-life', { min: 1, integer: true }) ?? 100;
  const dataDir = path.resolve(values.data);
  if (!existsSync(dataDir)) throw new UsageError(`data folder ${dataDir} not found (pass --data or set SPOTLIGHT_TEST_DATA)`);

  const rows: Row[] = [];
  const pooled: Record<keyof typeof ENGINE_AND_BASELINE, FollowScore[]> = { engine: [], trackerId: [] };
  for (const seq of sequencesOption(dataDir, values.sequences)) {
    const [detections, gt, info] = await Promise.all([readDetectionsFile(seq.detPath), readGroundTruthFile(seq.gtPath), readSeqInfoFile(seq.seqInfoPath)]);
    const scores = evaluateIdentities({ detections, gt, info, benchmark: seq.benchmark }, ENGINE_AND_BASELINE, { minLifeFrames });
    pooled.engine.push(...scores.engine);
    pooled.trackerId.push(...scores.trackerId);
    rows.push({ sequence: seq.name, engine: summary(scores.engine), trackerId: summary(scores.trackerId) });
  }
  rows.push({ sequence: 'POOLED', engine: summary(pooled.engine), trackerId: summary(pooled.trackerId) });

  if (values.json) {
    process.stdout.write(`${JSON.stringify({ minLifeFrames, rows }, null, 1)}\n`);
    return;
  }
  process.stdout.write(`\n== identities living ≥ ${minLifeFrames} frames, seeded on their most visible box, scored over their whole life ==\n${table(rows)}\n`);
}

function summary(scores: readonly FollowScore[]) {
  const f1 = scores.map((s) => (2 * s.tp + s.fp + s.fn > 0 ? (2 * s.tp) / (2 * s.tp + s.fp + s.fn) : 0));
  return { ...summariseFollowing(scores), shareAbove09: f1.length > 0 ? f1.filter((v) => v >= 0.9).length / f1.length : 0 };
}

const pct = (v: number) => (100 * v).toFixed(1);

function table(rows: readonly Row[]): string {
  const head = ['P', 'R', 'F1', 'F1 q1/med/q3', '≥0.9'];
  const header = ['sequence'.padEnd(16), 'ids'.padStart(4), '| engine:', ...head.map((h, i) => h.padStart(i === 3 ? 16 : 5)), '| tracker id:', ...head.map((h, i) => h.padStart(i === 3 ? 16 : 5))].join(' ');
  const side = (s: Row['engine']) =>
    [pct(s.precision), pct(s.recall), pct(s.f1)].map((v) => v.padStart(5)).join(' ') +
    ` ${[s.f1PerIdentity.q1, s.f1PerIdentity.median, s.f1PerIdentity.q3].map(pct).join('/').padStart(16)} ${pct(s.shareAbove09).padStart(5)}`;
  const lines = rows.map((r) => [r.sequence.padEnd(16), String(r.engine.identities).padStart(4), '|        ', side(r.engine), '|            ', side(r.trackerId)].join(' '));
  return [header, ...lines].join('\n');
}

await runCli(main, 'eval:follow');

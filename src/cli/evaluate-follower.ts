/**
 * The image-free player-follower benchmark: on the public detections of the development sequences
 * (MOT17-02/04/09/10/11 FRCNN, MOT15 TUD-Stadtmitte), every ground-truth pedestrian living at least
 * 100 frames is followed from its first box to its last frame, by the PlayerFollower and by the
 * naive baseline (the seed's ByteTrack track until it dies), at full rate and at every 3rd frame.
 * Prints per sequence and pooled precision / recall / F1, the per-identity F1 distribution and
 * identity changes, and how often the follower's boxes of each state were right.
 *
 * @example npm run eval:follow
 * @example npm run eval:follow -- --sequences MOT17-09-FRCNN --frame-steps 3 --json
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { readDetectionsFile, readGroundTruthFile, readSeqInfoFile } from '../vision/evaluation/mot-files';
import { evaluateFollowerOnSequence, type FollowerFactory, type FollowEvaluationInput } from '../vision/follow/evaluate-follow';
import type { FollowScore } from '../vision/follow/follow-score';
import { summariseFollowing, type FollowSummary } from '../vision/follow/follow-summary';
import { NaiveFollower } from '../vision/follow/naive-follower';
import { PlayerFollower } from '../vision/follow/player-follower';
import { numberOption, runCli, sequencesOption, UsageError } from './tracker-cli-options';

const USAGE = `Usage: npm run eval:follow -- [options]

  --data DIR             shared data folder (default $SPOTLIGHT_TEST_DATA or ../shared/data)
  --sequences A,B        only these sequences (default all six)
  --frame-steps A,B      analysis steps to run (default 1,3: full rate and ≈10 fps)
  --min-life N           follow identities living at least N frames (default 100)
  --json                 print the summaries as JSON instead of tables
  --help                 show this help`;

const FOLLOWERS: Record<'follower' | 'naive', FollowerFactory> = {
  follower: (setup) => new PlayerFollower(setup),
  naive: (setup) => new NaiveFollower(setup),
};

interface Row {
  sequence: string;
  frameStep: number;
  follower: FollowSummary;
  naive: FollowSummary;
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    options: {
      data: { type: 'string', default: process.env.SPOTLIGHT_TEST_DATA ?? '../shared/data' },
      sequences: { type: 'string' },
      'frame-steps': { type: 'string', default: '1,3' },
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
  const steps = values['frame-steps'].split(',').map((s) => numberOption(s.trim(), '--frame-steps', { min: 1, integer: true }) as number);
  const minLifeFrames = numberOption(values['min-life'], '--min-life', { min: 1, integer: true }) ?? 100;
  const dataDir = path.resolve(values.data);
  if (!existsSync(dataDir)) throw new UsageError(`data folder ${dataDir} not found (pass --data or set SPOTLIGHT_TEST_DATA)`);

  const sequences = sequencesOption(dataDir, values.sequences);

  const rows: Row[] = [];
  for (const frameStep of steps) {
    const pooled: Record<'follower' | 'naive', FollowScore[]> = { follower: [], naive: [] };
    for (const seq of sequences) {
      const [detections, gt, info] = await Promise.all([readDetectionsFile(seq.detPath), readGroundTruthFile(seq.gtPath), readSeqInfoFile(seq.seqInfoPath)]);
      const input: FollowEvaluationInput = { detections, gt, info, benchmark: seq.benchmark };
      const follower = evaluateFollowerOnSequence(input, FOLLOWERS.follower, { frameStep, minLifeFrames });
      const naive = evaluateFollowerOnSequence(input, FOLLOWERS.naive, { frameStep, minLifeFrames });
      pooled.follower.push(...follower);
      pooled.naive.push(...naive);
      rows.push({ sequence: seq.name, frameStep, follower: summariseFollowing(follower), naive: summariseFollowing(naive) });
    }
    rows.push({ sequence: 'POOLED', frameStep, follower: summariseFollowing(pooled.follower), naive: summariseFollowing(pooled.naive) });
  }

  if (values.json) {
    process.stdout.write(`${JSON.stringify({ minLifeFrames, rows }, null, 1)}\n`);
    return;
  }
  for (const frameStep of steps) {
    const mine = rows.filter((r) => r.frameStep === frameStep);
    process.stdout.write(`\n== every ${frameStep === 1 ? 'frame' : `${frameStep}${ordinalSuffix(frameStep)} frame`} (identities living ≥ ${minLifeFrames} frames, seeded on their first box) ==\n`);
    process.stdout.write(`${comparisonTable(mine)}\n\n${statesTable(mine)}\n`);
  }
}

function ordinalSuffix(n: number): string {
  return n % 10 === 2 && n % 100 !== 12 ? 'nd' : n % 10 === 3 && n % 100 !== 13 ? 'rd' : 'th';
}

const pct = (v: number) => (100 * v).toFixed(1);

function comparisonTable(rows: readonly Row[]): string {
  const header = [
    'sequence'.padEnd(16),
    'ids'.padStart(4),
    '| follower:',
    'P'.padStart(5),
    'R'.padStart(5),
    'F1'.padStart(5),
    'F1 q1/med/q3/mean'.padStart(23),
    'IDch'.padStart(5),
    '| naive:',
    'P'.padStart(5),
    'R'.padStart(5),
    'F1'.padStart(5),
    'F1 q1/med/q3/mean'.padStart(23),
    'IDch'.padStart(5),
  ].join(' ');
  const side = (s: FollowSummary) =>
    [
      pct(s.precision).padStart(5),
      pct(s.recall).padStart(5),
      pct(s.f1).padStart(5),
      [s.f1PerIdentity.q1, s.f1PerIdentity.median, s.f1PerIdentity.q3, s.f1PerIdentity.mean].map(pct).join('/').padStart(23),
      String(s.identityChanges).padStart(5),
    ].join(' ');
  const lines = rows.map((r) => [r.sequence.padEnd(16), String(r.follower.identities).padStart(4), '|          ', side(r.follower), '|       ', side(r.naive)].join(' '));
  return [header, ...lines].join('\n');
}

function statesTable(rows: readonly Row[]): string {
  const header = `${'follower boxes'.padEnd(16)} ${'observed'.padStart(9)} ${'right'.padStart(6)} ${'interp.'.padStart(9)} ${'right'.padStart(6)} ${'uncertain'.padStart(9)} ${'right'.padStart(6)}`;
  const lines = rows.map((r) => {
    const s = r.follower.states;
    return [
      r.sequence.padEnd(16),
      String(s.observed.boxes).padStart(9),
      pct(s.observed.precision).padStart(6),
      String(s.interpolated.boxes).padStart(9),
      pct(s.interpolated.precision).padStart(6),
      String(s.uncertain.boxes).padStart(9),
      pct(s.uncertain.precision).padStart(6),
    ].join(' ');
  });
  return [header, ...lines].join('\n');
}

await runCli(main, 'eval:follow');

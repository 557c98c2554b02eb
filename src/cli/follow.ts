/**
 * Follows one player through a MOTChallenge detection file from seed boxes — the follow engine
 * without images, forwards and backwards over every frame — and writes the boxes claimed for him
 * in MOTChallenge results format (`frame,1,x,y,w,h,confidence,-1,-1,-1`; `--uncertain` adds the
 * boxes it is unsure of), so the engine can be scored on any sequence. Bad arguments or
 * unreadable inputs exit with code 2.
 *
 * @example npm run follow -- --det MOT17-09-FRCNN/det/det.txt --seqinfo MOT17-09-FRCNN/seqinfo.ini --seed-frame 1 --seed-box 1288,438,145,415 --out out/follow.txt
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import type { Box } from '../analysis/trajectory';
import { groupByFrame } from '../vision/evaluation/mot-challenge-format';
import { followOffline } from '../vision/follow/follow-offline';
import { motFrameTime, motSeed } from '../vision/follow/follow-mot-sequence';
import type { FollowFrame } from '../vision/follow/follow-types';
import { MOT_SEQUENCE_OPTION_SPECS, type MotSequenceArgs, motSequenceArgs, readMotSequenceInput, writeMotResults } from './mot-sequence-cli';
import { numberOption, runCli, UsageError } from './tracker-cli-options';

export const FOLLOW_USAGE = `Usage: npm run follow -- --det DET.txt (--seqinfo seqinfo.ini | --frame-rate FPS) --seed-frame F --seed-box x,y,w,h --out OUT.txt [options]

  --det FILE             MOTChallenge detections (frame,-1,x,y,w,h,score)
  --seqinfo FILE         seqinfo.ini giving frameRate, seqLength and the image size
  --frame-rate FPS       frame rate (overrides seqinfo; required without it)
  --seed-frame F         frame (1-based) of a box the player is known to be in; repeat for more seeds
  --seed-box x,y,w,h     that box, in pixels; one per --seed-frame, in the same order
                         (write --seed-box=-12,40,30,80 when x is negative)
  --out FILE             results file to write (folders are created)
  --frame-step N         analyse every N-th frame only, with true timestamps (default 1)
  --first-frame F        first frame analysed (default 1)
  --last-frame F         last frame analysed (default seqLength, or the last frame with detections)
  --uncertain            also write the boxes the engine is unsure of
  --help                 show this help`;

/** What `npm run follow` was asked to do. */
export interface FollowArgs extends MotSequenceArgs {
  seeds: Array<{ frame: number; box: Box }>;
  firstFrame: number;
  lastFrame?: number;
  uncertain: boolean;
}

/**
 * Parses the follow CLI's arguments; throws UsageError (or parseArgs' own error) on mistakes.
 *
 * @example parseFollowArgs(['--det', 'det.txt', '--frame-rate', '30', '--seed-frame', '1', '--seed-box', '10,20,30,80', '--out', 'o.txt'])
 */
export function parseFollowArgs(argv: string[]): FollowArgs | 'help' {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      ...MOT_SEQUENCE_OPTION_SPECS,
      'seed-frame': { type: 'string', multiple: true },
      'seed-box': { type: 'string', multiple: true },
      'first-frame': { type: 'string' },
      'last-frame': { type: 'string' },
      uncertain: { type: 'boolean', default: false },
    },
    allowPositionals: true,
  });
  const sequence = motSequenceArgs(values, positionals);
  if (sequence === 'help') return 'help';
  const frames = values['seed-frame'] ?? [];
  const boxes = values['seed-box'] ?? [];
  if (frames.length === 0 || boxes.length === 0) throw new UsageError('--seed-frame and --seed-box are required');
  if (frames.length !== boxes.length) throw new UsageError(`got ${frames.length} --seed-frame but ${boxes.length} --seed-box; give them in pairs`);
  const firstFrame = numberOption(values['first-frame'], '--first-frame', { min: 1, integer: true }) ?? 1;
  const lastFrame = numberOption(values['last-frame'], '--last-frame', { min: firstFrame, integer: true });
  return {
    ...sequence,
    seeds: frames.map((f, i) => ({ frame: numberOption(f, '--seed-frame', { min: 1, integer: true }) as number, box: parseBox(boxes[i]) })),
    firstFrame,
    lastFrame,
    uncertain: values.uncertain ?? false,
  };
}

function parseBox(text: string): Box {
  const parts = text.split(',').map((s) => s.trim());
  const values = parts.map(Number);
  if (parts.length !== 4 || parts.some((p) => p === '') || !values.every(Number.isFinite)) throw new UsageError(`--seed-box must be x,y,w,h (four numbers), got "${text}"`);
  const [x, y, w, h] = values;
  if (!(w > 0 && h > 0)) throw new UsageError(`--seed-box width and height must be > 0, got "${text}"`);
  return { x, y, w, h };
}

async function main(): Promise<void> {
  const args = parseFollowArgs(process.argv.slice(2));
  if (args === 'help') {
    process.stdout.write(`${FOLLOW_USAGE}\n`);
    return;
  }
  const { seqInfo, detections, frameRate, seqLength } = await readMotSequenceInput(args);
  const lastFrame = Math.min(args.lastFrame ?? seqLength, seqLength);
  const outside = args.seeds.find((s) => s.frame < args.firstFrame || s.frame > lastFrame);
  if (outside) throw new UsageError(`--seed-frame ${outside.frame} is outside the frames analysed (${args.firstFrame}–${lastFrame})`);

  const byFrame = groupByFrame(detections, seqLength);
  const frames: FollowFrame[] = [];
  for (let frame = args.firstFrame, index = 0; frame <= lastFrame; frame += args.frameStep, index++) {
    frames.push({ index, timeSec: motFrameTime(frame, frameRate), detections: (byFrame[frame] ?? []).map((r) => ({ ...r.bbox, score: r.score })) });
  }
  const followed = followOffline(frames, args.seeds.map((s) => motSeed(s.frame, s.box, frameRate)), { frameRate });
  const points = followed.map((p, i) => ({ ...p, frame: args.firstFrame + i * args.frameStep }));
  const written = (p: (typeof points)[number]) => p.bbox !== null && (p.state !== 'uncertain' || args.uncertain);
  const rows = points.flatMap((p) => (written(p) ? [{ frame: p.frame, id: 1, bbox: p.bbox!, score: p.confidence }] : []));

  await writeMotResults(args.out, rows);
  const count = (state: string) => points.filter((p) => p.state === state).length;
  process.stderr.write(
    `follow: ${points.length} frames: ${count('observed')} observed, ${count('interpolated')} interpolated, ${count('uncertain')} uncertain, ${count('missing')} missing; wrote ${args.out}\n`,
  );
}

// Importable (for its argument parser) without running.
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) await runCli(main, 'follow');

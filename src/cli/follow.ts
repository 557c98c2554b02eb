/**
 * Follows one player from seed boxes and writes the boxes claimed for him in MOTChallenge results
 * format (`frame,1,x,y,w,h,confidence,-1,-1,-1`, frame = 1-based video frame; `--uncertain` adds
 * the boxes it is unsure of), so the engine can be scored on any sequence:
 * - `--video`: the service's own analysis on a video file (its detector, describer and settings,
 *   from the same environment: DETECTOR_MODEL, REID_MODEL, …), at `--fps` (default the service's);
 * - `--det`: the engine without images on a detection file, forwards and backwards over every frame.
 * Bad arguments or unreadable inputs exit with code 2.
 *
 * @example npm run follow -- --det MOT17-09-FRCNN/det/det.txt --seqinfo MOT17-09-FRCNN/seqinfo.ini --seed-frame 1 --seed-box 1288,438,145,415 --out out/follow.txt
 * @example DETECTOR_MODEL=yolox_nano.onnx npm run follow -- --video clip.mp4 --seed-frame 25 --seed-box 600,300,40,90 --out out/follow.txt
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import type { Box } from '../analysis/trajectory';
import { groupByFrame } from '../evaluation/mot-challenge-format';
import { followOffline } from '../vision/follow/follow-offline';
import { motFrameTime, motSeed } from '../evaluation/follow-mot-sequence';
import type { FollowFrame } from '../vision/follow/follow-types';
import { followVideo } from './follow-video';
import { MOT_SEQUENCE_OPTION_SPECS, type MotSequenceArgs, motSequenceArgs, readMotSequenceInput, writeMotResults } from './mot-sequence-cli';
import { numberOption, runCli, UsageError } from './tracker-cli-options';

export const FOLLOW_USAGE = `Usage: npm run follow -- --video VIDEO --seed-frame F --seed-box x,y,w,h --out OUT.txt [--fps N|full] [--uncertain]
       npm run follow -- --det DET.txt (--seqinfo seqinfo.ini | --frame-rate FPS) --seed-frame F --seed-box x,y,w,h --out OUT.txt [options]

  --video FILE           a video: the service's analysis follows the player through it
  --fps N|full           analysis rate for --video (default DEFAULT_ANALYSIS_FPS, 10; full: every frame)
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

/** What `npm run follow` was asked to do on a detection file. */
export interface FollowArgs extends MotSequenceArgs {
  seeds: Array<{ frame: number; box: Box }>;
  firstFrame: number;
  lastFrame?: number;
  uncertain: boolean;
}

/** What `npm run follow` was asked to do on a video. */
export interface FollowVideoArgs {
  video: string;
  out: string;
  /** Frames analysed per second; 'full': every frame. Undefined: the service's default. */
  fps?: number | 'full';
  seeds: Array<{ frame: number; box: Box }>;
  uncertain: boolean;
}

/**
 * Parses the follow CLI's arguments; throws UsageError (or parseArgs' own error) on mistakes.
 *
 * @example parseFollowArgs(['--det', 'det.txt', '--frame-rate', '30', '--seed-frame', '1', '--seed-box', '10,20,30,80', '--out', 'o.txt'])
 */
export function parseFollowArgs(argv: string[]): FollowArgs | FollowVideoArgs | 'help' {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      ...MOT_SEQUENCE_OPTION_SPECS,
      video: { type: 'string' },
      fps: { type: 'string' },
      'seed-frame': { type: 'string', multiple: true },
      'seed-box': { type: 'string', multiple: true },
      'first-frame': { type: 'string' },
      'last-frame': { type: 'string' },
      uncertain: { type: 'boolean', default: false },
    },
    allowPositionals: true,
  });
  if (values.help) return 'help';
  const frames = values['seed-frame'] ?? [];
  const boxes = values['seed-box'] ?? [];
  if (frames.length === 0 || boxes.length === 0) throw new UsageError('--seed-frame and --seed-box are required');
  if (frames.length !== boxes.length) throw new UsageError(`got ${frames.length} --seed-frame but ${boxes.length} --seed-box; give them in pairs`);
  const seeds = frames.map((f, i) => ({ frame: numberOption(f, '--seed-frame', { min: 1, integer: true }) as number, box: parseBox(boxes[i]) }));
  if (values.video !== undefined) {
    if (values.det !== undefined) throw new UsageError('give --video or --det, not both');
    if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
    if (!values.out) throw new UsageError('--out is required');
    const fps = values.fps === 'full' ? 'full' : numberOption(values.fps, '--fps', { min: Number.MIN_VALUE });
    return { video: values.video, out: values.out, ...(fps !== undefined ? { fps } : {}), seeds, uncertain: values.uncertain ?? false };
  }
  if (values.fps !== undefined) throw new UsageError('--fps is for --video; a detection file is followed on every frame (--frame-step to skip)');
  const sequence = motSequenceArgs(values, positionals);
  if (sequence === 'help') return 'help';
  const firstFrame = numberOption(values['first-frame'], '--first-frame', { min: 1, integer: true }) ?? 1;
  const lastFrame = numberOption(values['last-frame'], '--last-frame', { min: firstFrame, integer: true });
  return {
    ...sequence,
    seeds,
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
  if ('video' in args) return followVideo(args);
  const { seqInfo, detections, frameRate, seqLength } = await readMotSequenceInput(args);
  const lastFrame = Math.min(args.lastFrame ?? seqLength, seqLength);
  const outside = args.seeds.find((s) => s.frame < args.firstFrame || s.frame > lastFrame);
  if (outside) throw new UsageError(`--seed-frame ${outside.frame} is outside the frames analysed (${args.firstFrame}–${lastFrame})`);

  const byFrame = groupByFrame(detections, seqLength);
  const frames: FollowFrame[] = [];
  for (let frame = args.firstFrame, index = 0; frame <= lastFrame; frame += args.frameStep, index++) {
    frames.push({ index, timeSec: motFrameTime(frame, frameRate), detections: (byFrame[frame] ?? []).map((r) => ({ ...r.bbox, score: r.score })) });
  }
  const followed = await followOffline(frames, { frameRate, seeds: args.seeds.map((s) => motSeed(s.frame, s.box, frameRate)) });
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

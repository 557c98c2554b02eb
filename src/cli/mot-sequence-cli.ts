import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { formatResults, type MotResultRow } from '../evaluation/mot-challenge-format';
import { readDetectionsFile, readSeqInfoFile } from '../evaluation/mot-files';
import { numberOption, UsageError } from './tracker-cli-options';

/** `util.parseArgs` specs of what every CLI over one MOTChallenge sequence takes (track, follow). */
export const MOT_SEQUENCE_OPTION_SPECS = {
  det: { type: 'string' },
  seqinfo: { type: 'string' },
  'frame-rate': { type: 'string' },
  out: { type: 'string' },
  'frame-step': { type: 'string' },
  help: { type: 'boolean', default: false },
} as const;

/** The sequence to read and the results file to write. */
export interface MotSequenceArgs {
  det: string;
  out: string;
  seqinfo?: string;
  frameRate?: number;
  frameStep: number;
}

/**
 * Checks the MOT_SEQUENCE_OPTION_SPECS values: 'help', or the sequence arguments; UsageError on
 * a mistake.
 *
 * @example motSequenceArgs(values, positionals)
 */
export function motSequenceArgs(
  values: { det?: string; seqinfo?: string; 'frame-rate'?: string; out?: string; 'frame-step'?: string; help?: boolean },
  positionals: readonly string[],
): MotSequenceArgs | 'help' {
  if (values.help) return 'help';
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
  if (!values.det) throw new UsageError('--det is required');
  if (!values.out) throw new UsageError('--out is required');
  if (!values.seqinfo && values['frame-rate'] === undefined) throw new UsageError('--seqinfo or --frame-rate is required');
  return {
    det: values.det,
    out: values.out,
    seqinfo: values.seqinfo,
    frameRate: numberOption(values['frame-rate'], '--frame-rate', { min: Number.MIN_VALUE }),
    frameStep: numberOption(values['frame-step'], '--frame-step', { min: 1, integer: true }) ?? 1,
  };
}

/**
 * Reads the sequence: its detections, frame rate (--frame-rate, else seqinfo.ini) and length
 * (seqinfo.ini, else the last frame with a detection).
 */
export async function readMotSequenceInput(args: MotSequenceArgs) {
  const seqInfo = args.seqinfo ? await readSeqInfoFile(args.seqinfo) : undefined;
  const detections = await readDetectionsFile(args.det);
  // motSequenceArgs guarantees a seqinfo or a frame rate.
  const frameRate = args.frameRate ?? (seqInfo as NonNullable<typeof seqInfo>).frameRate;
  const seqLength = seqInfo?.seqLength ?? detections.reduce((max, d) => Math.max(max, d.frame), 0);
  return { seqInfo, detections, frameRate, seqLength };
}

/** Writes MOTChallenge results to `file`, creating its folders. */
export async function writeMotResults(file: string, rows: readonly MotResultRow[]): Promise<void> {
  await mkdir(path.dirname(path.resolve(file)), { recursive: true });
  await writeFile(file, formatResults(rows));
}

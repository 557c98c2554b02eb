import { parseArgs } from 'node:util';
import type { ByteTrackerConfig } from '../vision/tracking/byte-tracker-config';
import { numberOption, trackerConfigFromOptions, TRACKER_OPTION_SPECS, TRACKER_OPTIONS_HELP, UsageError } from './tracker-cli-options';

export const TRACK_USAGE = `Usage: npm run track -- --det DET.txt (--seqinfo seqinfo.ini | --frame-rate FPS) --out OUT.txt [options]

  --det FILE             MOTChallenge detections (frame,-1,x,y,w,h,score)
  --seqinfo FILE         seqinfo.ini giving frameRate and seqLength
  --frame-rate FPS       frame rate (overrides seqinfo; required without it)
  --out FILE             results file to write (folders are created)
  --frame-step N         track every N-th frame only, with true timestamps (default 1)
${TRACKER_OPTIONS_HELP}
  --help                 show this help`;

/** What `npm run track` was asked to do. */
export interface TrackArgs {
  det: string;
  out: string;
  seqinfo?: string;
  frameRate?: number;
  frameStep: number;
  tracker: Partial<Omit<ByteTrackerConfig, 'frameRate'>>;
}

/**
 * Parses the track CLI's arguments; throws UsageError (or parseArgs' own error) on mistakes.
 *
 * @example parseTrackArgs(['--det', 'det.txt', '--frame-rate', '30', '--out', 'out.txt'])
 */
export function parseTrackArgs(argv: string[]): TrackArgs | 'help' {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      det: { type: 'string' },
      seqinfo: { type: 'string' },
      'frame-rate': { type: 'string' },
      out: { type: 'string' },
      'frame-step': { type: 'string' },
      help: { type: 'boolean', default: false },
      ...TRACKER_OPTION_SPECS,
    },
    allowPositionals: true,
  });
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
    tracker: trackerConfigFromOptions(values),
  };
}

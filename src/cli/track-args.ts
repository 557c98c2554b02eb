import { parseArgs } from 'node:util';
import type { ByteTrackerConfig } from '../vision/tracking/byte-tracker-config';
import { MOT_SEQUENCE_OPTION_SPECS, type MotSequenceArgs, motSequenceArgs } from './mot-sequence-cli';
import { trackerConfigFromOptions, TRACKER_OPTION_SPECS, TRACKER_OPTIONS_HELP } from './tracker-cli-options';

export const TRACK_USAGE = `Usage: npm run track -- --det DET.txt (--seqinfo seqinfo.ini | --frame-rate FPS) --out OUT.txt [options]

  --det FILE             MOTChallenge detections (frame,-1,x,y,w,h,score)
  --seqinfo FILE         seqinfo.ini giving frameRate and seqLength
  --frame-rate FPS       frame rate (overrides seqinfo; required without it)
  --out FILE             results file to write (folders are created)
  --frame-step N         track every N-th frame only, with true timestamps (default 1)
${TRACKER_OPTIONS_HELP}
  --help                 show this help`;

/** What `npm run track` was asked to do. */
export interface TrackArgs extends MotSequenceArgs {
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
    options: { ...MOT_SEQUENCE_OPTION_SPECS, ...TRACKER_OPTION_SPECS },
    allowPositionals: true,
  });
  const sequence = motSequenceArgs(values, positionals);
  if (sequence === 'help') return 'help';
  return { ...sequence, tracker: trackerConfigFromOptions(values) };
}

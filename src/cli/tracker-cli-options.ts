import type { ByteTrackerConfig } from '../vision/tracking/byte-tracker-config';
import { MotFileError } from '../evaluation/mot-files';
import { MotFormatError } from '../evaluation/mot-challenge-format';
import { type DevSequence, devSequences } from '../evaluation/dev-sequences';

/** A command-line mistake: reported in one line, exit code 2. @example throw new UsageError('--det is required') */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** `util.parseArgs` option specs for the ByteTrack settings shared by the tracker CLIs. @example parseArgs({ options: { ...TRACKER_OPTION_SPECS } }) */
export const TRACKER_OPTION_SPECS = {
  'track-thresh': { type: 'string' },
  'low-thresh': { type: 'string' },
  'new-track-thresh': { type: 'string' },
  'match-thresh': { type: 'string' },
  'track-buffer': { type: 'string' },
  'reference-quirks': { type: 'boolean', default: false },
} as const;

/** Help text for TRACKER_OPTION_SPECS. @example console.log(`Options:\n${TRACKER_OPTIONS_HELP}`) */
export const TRACKER_OPTIONS_HELP = `  --track-thresh N       high-score threshold (default 0.5)
  --low-thresh N         low-score threshold (default 0.1)
  --new-track-thresh N   score needed to start a track (default track-thresh + 0.1)
  --match-thresh N       first-association cost limit, 1 − IoU·score (default 0.8)
  --track-buffer N       lost-track buffer in frames at 30 fps (default 30)
  --reference-quirks     reproduce the reference Python ByteTrack's incidental behaviours`;

/**
 * Reads a numeric option: undefined when absent, UsageError when not a number within [min, max].
 *
 * @example numberOption(values['frame-step'], '--frame-step', { min: 1, integer: true })
 */
export function numberOption(text: string | undefined, name: string, limits: { min?: number; max?: number; integer?: boolean } = {}): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value)) throw new UsageError(`${name} must be a number, got "${text}"`);
  if (limits.integer && !Number.isInteger(value)) throw new UsageError(`${name} must be an integer, got ${text}`);
  if (limits.min !== undefined && value < limits.min) throw new UsageError(`${name} must be ≥ ${limits.min}, got ${text}`);
  if (limits.max !== undefined && value > limits.max) throw new UsageError(`${name} must be ≤ ${limits.max}, got ${text}`);
  return value;
}

/**
 * Turns the parsed tracker options into a ByteTracker config override (frame rate excluded).
 *
 * @example trackerConfigFromOptions({ 'track-thresh': '0.6', 'reference-quirks': false })
 */
export function trackerConfigFromOptions(values: {
  'track-thresh'?: string;
  'low-thresh'?: string;
  'new-track-thresh'?: string;
  'match-thresh'?: string;
  'track-buffer'?: string;
  'reference-quirks'?: boolean;
}): Partial<Omit<ByteTrackerConfig, 'frameRate'>> {
  const highThresh = numberOption(values['track-thresh'], '--track-thresh', { min: 0 });
  const config: Partial<Omit<ByteTrackerConfig, 'frameRate'>> = {
    highThresh,
    lowThresh: numberOption(values['low-thresh'], '--low-thresh', { min: 0 }),
    // As in ByteTrack, starting a track needs track_thresh + 0.1 unless said otherwise.
    newTrackThresh: numberOption(values['new-track-thresh'], '--new-track-thresh', { min: 0 }) ?? (highThresh !== undefined ? highThresh + 0.1 : undefined),
    matchThresh: numberOption(values['match-thresh'], '--match-thresh', { min: 0 }),
    trackBuffer: numberOption(values['track-buffer'], '--track-buffer', { min: 0 }),
    referenceQuirks: values['reference-quirks'] ?? false,
  };
  const high = config.highThresh ?? 0.5;
  const low = config.lowThresh ?? 0.1;
  if (low > high) throw new UsageError(`--low-thresh (${low}) must not exceed --track-thresh (${high})`);
  return config;
}

/**
 * Runs a CLI's main function: usage mistakes, missing or malformed input files exit with 2 and a
 * one-line message, anything else with 1 and the stack.
 *
 * @example await runCli(main, 'track')
 */
export async function runCli(main: () => Promise<void>, name: string): Promise<void> {
  try {
    await main();
  } catch (error) {
    if (error instanceof UsageError || error instanceof MotFileError || error instanceof MotFormatError || isParseArgsError(error)) {
      process.stderr.write(`${name}: ${(error as Error).message}\nRun with --help for usage.\n`);
      process.exitCode = 2;
      return;
    }
    process.stderr.write(`${name}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  }
}

function isParseArgsError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS_');
}

/**
 * The shared sequences under `dataDir` named by `--sequences` (comma-separated; all when absent).
 *
 * @example sequencesOption(dataDir, values.sequences)
 */
export function sequencesOption(dataDir: string, names: string | undefined): DevSequence[] {
  const sequences = devSequences(dataDir);
  if (!names) return sequences;
  const wanted = names.split(',').map((s) => s.trim());
  const unknown = wanted.filter((w) => !sequences.some((s) => s.name === w));
  if (unknown.length > 0) throw new UsageError(`unknown sequence(s) ${unknown.join(', ')}; known: ${sequences.map((s) => s.name).join(', ')}`);
  return sequences.filter((s) => wanted.includes(s.name));
}

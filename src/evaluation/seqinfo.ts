import { MotFormatError } from './mot-challenge-format';

/** The `[Sequence]` section of a MOTChallenge `seqinfo.ini`. */
export interface SeqInfo {
  name: string;
  frameRate: number;
  seqLength: number;
  imWidth: number;
  imHeight: number;
}

/**
 * Parses a `seqinfo.ini`; frame rate and length are required, image size defaults to 0 if absent.
 *
 * @example parseSeqInfo('[Sequence]\nname=MOT17-09-FRCNN\nframeRate=30\nseqLength=525\n').frameRate // 30
 */
export function parseSeqInfo(text: string, source = 'seqinfo.ini'): SeqInfo {
  const values = new Map<string, string>();
  let inSequence = false;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith(';') || line.startsWith('#')) continue;
    const section = /^\[(.+)\]$/.exec(line);
    if (section) {
      inSequence = section[1].trim().toLowerCase() === 'sequence';
      continue;
    }
    const eq = line.indexOf('=');
    if (inSequence && eq > 0) values.set(line.slice(0, eq).trim().toLowerCase(), line.slice(eq + 1).trim());
  }
  const number = (key: string, required: boolean): number => {
    const text = values.get(key.toLowerCase());
    if (text === undefined) {
      if (required) throw new MotFormatError(`${source}: missing ${key} in [Sequence]`);
      return 0;
    }
    const value = Number(text);
    if (!Number.isFinite(value) || value < 0) throw new MotFormatError(`${source}: ${key} must be a non-negative number, got "${text}"`);
    return value;
  };
  const info: SeqInfo = {
    name: values.get('name') ?? '',
    frameRate: number('frameRate', true),
    seqLength: number('seqLength', true),
    imWidth: number('imWidth', false),
    imHeight: number('imHeight', false),
  };
  if (info.frameRate <= 0) throw new MotFormatError(`${source}: frameRate must be > 0`);
  if (!Number.isInteger(info.seqLength)) throw new MotFormatError(`${source}: seqLength must be an integer`);
  return info;
}

import { readFile } from 'node:fs/promises';
import { parseDetections, parseGroundTruth, parseResults, type MotDetectionRow, type MotGroundTruthRow, type MotResultRow } from './mot-challenge-format';
import { parseSeqInfo, type SeqInfo } from './seqinfo';

/** A MOTChallenge file that is missing or unreadable; the message names the path. @example throw new MotFileError(`detection file ${path}: not found`, path) */
export class MotFileError extends Error {
  constructor(
    message: string,
    readonly path: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'MotFileError';
  }
}

async function readText(path: string, what: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'not found' : code === 'EISDIR' ? 'is a directory' : `unreadable (${code ?? String(error)})`;
    throw new MotFileError(`${what} ${path}: ${reason}`, path, { cause: error });
  }
}

/** Reads a `det.txt`. @example await readDetectionsFile('MOT17-09-FRCNN/det/det.txt') */
export async function readDetectionsFile(path: string): Promise<MotDetectionRow[]> {
  return parseDetections(await readText(path, 'detection file'), path);
}

/** Reads a `gt.txt`. @example await readGroundTruthFile('MOT17-09-FRCNN/gt/gt.txt') */
export async function readGroundTruthFile(path: string): Promise<MotGroundTruthRow[]> {
  return parseGroundTruth(await readText(path, 'ground-truth file'), path);
}

/** Reads a tracker result file. @example await readResultsFile('out/MOT17-09-FRCNN.txt') */
export async function readResultsFile(path: string): Promise<MotResultRow[]> {
  return parseResults(await readText(path, 'results file'), path);
}

/** Reads a `seqinfo.ini`. @example (await readSeqInfoFile('MOT17-09-FRCNN/seqinfo.ini')).frameRate */
export async function readSeqInfoFile(path: string): Promise<SeqInfo> {
  return parseSeqInfo(await readText(path, 'seqinfo file'), path);
}

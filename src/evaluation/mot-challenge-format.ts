import type { Box } from '../vision/tracking/box';

/** One row of a MOTChallenge `det.txt`: `frame,-1,x,y,w,h,score[,...]`. */
export interface MotDetectionRow {
  frame: number;
  bbox: Box;
  score: number;
}

/** One row of a MOTChallenge `gt.txt`: `frame,id,x,y,w,h,consider,class,visibility`. */
export interface MotGroundTruthRow {
  frame: number;
  id: number;
  bbox: Box;
  /** Column 7: 0 means "do not evaluate" (TrackEval's `zero_marked`). */
  consider: number;
  /** Column 8: MOT17 class (1 pedestrian, 2/7/8/12 distractors…); MOT15 files hold a 3-D coordinate here. */
  classId: number;
  visibility: number;
}

/** One row of a tracker result file: `frame,id,x,y,w,h,score,-1,-1,-1`. */
export interface MotResultRow {
  frame: number;
  id: number;
  bbox: Box;
  score: number;
}

/** A line of a MOTChallenge text file that cannot be read. @example throw new MotFormatError('det.txt:3: column 5 is not a number') */
export class MotFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MotFormatError';
  }
}

/**
 * Reads the numeric columns of a MOTChallenge CSV text, skipping blank lines, and checking each
 * line has at least `minColumns` numbers. `source` names the file in error messages.
 *
 * @example parseMotCsv('1,-1,10,20,30,40,0.9\n', 7, 'det.txt') // [[1, -1, 10, 20, 30, 40, 0.9]]
 */
export function parseMotCsv(text: string, minColumns: number, source: string): number[][] {
  const rows: number[][] = [];
  const lines = text.split(/\r?\n/);
  for (let n = 0; n < lines.length; n++) {
    const line = lines[n].trim();
    if (line === '') continue;
    const fields = line.split(/\s*,\s*|\s+/);
    if (fields.length < minColumns) {
      throw new MotFormatError(`${source}:${n + 1}: expected at least ${minColumns} comma-separated columns, got ${fields.length}`);
    }
    const values = fields.map(Number);
    const bad = values.findIndex((v) => !Number.isFinite(v));
    if (bad >= 0) throw new MotFormatError(`${source}:${n + 1}: column ${bad + 1} is not a number: "${fields[bad]}"`);
    if (!Number.isInteger(values[0]) || values[0] < 1) throw new MotFormatError(`${source}:${n + 1}: frame must be an integer ≥ 1, got ${fields[0]}`);
    rows.push(values);
  }
  return rows;
}

/**
 * Parses a `det.txt` (7+ columns).
 *
 * @example parseDetections(readFileSync('det/det.txt', 'utf8'), 'det.txt')
 */
export function parseDetections(text: string, source = 'det.txt'): MotDetectionRow[] {
  return parseMotCsv(text, 7, source).map((v) => ({ frame: v[0], bbox: { x: v[2], y: v[3], w: v[4], h: v[5] }, score: v[6] }));
}

/**
 * Parses a `gt.txt`. MOT15 files have 10 columns with world coordinates after `consider`;
 * their class and visibility columns are read as they are (TrackEval ignores them for MOT15).
 *
 * @example parseGroundTruth(readFileSync('gt/gt.txt', 'utf8'), 'gt.txt')
 */
export function parseGroundTruth(text: string, source = 'gt.txt'): MotGroundTruthRow[] {
  return parseMotCsv(text, 7, source).map((v) => ({
    frame: v[0],
    id: v[1],
    bbox: { x: v[2], y: v[3], w: v[4], h: v[5] },
    consider: v[6],
    classId: v.length > 7 ? v[7] : 1,
    visibility: v.length > 8 ? v[8] : 1,
  }));
}

/**
 * Parses a tracker result file (`frame,id,x,y,w,h,score,...`).
 *
 * @example parseResults(readFileSync('MOT17-09.txt', 'utf8'))
 */
export function parseResults(text: string, source = 'results.txt'): MotResultRow[] {
  return parseMotCsv(text, 6, source).map((v) => ({ frame: v[0], id: v[1], bbox: { x: v[2], y: v[3], w: v[4], h: v[5] }, score: v.length > 6 ? v[6] : 1 }));
}

/**
 * Writes tracker results in the MOTChallenge format, one line per row, sorted by frame then id.
 *
 * @example formatResults([{ frame: 1, id: 3, bbox: { x: 1, y: 2, w: 3, h: 4 }, score: 0.9 }]) // "1,3,1.00,2.00,3.00,4.00,0.900000,-1,-1,-1\n"
 */
export function formatResults(rows: readonly MotResultRow[]): string {
  const sorted = [...rows].sort((a, b) => a.frame - b.frame || a.id - b.id);
  return sorted
    .map((r) => `${r.frame},${r.id},${r.bbox.x.toFixed(2)},${r.bbox.y.toFixed(2)},${r.bbox.w.toFixed(2)},${r.bbox.h.toFixed(2)},${r.score.toFixed(6)},-1,-1,-1\n`)
    .join('');
}

/**
 * Groups rows by frame number (1-based) into an array indexed by frame; frames without rows get
 * an empty array. Rows keep their file order within a frame.
 *
 * @example groupByFrame(parseDetections(text), 600)[1] // detections of frame 1
 */
export function groupByFrame<T extends { frame: number }>(rows: readonly T[], frameCount: number): T[][] {
  const frames: T[][] = Array.from({ length: frameCount + 1 }, () => []);
  for (const row of rows) if (row.frame <= frameCount) frames[row.frame].push(row);
  return frames;
}

import type { Candidate } from './types';

/** Shape of an undecoded YOLOX head output: one row of `5 + numClasses` values per grid cell. */
export interface YoloxLayout {
  inputWidth: number;
  inputHeight: number;
  /** Grid strides in output row order (YOLOX: 8, 16, 32). */
  strides: readonly number[];
  numClasses: number;
}

export interface DecodeOptions {
  /** Candidates scoring below this are not returned. */
  scoreThreshold: number;
  /** When given, only candidates whose best class is listed are returned. */
  classes?: readonly number[];
}

/** Number of rows (anchor points) a YOLOX head produces for a layout. @example yoloxAnchorCount({ inputWidth: 416, inputHeight: 416, strides: [8, 16, 32], numClasses: 80 }) // 3549 */
export function yoloxAnchorCount(layout: Pick<YoloxLayout, 'inputWidth' | 'inputHeight' | 'strides'>): number {
  let count = 0;
  for (const s of layout.strides) count += Math.floor(layout.inputHeight / s) * Math.floor(layout.inputWidth / s);
  return count;
}

/**
 * Decodes an undecoded YOLOX output (rows `[dx, dy, log_w, log_h, obj, cls0..]`, obj and cls
 * already sigmoid-ed) into corner boxes in model-input pixels. Score = obj × best class score.
 *
 * @example decodeYolox(output, { inputWidth: 416, inputHeight: 416, strides: [8, 16, 32], numClasses: 80 }, { scoreThreshold: 0.3, classes: [0] })
 */
export function decodeYolox(output: Float32Array, layout: YoloxLayout, options: DecodeOptions): Candidate[] {
  const rowLength = 5 + layout.numClasses;
  const expected = yoloxAnchorCount(layout) * rowLength;
  if (output.length !== expected) {
    throw new RangeError(`YOLOX output has ${output.length} values, layout expects ${expected}`);
  }
  const { scoreThreshold, classes } = options;
  const found: Candidate[] = [];
  let row = 0;
  for (const stride of layout.strides) {
    const gridW = Math.floor(layout.inputWidth / stride);
    const gridH = Math.floor(layout.inputHeight / stride);
    for (let gy = 0; gy < gridH; gy++) {
      for (let gx = 0; gx < gridW; gx++, row++) {
        const base = row * rowLength;
        const obj = output[base + 4];
        // cls <= 1, so obj alone bounds the score: most rows end here.
        if (obj < scoreThreshold) continue;
        let classId = 0;
        let best = output[base + 5];
        for (let c = 1; c < layout.numClasses; c++) {
          const v = output[base + 5 + c];
          if (v > best) {
            best = v;
            classId = c;
          }
        }
        const score = obj * best;
        if (score < scoreThreshold || (classes && !classes.includes(classId))) continue;
        const cx = (output[base] + gx) * stride;
        const cy = (output[base + 1] + gy) * stride;
        const w = Math.exp(output[base + 2]) * stride;
        const h = Math.exp(output[base + 3]) * stride;
        found.push({ x1: cx - w / 2, y1: cy - h / 2, x2: cx + w / 2, y2: cy + h / 2, score, classId });
      }
    }
  }
  return found;
}

/**
 * Whether a YOLOX output already holds decoded boxes (exported with `decode_in_inference`), which
 * has the same shape as the undecoded grid output. Undecoded rows hold a cell offset (about -1..2)
 * in column 0; decoded rows hold a centre x in input pixels, reaching far past that.
 *
 * @example yoloxOutputLooksDecoded(output, layout) // false for the Megvii/Kazuhito00 yolox_nano.onnx
 */
export function yoloxOutputLooksDecoded(output: Float32Array, layout: YoloxLayout): boolean {
  const rowLength = 5 + layout.numClasses;
  let maxX = -Infinity;
  for (let i = 0; i < output.length; i += rowLength) if (output[i] > maxX) maxX = output[i];
  return maxX > Math.min(...layout.strides);
}

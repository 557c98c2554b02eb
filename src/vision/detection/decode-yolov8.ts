import type { Candidate } from './types';
import type { DecodeOptions } from './decode-yolox';

/** Shape of an Ultralytics YOLOv8/YOLO11 detect output `[1, 4 + numClasses, numAnchors]`. */
export interface Yolov8Layout {
  numClasses: number;
  numAnchors: number;
}

/**
 * Decodes an Ultralytics YOLOv8/YOLO11 output (channel-major: rows cx, cy, w, h in model-input
 * pixels, then one already sigmoid-ed score per class, no objectness) into corner boxes.
 *
 * @example decodeYolov8(output, { numClasses: 80, numAnchors: 8400 }, { scoreThreshold: 0.3, classes: [0] })
 */
export function decodeYolov8(output: Float32Array, layout: Yolov8Layout, options: DecodeOptions): Candidate[] {
  const n = layout.numAnchors;
  const expected = (4 + layout.numClasses) * n;
  if (output.length !== expected) {
    throw new RangeError(`YOLOv8 output has ${output.length} values, layout expects ${expected}`);
  }
  const { scoreThreshold, classes } = options;
  const found: Candidate[] = [];
  const classBase = 4 * n;
  for (let i = 0; i < n; i++) {
    let classId = 0;
    let best = output[classBase + i];
    for (let c = 1; c < layout.numClasses; c++) {
      const v = output[classBase + c * n + i];
      if (v > best) {
        best = v;
        classId = c;
      }
    }
    if (best < scoreThreshold || (classes && !classes.includes(classId))) continue;
    const cx = output[i];
    const cy = output[n + i];
    const w = output[2 * n + i];
    const h = output[3 * n + i];
    found.push({ x1: cx - w / 2, y1: cy - h / 2, x2: cx + w / 2, y2: cy + h / 2, score: best, classId });
  }
  return found;
}

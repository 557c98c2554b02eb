import { describe, expect, it } from 'vitest';
import { decodeYolov8 } from '../../../src/vision/detection/decode-yolov8';

// [1, 4 + 2 classes, 5 anchors], channel-major like the Ultralytics export.
function tensor(anchors: Record<number, [number, number, number, number, number, number]>): Float32Array {
  const n = 5;
  const out = new Float32Array(6 * n);
  for (const [i, values] of Object.entries(anchors)) values.forEach((v, channel) => (out[channel * n + Number(i)] = v));
  return out;
}

describe('decodeYolov8', () => {
  const layout = { numClasses: 2, numAnchors: 5 };

  it('reads cx,cy,w,h in input pixels and the class score without objectness', () => {
    const [box, ...rest] = decodeYolov8(tensor({ 3: [100, 50, 20, 40, 0.7, 0.2] }), layout, { scoreThreshold: 0.25 });
    expect(rest).toEqual([]);
    expect(box).toEqual({ x1: 90, y1: 30, x2: 110, y2: 70, score: expect.closeTo(0.7, 6), classId: 0 });
  });

  it('assigns the best class and keeps only the requested classes', () => {
    const output = tensor({ 1: [10, 10, 4, 4, 0.5, 0.9], 3: [100, 50, 20, 40, 0.7, 0.2], 4: [5, 5, 2, 2, 0.1, 0.2] });
    expect(decodeYolov8(output, layout, { scoreThreshold: 0.25 }).map((b) => b.classId)).toEqual([1, 0]);
    expect(decodeYolov8(output, layout, { scoreThreshold: 0.25, classes: [0] }).map((b) => b.x1)).toEqual([90]);
    expect(decodeYolov8(output, layout, { scoreThreshold: 0.8 }).map((b) => b.classId)).toEqual([1]);
  });

  it('rejects an output that does not fit the layout', () => {
    expect(() => decodeYolov8(new Float32Array(29), layout, { scoreThreshold: 0.3 })).toThrow(RangeError);
  });
});

import { describe, expect, it } from 'vitest';
import { iou, nms, overlapOfFirst } from '../../../src/vision/detection/nms';
import type { Candidate } from '../../../src/vision/detection/types';

const box = (x1: number, y1: number, x2: number, y2: number, score: number, classId = 0): Candidate => ({ x1, y1, x2, y2, score, classId });

describe('nms', () => {
  it('computes IoU and the covered share of the first box', () => {
    expect(iou(box(0, 0, 2, 2, 1), box(1, 0, 3, 2, 1))).toBeCloseTo(1 / 3);
    expect(iou(box(0, 0, 1, 1, 1), box(2, 2, 3, 3, 1))).toBe(0);
    expect(overlapOfFirst(box(1, 1, 2, 2, 1), box(0, 0, 4, 4, 1))).toBe(1);
    expect(overlapOfFirst(box(0, 0, 4, 4, 1), box(1, 1, 2, 2, 1))).toBeCloseTo(1 / 16);
  });

  it('drops the weaker of two same-class boxes above the IoU threshold, keeps other classes', () => {
    const strong = box(0, 0, 10, 10, 0.9);
    const weakDuplicate = box(1, 0, 11, 10, 0.6); // IoU 9/11
    const otherClass = box(0, 0, 10, 10, 0.5, 1);
    const apart = box(20, 20, 30, 30, 0.4);
    expect(nms([weakDuplicate, apart, otherClass, strong], 0.45)).toEqual([strong, otherClass, apart]);
    expect(nms([weakDuplicate, strong], 0.85)).toEqual([strong, weakDuplicate]);
  });
});

import { describe, expect, it } from 'vitest';
import { letterboxGeometry, toSourceBox, type Letterbox, type Region } from '../../../src/vision/detection/letterbox';
import type { Candidate } from '../../../src/vision/detection/types';

/** Where a source-pixel box lands in the model input (the inverse of toSourceBox). */
function toInput(box: Candidate, lb: Letterbox, region: Region): Candidate {
  const f = (v: number, offset: number, pad: number) => (v - offset) * lb.scale + pad;
  return { ...box, x1: f(box.x1, region.left, lb.padLeft), y1: f(box.y1, region.top, lb.padTop), x2: f(box.x2, region.left, lb.padLeft), y2: f(box.y2, region.top, lb.padTop) };
}

describe('letterboxGeometry', () => {
  it('puts YOLOX content top-left and pads right/bottom', () => {
    expect(letterboxGeometry(1280, 720, 416, 416, 'top-left')).toEqual({ scale: 0.325, width: 416, height: 234, padLeft: 0, padTop: 0, padRight: 0, padBottom: 182 });
    expect(letterboxGeometry(640, 360, 416, 416, 'top-left')).toMatchObject({ width: 416, height: 234, padBottom: 182 });
    expect(letterboxGeometry(720, 1280, 416, 416, 'top-left')).toMatchObject({ width: 234, height: 416, padRight: 182, padBottom: 0 });
  });

  it('centres Ultralytics content, odd pixel right/bottom', () => {
    expect(letterboxGeometry(1280, 720, 640, 640, 'center')).toEqual({ scale: 0.5, width: 640, height: 360, padLeft: 0, padTop: 140, padRight: 0, padBottom: 140 });
    // 1000×333 → 640×213, 427 px of padding: 213 above, 214 below.
    expect(letterboxGeometry(1000, 333, 640, 640, 'center')).toMatchObject({ width: 640, height: 213, padTop: 213, padBottom: 214 });
  });

  it('scales up regions smaller than the input', () => {
    expect(letterboxGeometry(320, 240, 416, 416, 'top-left')).toMatchObject({ scale: 1.3, width: 416, height: 312 });
  });
});

describe('toSourceBox', () => {
  const person: Candidate = { x1: 700, y1: 300, x2: 760, y2: 420, score: 0.8, classId: 0 };

  it('maps input pixels back to the source frame for both paddings', () => {
    const full = { left: 0, top: 0, width: 1280, height: 720 };
    for (const align of ['top-left', 'center'] as const) {
      const lb = letterboxGeometry(1280, 720, 416, 416, align);
      const back = toSourceBox(toInput(person, lb, full), lb, full);
      expect(back.x1).toBeCloseTo(700, 6);
      expect(back.y1).toBeCloseTo(300, 6);
      expect(back.x2).toBeCloseTo(760, 6);
      expect(back.y2).toBeCloseTo(420, 6);
    }
    // Centre padding is 91 px on top: a box at input y 91 is at source y 0.
    const centred = letterboxGeometry(1280, 720, 416, 416, 'center');
    expect(toSourceBox({ ...person, x1: 0, y1: 91, x2: 13, y2: 104 }, centred, full)).toMatchObject({ x1: 0, y1: 0, x2: 40, y2: 40 });
  });

  it('adds the tile offset and clips to the tile', () => {
    const tile = { left: 576, top: 304, width: 416, height: 416 };
    const lb = letterboxGeometry(416, 416, 416, 416, 'top-left');
    expect(lb.scale).toBe(1);
    const back = toSourceBox(toInput(person, lb, tile), lb, tile);
    expect(back).toMatchObject({ x1: 700, y1: 304, x2: 760, y2: 420 }); // y1 300 clipped at the tile top
    const scaledTile = { left: 640, top: 360, width: 640, height: 360 };
    const lb2 = letterboxGeometry(640, 360, 416, 416, 'center');
    const inside: Candidate = { ...person, x1: 1000, y1: 500, x2: 1040, y2: 600 };
    expect(toSourceBox(toInput(inside, lb2, scaledTile), lb2, scaledTile)).toMatchObject({ x1: expect.closeTo(1000, 6), y1: expect.closeTo(500, 6), x2: expect.closeTo(1040, 6), y2: expect.closeTo(600, 6) });
  });
});

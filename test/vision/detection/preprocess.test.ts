import { describe, expect, it } from 'vitest';
import { letterboxGeometry } from '../../../src/vision/detection/letterbox';
import { packLetterboxed, resizeRegion } from '../../../src/vision/detection/preprocess';
import { noiseFrame, referenceBilinear } from './support/reference-bilinear';

function maxDifference(actual: { data: Buffer; width: number }, expected: Buffer, width: number, height: number): number {
  let worst = 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width * 3; x++) {
      worst = Math.max(worst, Math.abs(actual.data[y * actual.width * 3 + x] - expected[y * width * 3 + x]));
    }
  }
  return worst;
}

describe('resizeRegion', () => {
  it.each([
    [1280, 720, 416, 234],
    [640, 360, 416, 234],
    [1920, 1080, 640, 360],
    [320, 240, 416, 312],
    [333, 250, 640, 481],
  ])('matches half-pixel bilinear (OpenCV INTER_LINEAR) for %ix%i → %ix%i', async (w, h, tw, th) => {
    const frame = noiseFrame(w, h);
    const resized = await resizeRegion(frame, { left: 0, top: 0, width: w, height: h }, tw, th);
    expect(resized.width).toBeGreaterThanOrEqual(tw);
    expect(resized.height).toBeGreaterThanOrEqual(th);
    expect(maxDifference(resized, referenceBilinear(frame, tw, th), tw, th)).toBeLessThanOrEqual(1);
  });

  it('resizes only the requested tile', async () => {
    const frame = noiseFrame(200, 120);
    const region = { left: 50, top: 30, width: 100, height: 80 };
    const tile = { data: Buffer.alloc(100 * 80 * 3), width: 100, height: 80 };
    for (let y = 0; y < 80; y++) frame.data.copy(tile.data, y * 300, ((y + 30) * 200 + 50) * 3, ((y + 30) * 200 + 150) * 3);
    const resized = await resizeRegion(frame, region, 60, 48);
    expect(maxDifference(resized, referenceBilinear(tile, 60, 48), 60, 48)).toBeLessThanOrEqual(1);
    const sameScale = await resizeRegion(frame, region, 100, 80);
    expect(sameScale).toEqual(tile);
  });
});

describe('packLetterboxed', () => {
  // A 2×1 image: red, then (10, 20, 30).
  const content = { data: Buffer.from([255, 0, 0, 10, 20, 30]), width: 2, height: 1 };

  it('writes BGR 0..255 top-left and pads with 114 (YOLOX)', () => {
    const lb = { scale: 1, width: 2, height: 1, padLeft: 0, padTop: 0, padRight: 1, padBottom: 2 };
    const t = packLetterboxed(content, lb, { order: 'bgr', scale: 1 });
    const plane = 9;
    expect(Array.from(t.subarray(0, 3))).toEqual([0, 30, 114]); // B plane, row 0
    expect(Array.from(t.subarray(plane, plane + 3))).toEqual([0, 20, 114]); // G
    expect(Array.from(t.subarray(2 * plane, 2 * plane + 3))).toEqual([255, 10, 114]); // R
    expect(t[3]).toBe(114);
  });

  it('writes RGB /255 centred (Ultralytics) and ignores extra content pixels', () => {
    const wide = { data: Buffer.from([255, 0, 0, 10, 20, 30, 1, 1, 1]), width: 3, height: 1 };
    const lb = { scale: 1, width: 2, height: 1, padLeft: 1, padTop: 1, padRight: 1, padBottom: 2 };
    const t = packLetterboxed(wide, lb, { order: 'rgb', scale: 1 / 255 });
    const plane = 16;
    expect(t[4 + 1]).toBeCloseTo(1); // R of the red pixel at (1,1)
    expect(t[4 + 2]).toBeCloseTo(10 / 255);
    expect(t[2 * plane + 4 + 2]).toBeCloseTo(30 / 255);
    expect(t[4 + 3]).toBeCloseTo(114 / 255); // the third content pixel is not copied
    expect(t[0]).toBeCloseTo(114 / 255);
  });

  it('fits a real letterbox geometry and rejects a wrong tensor size', () => {
    const lb = letterboxGeometry(1280, 720, 416, 416, 'top-left');
    const resized = { data: Buffer.alloc(416 * 234 * 3, 7), width: 416, height: 234 };
    const t = packLetterboxed(resized, lb, { order: 'bgr', scale: 1 });
    expect(t.length).toBe(3 * 416 * 416);
    expect(t[233 * 416]).toBe(7);
    expect(t[234 * 416]).toBe(114);
    expect(() => packLetterboxed(resized, lb, { order: 'bgr', scale: 1 }, new Float32Array(10))).toThrow(RangeError);
  });
});

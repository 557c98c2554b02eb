import { describe, expect, it } from 'vitest';
import { ReidEmbedder, reidInput } from '../../../src/vision/appearance/reid-embedder';
import { SessionCache } from '../../../src/vision/detection';
import { describeWithData, testDataPath } from '../../support/test-data';

describe('reidInput', () => {
  it('is planar RGB, ImageNet-normalised, from the top-left width×height of a wider crop', () => {
    // A 3×2 crop whose last column is beyond the wanted 2×2 (resizeRegion may return a pixel more).
    const data = Buffer.from([
      255, 0, 0, /**/ 0, 255, 0, /**/ 9, 9, 9,
      0, 0, 255, /**/ 255, 255, 255, /**/ 9, 9, 9,
    ]);
    const input = reidInput({ data, width: 3, height: 2 }, 2, 2);
    expect(input).toHaveLength(12);
    const r = (v: number) => (v / 255 - 0.485) / 0.229;
    const g = (v: number) => (v / 255 - 0.456) / 0.224;
    const b = (v: number) => (v / 255 - 0.406) / 0.225;
    const expected = [r(255), r(0), r(0), r(255), g(0), g(255), g(0), g(255), b(0), b(0), b(255), b(255)];
    expected.forEach((value, i) => expect(input[i]).toBeCloseTo(value, 5));
  });
});

describe('ReidEmbedder.load', () => {
  it('refuses a missing file with MODEL_NOT_FOUND', async () => {
    await expect(ReidEmbedder.load('/nonexistent/osnet.onnx', { threads: 1, sessions: new SessionCache() })).rejects.toMatchObject({
      code: 'MODEL_NOT_FOUND',
    });
  });
});

describeWithData('ReidEmbedder.load on a detector model', ['models', 'yolox_nano.onnx'], () => {
  it('refuses it with MODEL_UNSUPPORTED, naming the shapes', async () => {
    const sessions = new SessionCache();
    try {
      await expect(ReidEmbedder.load(testDataPath('models', 'yolox_nano.onnx'), { threads: 1, sessions })).rejects.toMatchObject({
        code: 'MODEL_UNSUPPORTED',
        message: expect.stringMatching(/not a re-identification model: expected input \[N, 3, H, W\] and output \[N, D\]/),
      });
    } finally {
      await sessions.releaseAll();
    }
  });
});

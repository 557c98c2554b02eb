import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inferno } from '../../src/analysis/colormap';
import { renderHeatmap } from '../../src/analysis/heatmap';
import { cornerCalibration, pitchToImage } from './support/camera';
import { boxWithGroundAt, trajectory } from './support/trajectories';

async function pixels(png: Buffer): Promise<{ width: number; height: number; at: (x: number, y: number) => number[] }> {
  const { data, info } = await sharp(png).raw().toBuffer({ resolveWithObject: true });
  return {
    width: info.width,
    height: info.height,
    at: (x, y) => Array.from(data.subarray((y * info.width + x) * info.channels, (y * info.width + x) * info.channels + 3)),
  };
}

const near = (actual: number[], expected: readonly number[], tolerance: number) => actual.every((v, i) => Math.abs(v - expected[i]!) <= tolerance);

// 3 s at (80, 180), 1 s at (240, 60), in a 320 × 240 video; an uncertain box elsewhere must not show.
const points = trajectory(10, [
  { frames: 30, state: 'observed', box: () => boxWithGroundAt(80, 180) },
  { frames: 10, state: 'interpolated', box: () => boxWithGroundAt(240, 60) },
  { frames: 10, state: 'uncertain', box: () => boxWithGroundAt(240, 200) },
  { frames: 5, state: 'missing' },
]);
const video = { width: 320, height: 240 };

describe('inferno', () => {
  it('runs from near black to pale yellow through inferno’s middle red', () => {
    expect(inferno(0)).toEqual([0, 0, 4]);
    expect(near(inferno(0.5), [188, 55, 84], 1)).toBe(true);
    expect(inferno(1)).toEqual([252, 255, 164]);
  });
});

describe('renderHeatmap in image space', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'spotlight-heatmap-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('is hot where the player stood longest, cooler where briefly, untouched elsewhere', async () => {
    const heatmap = await renderHeatmap(points, { video, staticCamera: true });
    expect(heatmap).toMatchObject({ space: 'image', width: 320, height: 240, point_count: 40, warnings: [] });
    const image = await pixels(heatmap.png);
    expect([image.width, image.height]).toEqual([320, 240]);
    const hot = image.at(80, 180);
    const warm = image.at(240, 60);
    expect(near(hot, [0.9 * 252 + 0.1 * 28, 0.9 * 255 + 0.1 * 28, 0.9 * 164 + 0.1 * 28], 3)).toBe(true);
    expect(warm[1]!).toBeLessThan(hot[1]! - 60);
    expect(warm[0]!).toBeGreaterThan(60);
    expect(image.at(240, 200)).toEqual([28, 28, 28]);
    expect(image.at(10, 10)).toEqual([28, 28, 28]);
  });

  it('draws over a darkened preview frame and warns when the camera is not declared static', async () => {
    const jpeg = path.join(dir, 'preview.jpg');
    await sharp({ create: { width: 640, height: 480, channels: 3, background: { r: 200, g: 100, b: 50 } } }).jpeg({ quality: 95 }).toFile(jpeg);
    const heatmap = await renderHeatmap(points, { video, staticCamera: false, backgroundJpeg: jpeg });
    expect(heatmap.space).toBe('image');
    expect(heatmap.warnings).toEqual([expect.stringMatching(/static_camera is not set/)]);
    const image = await pixels(heatmap.png);
    expect(near(image.at(10, 10), [70, 35, 17.5], 3)).toBe(true);
    expect(image.at(80, 180)[1]!).toBeGreaterThan(200);
  });

  it('falls back to image space, saying why, when the calibration is unusable', async () => {
    const heatmap = await renderHeatmap(points, { video, staticCamera: true, calibration: { points: cornerCalibration.slice(0, 3) } });
    expect(heatmap.space).toBe('image');
    expect(heatmap.warnings).toEqual([expect.stringMatching(/calibration is unusable .*at least 4/)]);
  });
});

describe('renderHeatmap on the pitch', () => {
  it('draws a top view of a 105 × 68 pitch with the heat at the player’s pitch position', async () => {
    // The player stands on the centre spot, then on the left penalty spot, seen by the camera G.
    const onPitch = trajectory(10, [
      { frames: 20, state: 'observed', box: () => boxWithGroundAt(...pitchToImage([52.5, 34])) },
      { frames: 20, state: 'observed', box: () => boxWithGroundAt(...pitchToImage([11, 34])) },
    ]);
    const heatmap = await renderHeatmap(onPitch, { video: { width: 1280, height: 720 }, staticCamera: true, calibration: { points: cornerCalibration } });
    expect(heatmap).toMatchObject({ space: 'pitch', width: 900, height: 600, point_count: 40, warnings: [] });
    const image = await pixels(heatmap.png);
    const metre = 900 / 111;
    const at = (X: number, Y: number) => image.at(Math.floor((X + 3) * metre), Math.floor((Y + 3) * metre));
    // Hot half a metre from the spots (the spots themselves are pitch markings, painted on top).
    expect(at(52.5, 34.5)[1]!).toBeGreaterThan(200);
    expect(at(11, 34.5)[1]!).toBeGreaterThan(200);
    expect(at(54, 37)[1]!).toBeLessThan(100);
    expect(at(30, 20)).toEqual([22, 58, 34]);
    expect(at(0, 60)).toEqual([235, 235, 235]);
    expect(at(52.5, 60)).toEqual([235, 235, 235]);
  });
});

import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { boxLookup } from '../../src/analysis/box-at-time';
import { STATE_COLOURS } from '../../src/analysis/draw-box';
import { presenceOf } from '../../src/analysis/presence';
import { planClips, renderClips } from '../../src/analysis/render-clips';
import { planOverview, renderOverview } from '../../src/analysis/render-overview';
import { decodeFrames, type DecodedFrame } from '../../src/media/decode-frames';
import { MediaError } from '../../src/media/media-error';
import { probeVideo } from '../../src/media/probe';
import type { VideoInfo } from '../../src/media/video-info';
import { binaries, makeTempDir, pidsMentioning } from '../media/support/media-fixtures';
import { lavfiVideo } from '../support/videos';
import { trajectory } from './support/trajectories';

// 6 s at 10 fps over a 320 × 240 video: 2 s observed, 0.5 s interpolated, 0.5 s uncertain (not
// presence, but too short to split), 0.5 s observed (span 1: 0–3.5 s), 1.3 s missing (splits),
// 1.2 s observed (span 2: 4.8–6 s).
// The box's left and top borders fall on testsrc2's blue bar (x 160..213), far from every state colour.
const box = { x: 170, y: 60, w: 36, h: 120 };
const points = trajectory(10, [
  { frames: 20, state: 'observed', box: () => box },
  { frames: 5, state: 'interpolated', box: () => box },
  { frames: 5, state: 'uncertain', box: () => box },
  { frames: 5, state: 'observed', box: () => box },
  { frames: 13, state: 'missing' },
  { frames: 12, state: 'observed', box: () => box },
]);
const spans = presenceOf(points).spans;

async function decodeAll(file: string, options: { fps?: number } = {}): Promise<DecodedFrame[]> {
  const frames: DecodedFrame[] = [];
  for await (const frame of decodeFrames(file, { binaries, ...options })) frames.push(frame);
  return frames;
}

function rgbAt(frame: DecodedFrame, x: number, y: number): number[] {
  const i = (y * frame.width + x) * 3;
  return [frame.data[i]!, frame.data[i + 1]!, frame.data[i + 2]!];
}

const distance = (a: readonly number[], b: readonly number[]) => Math.max(...a.map((v, i) => Math.abs(v - b[i]!)));

describe('planClips', () => {
  it('keeps spans of at least minSeconds, numbered in time order, cut to the video', () => {
    expect(spans.map((s) => [s.start_sec, s.end_sec])).toEqual([
      [0, 3.5],
      [4.8, 6],
    ]);
    expect(planClips(spans).map((c) => c.file)).toEqual(['clip-001.mp4']);
    const both = planClips(spans, { minSeconds: 0.5, videoDurationSec: 5.5 });
    expect(both.map((c) => [c.file, c.start_sec, c.end_sec])).toEqual([
      ['clip-001.mp4', 0, 3.5],
      ['clip-002.mp4', 4.8, 5.5],
    ]);
    expect(both[1]!.duration_sec).toBeCloseTo(0.7, 9);
  });
});

describe('planOverview', () => {
  it('speeds a 10-minute video up 10× into a 1-minute preview, and plays a short one in real time', () => {
    expect(planOverview({ width: 1920, height: 1080, duration_sec: 600 })).toEqual({
      width: 640, height: 360, sample_fps: 1, output_fps: 10, speed: 10, expected_frames: 600, duration_sec: 60,
    });
    expect(planOverview({ width: 320, height: 240, duration_sec: 6 })).toMatchObject({ width: 320, height: 240, speed: 1, sample_fps: 10, expected_frames: 60 });
  });
});

describe('rendering annotated videos', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let source: string;
  let info: VideoInfo;

  beforeAll(async () => {
    ({ dir, cleanup } = await makeTempDir('analysis-render'));
    source = await lavfiVideo({ seconds: 6, width: 320, height: 240, fps: 25 });
    info = await probeVideo(source, { binaries });
  });
  afterAll(() => cleanup());

  it('makes one clip per long-enough span with the box drawn on every frame in its state colour', async () => {
    const outputDir = path.join(dir, 'clips');
    await mkdir(outputDir);
    const fractions: number[] = [];
    const clips = await renderClips(source, points, spans, { binaries, outputDir, video: info, onProgress: (f) => fractions.push(f) });
    expect(clips.map((c) => c.file)).toEqual(['clip-001.mp4']);
    expect(await readdir(outputDir)).toEqual(['clip-001.mp4']);
    expect(fractions.at(-1)).toBe(1);
    expect(fractions).toEqual([...fractions].sort((a, b) => a - b));

    const probed = await probeVideo(clips[0]!.path, { binaries });
    expect(probed).toMatchObject({ width: 320, height: 240, codec: 'h264' });
    expect(Math.abs(probed.duration_sec - 3.5)).toBeLessThanOrEqual(2 / 25 + 1e-6);
    expect(probed.fps).toBeCloseTo(25, 6);

    const output = await decodeAll(clips[0]!.path);
    const original = await decodeAll(source);
    const boxAt = boxLookup(points);
    const seen = new Set<string>();
    let sourceDiffers = 0;
    expect(output.length).toBeGreaterThanOrEqual(86);
    for (const frame of output) {
      const at = boxAt(frame.time_sec)!;
      seen.add(at.state);
      const colour = STATE_COLOURS[at.state];
      // The middle of the left border (x 166..169) and of the top one (y 56..59).
      expect(distance(rgbAt(frame, 168, 120), colour)).toBeLessThanOrEqual(40);
      expect(distance(rgbAt(frame, 188, 58), colour)).toBeLessThanOrEqual(40);
      // It really is drawn: the source is another colour there (but for testsrc2's moving rainbow line).
      const sourceFrame = original[Math.round(frame.time_sec * 25)]!;
      if (distance(rgbAt(sourceFrame, 168, 120), colour) > 80 && distance(rgbAt(sourceFrame, 188, 58), colour) > 80) sourceDiffers += 1;
    }
    expect(sourceDiffers).toBeGreaterThan(0.9 * output.length);
    expect([...seen].sort()).toEqual(['interpolated', 'observed', 'uncertain']);
  });

  it('re-renders identical files, and drops clips the new plan no longer has', async () => {
    const outputDir = path.join(dir, 'rerun');
    await mkdir(outputDir);
    const first = await renderClips(source, points, spans, { binaries, outputDir, video: info, minSeconds: 1 });
    expect(first.map((c) => c.file)).toEqual(['clip-001.mp4', 'clip-002.mp4']);
    const probed = await probeVideo(first[1]!.path, { binaries });
    expect(Math.abs(probed.duration_sec - 1.2)).toBeLessThanOrEqual(2 / 25 + 1e-6);
    const bytes = await Promise.all(first.map((c) => readFile(c.path)));

    const second = await renderClips(source, points, spans, { binaries, outputDir, video: info, minSeconds: 1 });
    expect(second.map((c) => c.bytes)).toEqual(first.map((c) => c.bytes));
    const again = await Promise.all(second.map((c) => readFile(c.path)));
    again.forEach((data, i) => expect(data.equals(bytes[i]!)).toBe(true));

    await renderClips(source, points, spans, { binaries, outputDir, video: info, minSeconds: 3 });
    expect(await readdir(outputDir)).toEqual(['clip-001.mp4']);
    expect((await stat(path.join(outputDir, 'clip-001.mp4'))).size).toBe(first[0]!.bytes);
  });

  it('stops ffmpeg and leaves no file behind when aborted', async () => {
    const outputDir = path.join(dir, 'aborted');
    await mkdir(outputDir);
    const controller = new AbortController();
    const rendering = renderClips(source, points, spans, {
      binaries,
      outputDir,
      video: info,
      signal: controller.signal,
      onProgress: () => controller.abort(),
    });
    const error = await rendering.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MediaError);
    expect((error as MediaError).code).toBe('ABORTED');
    expect(await readdir(outputDir)).toEqual([]);
    expect(await pidsMentioning(outputDir)).toEqual([]);
  });

  it('removes temp files a killed run left behind', async () => {
    const outputDir = path.join(dir, 'leftovers');
    await mkdir(outputDir);
    await Promise.all(['.clip-001.mp4.0123abcd.tmp', 'notes.txt'].map((name) => writeFile(path.join(outputDir, name), 'x')));
    await renderClips(source, points, spans, { binaries, outputDir, video: info });
    expect((await readdir(outputDir)).sort()).toEqual(['clip-001.mp4', 'notes.txt']);
  });

  it('makes a short downscaled overview of the whole video with the box scaled to it', async () => {
    const file = path.join(dir, 'overview.mp4');
    const overview = await renderOverview(source, points, { binaries, file, video: info, width: 160, targetSeconds: 2 });
    expect(overview).toMatchObject({ width: 160, height: 120, speed: 3, output_fps: 10, frames: 20, expected_frames: 20 });
    const probed = await probeVideo(file, { binaries });
    expect(probed).toMatchObject({ width: 160, height: 120, frame_count: 20 });
    expect(probed.duration_sec).toBeCloseTo(2, 1);
    const frames = await decodeAll(file);
    // Output frame i shows source time 0.3·i: observed for i < 7 (box scaled by ½: left border x 80..83).
    expect(distance(rgbAt(frames[0]!, 82, 60), STATE_COLOURS.observed)).toBeLessThanOrEqual(40);
    expect(distance(rgbAt(frames[6]!, 82, 60), STATE_COLOURS.observed)).toBeLessThanOrEqual(40);
    // i = 9 (2.7 s): uncertain; i = 13 (3.9 s): missing, no box.
    expect(distance(rgbAt(frames[9]!, 82, 60), STATE_COLOURS.uncertain)).toBeLessThanOrEqual(40);
    expect(distance(rgbAt(frames[13]!, 82, 60), STATE_COLOURS.uncertain)).toBeGreaterThan(60);
    expect((await readdir(dir)).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });
});

describe('boxLookup', () => {
  const moving = trajectory(10, [
    { frames: 3, state: 'observed', box: (i) => ({ x: 100 + 10 * i, y: 50, w: 40, h: 90 }) },
    { frames: 1, state: 'uncertain', box: () => ({ x: 200, y: 50, w: 40, h: 90 }) },
    { frames: 2, state: 'missing' },
  ]);
  const boxAt = boxLookup(moving);

  it('interpolates toward the next analysed frame and takes the state of the frame whose interval holds the time', () => {
    expect(boxAt(0.04)!.box.x).toBeCloseTo(104, 9);
    expect(boxAt(0.04)!.state).toBe('observed');
    // 0.28 is in frame 2's interval [0.2, 0.3): observed, 80% of the way to the uncertain box at 0.3.
    expect(boxAt(0.28)!.box.x).toBeCloseTo(120 + 0.8 * 80, 9);
    expect(boxAt(0.28)!.state).toBe('observed');
    expect(boxAt(0.3)).toEqual({ box: { x: 200, y: 50, w: 40, h: 90 }, state: 'uncertain' });
    expect(boxAt(0.39)!.box.x).toBe(200);
  });

  it('gives no box when missing or outside the analysed time', () => {
    expect(boxAt(0.4)).toBeNull();
    expect(boxAt(0.55)).toBeNull();
    expect(boxAt(0.65)).toBeNull();
    expect(boxAt(-0.2)).toBeNull();
    expect(boxAt(-0.04)!.state).toBe('observed');
    expect(boxLookup([])(0)).toBeNull();
  });
});

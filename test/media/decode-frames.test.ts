import { copyFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeFrames, type DecodedFrame, type DecodeFramesOptions } from '../../src/media/decode-frames';
import { MediaError } from '../../src/media/media-error';
import { describeWithData, testDataPath } from '../support/test-data';
import {
  binaries,
  bytesWrittenBy,
  ffmpeg,
  frameIndexOfRgb,
  makeIndexVideo,
  makeTempDir,
  makeTestsrcVideo,
  pidsMentioning,
  truncateFile,
} from './support/media-fixtures';

interface Seen {
  index: number;
  time_sec: number;
  shows: number;
}

async function decodeAll(source: string, options: Omit<DecodeFramesOptions, 'binaries'> = {}): Promise<{ seen: Seen[]; frames: DecodedFrame[]; error: unknown }> {
  const seen: Seen[] = [];
  const frames: DecodedFrame[] = [];
  try {
    for await (const frame of decodeFrames(source, { binaries, ...options })) {
      expect(frame.data.length).toBe(frame.width * frame.height * 3);
      seen.push({ index: frame.index, time_sec: frame.time_sec, shows: frameIndexOfRgb(frame.data, frame.width, frame.height) });
      if (frames.length < 2) frames.push(frame);
    }
    return { seen, frames, error: null };
  } catch (error) {
    return { seen, frames, error };
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('decodeFrames', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  const at = (name: string) => path.join(dir, name);

  beforeAll(async () => {
    ({ dir, cleanup } = await makeTempDir('decode'));
    await Promise.all([
      makeIndexVideo(at('index-25.mp4'), { seconds: 10, rate: '25' }),
      makeIndexVideo(at('index-ntsc.ts'), { seconds: 10, rate: '30000/1001' }),
      makeIndexVideo(at('index-25.h264'), { seconds: 10, rate: '25', outputArgs: ['-f', 'h264'] }),
      makeTestsrcVideo(at('long.mp4'), { seconds: 20, size: '640x360' }),
      makeTestsrcVideo(at('upright.mp4'), { seconds: 1 }),
    ]);
    await ffmpeg(['-i', at('upright.mp4'), '-c', 'copy', '-metadata:s:v:0', 'rotate=90', at('rotated.mp4')]);
    await ffmpeg(['-i', at('index-25.mp4'), '-c', 'copy', '-movflags', '+faststart', at('index-25-cut.mp4')]);
    await truncateFile(at('index-25-cut.mp4'), 0.5);
  });
  afterAll(() => cleanup());

  it('yields every frame, in order, with its timestamp', async () => {
    const { seen, frames, error } = await decodeAll(at('index-25.mp4'));
    expect(error).toBeNull();
    expect(seen).toHaveLength(250);
    expect(seen).toEqual(seen.map((_, i) => ({ index: i, time_sec: i / 25, shows: i })));
    expect(frames[0]).toMatchObject({ width: 320, height: 96 });
  });

  it('starts at the first frame at or after startSec and stops after durationSec', async () => {
    const { seen, error } = await decodeAll(at('index-25.mp4'), { startSec: 3.3, durationSec: 1 });
    expect(error).toBeNull();
    expect(seen.map((frame) => frame.shows)).toEqual(Array.from({ length: 25 }, (_, i) => 83 + i));
    expect(seen[0]).toEqual({ index: 0, time_sec: 3.32, shows: 83 });
  });

  it('resamples with fps: tick i at startSec + i / fps shows the frame on screen then', async () => {
    const { seen, error } = await decodeAll(at('index-25.mp4'), { fps: 5, startSec: 2, durationSec: 3 });
    expect(error).toBeNull();
    expect(seen).toEqual(Array.from({ length: 15 }, (_, i) => ({ index: i, time_sec: Math.round((2 + i / 5) * 1e6) / 1e6, shows: 50 + 5 * i })));
  });

  it('samples every n-th frame plus chosen ones, each showing exactly its frame', async () => {
    const { seen, error } = await decodeAll(at('index-25.mp4'), { startSec: 2, durationSec: 1, sample: { every: 3, also: [4, 10, 11] } });
    expect(error).toBeNull();
    const offsets = [0, 3, 4, 6, 9, 10, 11, 12, 15, 18, 21, 24];
    expect(seen).toEqual(offsets.map((n) => ({ index: n, time_sec: Math.round((2 + n / 25) * 1e6) / 1e6, shows: 50 + n })));
  });

  it('is exact in MPEG-TS too, where a fast seek alone lands after the frame', async () => {
    const { seen, error } = await decodeAll(at('index-ntsc.ts'), { startSec: 5, durationSec: 0.5 });
    expect(error).toBeNull();
    expect(seen.map((frame) => frame.shows)).toEqual(Array.from({ length: 15 }, (_, i) => 150 + i));
    expect(seen[0]!.time_sec).toBeCloseTo((150 * 1001) / 30000, 6);
  });

  it('decodes raw H.264, which has no timestamps and states no duration, in a window and resampled', async () => {
    const window = await decodeAll(at('index-25.h264'), { startSec: 6, durationSec: 0.4 });
    expect(window.error).toBeNull();
    expect(window.seen).toEqual(Array.from({ length: 10 }, (_, i) => ({ index: i, time_sec: Math.round((6 + i / 25) * 1e6) / 1e6, shows: 150 + i })));
    const resampled = await decodeAll(at('index-25.h264'), { fps: 5 });
    expect(resampled.error).toBeNull();
    expect(resampled.seen.map((frame) => frame.shows)).toEqual(Array.from({ length: 50 }, (_, i) => 5 * i));
  });

  it('scales, keeping the aspect ratio when only one side is given', async () => {
    const { seen, frames, error } = await decodeAll(at('index-25.mp4'), { width: 160, durationSec: 0.2 });
    expect(error).toBeNull();
    expect(frames[0]).toMatchObject({ width: 160, height: 48 });
    expect(seen.map((frame) => frame.shows)).toEqual([0, 1, 2, 3, 4]);
  });

  it('yields upright pictures of a rotated video', async () => {
    const { frames, error } = await decodeAll(at('rotated.mp4'), { durationSec: 0.1 });
    expect(error).toBeNull();
    expect(frames[0]).toMatchObject({ width: 240, height: 320 });
  });

  it('kills ffmpeg when the loop breaks early', async () => {
    const source = at('long-break.mp4');
    await copyFile(at('long.mp4'), source);
    let count = 0;
    for await (const frame of decodeFrames(source, { binaries })) {
      expect(frame.index).toBe(count);
      count += 1;
      if (count === 5) break;
    }
    expect(await pidsMentioning(source)).toEqual([]);
  });

  it('stops with ABORTED when the signal fires, and kills ffmpeg', async () => {
    const source = at('long-abort.mp4');
    await copyFile(at('long.mp4'), source);
    const controller = new AbortController();
    const seen: number[] = [];
    const error = await (async () => {
      for await (const frame of decodeFrames(source, { binaries, signal: controller.signal })) {
        seen.push(frame.index);
        if (frame.index === 2) controller.abort();
      }
    })().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(MediaError);
    expect(error).toMatchObject({ code: 'ABORTED' });
    expect(seen).toEqual([0, 1, 2]);
    expect(await pidsMentioning(source)).toEqual([]);
  });

  it('yields what a truncated file holds, then throws DECODE_FAILED', async () => {
    const { seen, error } = await decodeAll(at('index-25-cut.mp4'));
    expect(seen.length).toBeGreaterThan(10);
    expect(seen.length).toBeLessThan(250);
    expect(seen.map((frame) => frame.shows)).toEqual(seen.map((_, i) => i));
    expect(error).toBeInstanceOf(MediaError);
    expect(error).toMatchObject({ code: 'DECODE_FAILED', retryable: false });
    expect((error as MediaError).message).toMatch(new RegExp(`after ${seen.length} of 250 frames`));
  });

  it('keeps memory bounded with a slow consumer: ffmpeg waits on the pipe', async () => {
    const source = at('long-slow.mp4');
    await copyFile(at('long.mp4'), source);
    const frameBytes = 640 * 360 * 3;
    let consumed = 0;
    let pid: number | undefined;
    let writtenWhileStalled = 0;
    for await (const frame of decodeFrames(source, { binaries })) {
      consumed += frame.data.length;
      if (frame.index === 3) {
        [pid] = await pidsMentioning(source);
        // Long enough for an unthrottled ffmpeg to write all 500 frames (~345 MB) of this video.
        await sleep(1500);
        writtenWhileStalled = await bytesWrittenBy(pid!);
      }
      if (frame.index > 3 && frame.index % 50 === 0) await sleep(20);
    }
    expect(pid).toBeDefined();
    expect(consumed).toBe(500 * frameBytes);
    // Written = consumed + pipe buffer + Node's stream buffer: a few frames at most, not the video.
    expect(writtenWhileStalled - 4 * frameBytes).toBeLessThan(4 * frameBytes);
  });
});

describeWithData('decodeFrames on the soccer broadcast sample', ['videos', 'soccer_laliga_broadcast_720p.mp4'], () => {
  const source = testDataPath('videos', 'soccer_laliga_broadcast_720p.mp4');

  it('decodes the frames an edit list leaves visible, resampled and in a window', async () => {
    let resampled = 0;
    for await (const frame of decodeFrames(source, { binaries, fps: 2, width: 320 })) {
      expect(frame).toMatchObject({ index: resampled, width: 320, height: 180 });
      resampled += 1;
    }
    expect(resampled).toBe(43);

    const window: number[] = [];
    for await (const frame of decodeFrames(source, { binaries, startSec: 10, durationSec: 2, width: 128 })) window.push(frame.time_sec);
    expect(window).toHaveLength(60);
    expect(window[0]).toBeCloseTo((300 * 1001) / 30000, 6);
  });
});

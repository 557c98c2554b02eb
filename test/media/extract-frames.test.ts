import { execFile } from 'node:child_process';
import { copyFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractFrames } from '../../src/media/extract-frames';
import { MediaError } from '../../src/media/media-error';
import { planPreviews } from '../../src/media/preview-plan';
import { probeVideo, type VideoInfo } from '../../src/media/probe';
import { describeWithData, testDataPath } from '../support/test-data';
import {
  binaries,
  ffmpeg,
  frameIndexOfImage,
  makeIndexVideo,
  makeTempDir,
  makeTestsrcVideo,
  meanAbsDiff,
  pidsMentioning,
  truncateFile,
} from './support/media-fixtures';

const execFileAsync = promisify(execFile);

async function errorOf(promise: Promise<unknown>): Promise<MediaError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(MediaError);
  return error as MediaError;
}

describe('extractFrames', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  const at = (name: string) => path.join(dir, name);
  const infos: Record<string, VideoInfo> = {};

  beforeAll(async () => {
    ({ dir, cleanup } = await makeTempDir('extract'));
    await Promise.all([
      makeIndexVideo(at('index-25.mp4'), { seconds: 10, rate: '25' }),
      makeIndexVideo(at('index-ntsc.mp4'), { seconds: 10, rate: '30000/1001' }),
      // MPEG-TS: no keyframe index, and timestamps that start at 1.4 s.
      makeIndexVideo(at('index-ntsc.ts'), { seconds: 10, rate: '30000/1001' }),
      makeTestsrcVideo(at('upright.mp4'), { seconds: 2 }),
      // Raw H.264: no index and no timestamps at all (ffmpeg derives them from the frame rate).
      makeIndexVideo(at('index-25.h264'), { seconds: 10, rate: '25', outputArgs: ['-f', 'h264'] }),
    ]);
    // A phone held upright: same pixels, a display rotation in the container (set when remuxing).
    await ffmpeg(['-i', at('upright.mp4'), '-c', 'copy', '-metadata:s:v:0', 'rotate=90', at('testsrc.mp4')]);
    for (const name of ['index-25.mp4', 'index-ntsc.mp4', 'index-ntsc.ts', 'index-25.h264', 'testsrc.mp4']) {
      infos[name] = await probeVideo(at(name), { binaries });
    }
  });
  afterAll(() => cleanup());

  it.each(['index-25.mp4', 'index-ntsc.mp4', 'index-ntsc.ts', 'index-25.h264'])('extracts exactly the planned frames of %s, far from keyframes', async (name) => {
    const info = infos[name]!;
    const plan = planPreviews(info, 24);
    const outputDir = at(`out-${name}`);
    const frames = await extractFrames(at(name), plan, { binaries, outputDir, concurrency: 2, startTimeSec: info.start_time_sec });

    expect(frames.map((frame) => frame.frame_key)).toEqual(plan.map((frame) => frame.frame_key));
    for (const frame of frames) {
      expect(frame.file).toBe(path.join(outputDir, `${frame.frame_key}.jpg`));
      expect({ width: frame.width, height: frame.height }).toEqual({ width: info.width, height: info.height });
      expect({ key: frame.frame_key, shows: await frameIndexOfImage(frame.file) }).toEqual({ key: frame.frame_key, shows: frame.frame_index });
    }
  });

  it('also hits the frames next to a keyframe and the first frame', async () => {
    const info = infos['index-ntsc.mp4']!;
    const plan = [0, 1, 249, 250, 251, 299].map((frameIndex) => ({
      frame_key: `k${frameIndex}`,
      frame_index: frameIndex,
      frame_time_sec: Math.round((frameIndex / info.fps) * 1e6) / 1e6,
    }));
    const frames = await extractFrames(at('index-ntsc.mp4'), plan, { binaries, outputDir: at('out-edges'), concurrency: 2, startTimeSec: 0 });
    expect(await Promise.all(frames.map((frame) => frameIndexOfImage(frame.file)))).toEqual([0, 1, 249, 250, 251, 299]);
  });

  it('writes JPEGs at the display size of a rotated video', async () => {
    const info = infos['testsrc.mp4']!;
    const [frame] = await extractFrames(at('testsrc.mp4'), planPreviews(info, 1), { binaries, outputDir: at('out-rotated'), concurrency: 1 });
    expect({ width: frame!.width, height: frame!.height }).toEqual({ width: 240, height: 320 });
  });

  it('reports progress after each frame', async () => {
    const calls: Array<[number, number]> = [];
    const plan = planPreviews(infos['index-25.mp4']!, 5);
    await extractFrames(at('index-25.mp4'), plan, {
      binaries,
      outputDir: at('out-progress'),
      concurrency: 2,
      onProgress: (done, total) => calls.push([done, total]),
    });
    expect(calls).toEqual([1, 2, 3, 4, 5].map((done) => [done, 5]));
  });

  it('resumes: keeps frames already written, redoes missing ones, drops temp files of a killed run', async () => {
    const plan = planPreviews(infos['index-25.mp4']!, 6);
    const outputDir = at('out-resume');
    const first = await extractFrames(at('index-25.mp4'), plan, { binaries, outputDir, concurrency: 2 });
    const before = await Promise.all(first.map((frame) => stat(frame.file)));

    await rm(first[2]!.file);
    const leftover = path.join(outputDir, `.${plan[4]!.frame_key}.0badc0de.tmp`);
    await writeFile(leftover, 'half a jpeg');
    const progress: number[] = [];
    const second = await extractFrames(at('index-25.mp4'), plan, { binaries, outputDir, concurrency: 2, onProgress: (done) => progress.push(done) });

    const after = await Promise.all(second.map((frame) => stat(frame.file)));
    for (const i of [0, 1, 3, 4, 5]) expect(after[i]!.mtimeMs).toBe(before[i]!.mtimeMs);
    expect(after[2]!.mtimeMs).toBeGreaterThan(before[2]!.mtimeMs);
    expect(await frameIndexOfImage(second[2]!.file)).toBe(plan[2]!.frame_index);
    expect(second).toEqual(first);
    expect(progress).toEqual([1, 2, 3, 4, 5, 6]);
    expect((await readdir(outputDir)).sort()).toEqual(plan.map((frame) => `${frame.frame_key}.jpg`).sort());
  });

  it('on abort kills ffmpeg, rejects with ABORTED and leaves no temp file', async () => {
    const source = at('index-25-abort.mp4');
    await copyFile(at('index-25.mp4'), source);
    const outputDir = at('out-abort');
    const controller = new AbortController();
    const pending = extractFrames(source, planPreviews(infos['index-25.mp4']!, 24), {
      binaries,
      outputDir,
      concurrency: 2,
      signal: controller.signal,
      onProgress: (done) => done === 1 && controller.abort(),
    });
    const error = await errorOf(pending);
    expect(error.code).toBe('ABORTED');
    expect(error.retryable).toBe(true);
    expect(await pidsMentioning(source)).toEqual([]);
    const names = await readdir(outputDir);
    expect(names.filter((name) => name.endsWith('.tmp'))).toEqual([]);
    expect(names.length).toBeLessThan(24);
  });

  it('rejects an already aborted signal without starting ffmpeg', async () => {
    const error = await errorOf(extractFrames(at('index-25.mp4'), planPreviews(infos['index-25.mp4']!, 2), {
      binaries,
      outputDir: at('out-pre-aborted'),
      concurrency: 2,
      signal: AbortSignal.abort(),
    }));
    expect(error.code).toBe('ABORTED');
  });

  it('fails with DECODE_FAILED and ffmpeg\'s own words when the media data is cut off', async () => {
    const info = infos['index-25.mp4']!;
    const source = at('index-25-cut.mp4');
    await ffmpeg(['-i', at('index-25.mp4'), '-c', 'copy', '-movflags', '+faststart', source]);
    await truncateFile(source, 0.5);
    const outputDir = at('out-cut');
    const error = await errorOf(extractFrames(source, planPreviews(info, 8), { binaries, outputDir, concurrency: 2 }));
    expect(error.code).toBe('DECODE_FAILED');
    expect(error.retryable).toBe(false);
    expect(error.stderrTail).toMatch(/partial file|Invalid data|corrupt/i);
    expect(error.message).toContain(error.stderrTail);
    expect((await readdir(outputDir)).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  it('fails with DECODE_FAILED when asked for a frame past the end', async () => {
    const past = [{ frame_key: 'f009999', frame_index: 9999, frame_time_sec: 399.96 }];
    const error = await errorOf(extractFrames(at('index-25.mp4'), past, { binaries, outputDir: at('out-past'), concurrency: 1 }));
    expect(error.code).toBe('DECODE_FAILED');
    expect(error.message).toContain('f009999');
  });

  it('kills an ffmpeg that hangs (a FIFO nobody writes to) after the frame timeout', async () => {
    const fifo = at('never-written.fifo');
    await execFileAsync('mkfifo', [fifo]);
    const error = await errorOf(
      extractFrames(fifo, planPreviews({ duration_sec: 10, fps: 25, frame_count: 250 }, 1), {
        binaries,
        outputDir: at('out-fifo'),
        concurrency: 1,
        frameTimeoutMs: 1000,
      }),
    );
    expect(error.code).toBe('FFMPEG_FAILED');
    // Without `container` ffprobe reads the file first (to know whether it can seek): it is the one that hangs.
    expect(error.message).toMatch(/did not (extract|finish)/);
    expect(await pidsMentioning(fifo)).toEqual([]);
  });
});

describeWithData('extractFrames on the soccer broadcast sample', ['videos', 'soccer_laliga_broadcast_720p.mp4'], () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  beforeAll(async () => ({ dir, cleanup } = await makeTempDir('extract-soccer')));
  afterAll(() => cleanup());

  it('gives the same pictures as decoding the whole file and picking frames by number', async () => {
    const source = testDataPath('videos', 'soccer_laliga_broadcast_720p.mp4');
    const info = await probeVideo(source, { binaries });
    const plan = planPreviews(info, 3);
    const frames = await extractFrames(source, plan, { binaries, outputDir: path.join(dir, 'previews'), concurrency: 2, startTimeSec: info.start_time_sec });
    expect(frames.every((frame) => frame.width === 1280 && frame.height === 720)).toBe(true);

    // Reference: decode everything (the edit list applied) and keep frames k-1, k, k+1 by number.
    const wanted = plan.flatMap((frame) => [frame.frame_index - 1, frame.frame_index, frame.frame_index + 1]);
    const select = wanted.map((n) => `eq(n\\,${n})`).join('+');
    await ffmpeg(['-i', source, '-vf', `select='${select}'`, '-vsync', 'passthrough', path.join(dir, 'ref-%02d.png')]);
    for (const [i, frame] of frames.entries()) {
      const [before, same, after] = [0, 1, 2].map((j) => path.join(dir, `ref-${String(i * 3 + j + 1).padStart(2, '0')}.png`));
      const diffSame = await meanAbsDiff(frame.file, same!);
      expect(diffSame).toBeLessThan(await meanAbsDiff(frame.file, before!));
      expect(diffSame).toBeLessThan(await meanAbsDiff(frame.file, after!));
    }
  });
});

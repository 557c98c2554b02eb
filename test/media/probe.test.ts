import { copyFile, truncate, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MediaError } from '../../src/media/media-error';
import { probeVideo } from '../../src/media/probe';
import { describeWithData, testDataPath } from '../support/test-data';
import { binaries, ffmpeg, makeIndexVideo, makeTempDir, makeTestsrcVideo, truncateFile } from './support/media-fixtures';

async function probeError(file: string, signal?: AbortSignal): Promise<MediaError> {
  try {
    await probeVideo(file, { binaries, signal });
  } catch (error) {
    expect(error).toBeInstanceOf(MediaError);
    return error as MediaError;
  }
  throw new Error(`probeVideo accepted ${file}`);
}

describe('probeVideo', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  const at = (name: string) => path.join(dir, name);

  beforeAll(async () => {
    ({ dir, cleanup } = await makeTempDir('probe'));
    await makeTestsrcVideo(at('good.mp4'), { seconds: 3, audio: true });
    await Promise.all([
      ffmpeg(['-i', at('good.mp4'), '-c', 'copy', '-an', '-metadata:s:v:0', 'rotate=90', at('rotated.mp4')]),
      makeTestsrcVideo(at('good.mkv'), { seconds: 3 }),
      makeTestsrcVideo(at('offset.ts'), { seconds: 3, rate: '30000/1001' }),
      // One keyframe only (GOP 250 > 125 frames): the last 3 seconds hold none, and MPEG-TS has no
      // index to seek to one, so reading the tail starts on non-key packets.
      makeTestsrcVideo(at('one-gop.ts'), { seconds: 5 }),
      // Raw H.264 (Annex B): no container, no timestamps, no duration anywhere.
      makeTestsrcVideo(at('raw.h264'), { seconds: 5, outputArgs: ['-f', 'h264'] }),
      ffmpeg(['-f', 'lavfi', '-i', 'testsrc2=s=320x240', '-frames:v', '1', at('still.png')]),
      ffmpeg(['-f', 'lavfi', '-i', 'testsrc2=s=320x240', '-frames:v', '1', at('still.jpg')]),
      ffmpeg(['-f', 'lavfi', '-i', 'testsrc2=s=320x240', '-frames:v', '1', '-c:v', 'libx264', at('single-frame.mp4')]),
      ffmpeg(['-f', 'lavfi', '-i', 'testsrc2=s=320x240', '-frames:v', '0', '-c:v', 'libx264', at('zero-duration.avi')]),
      ffmpeg(['-f', 'lavfi', '-i', 'sine=d=2', '-c:a', 'aac', at('audio-only.m4a')]),
      // moov atom at the end (ffmpeg's default), then cut: ffprobe cannot even open it.
      makeTestsrcVideo(at('moov-at-end.mp4'), { seconds: 4 }),
      // faststart: the index is complete at the front, only the media data is cut off.
      makeTestsrcVideo(at('faststart.mp4'), { seconds: 4, audio: true, outputArgs: ['-g', '25', '-movflags', '+faststart'] }),
      // one keyframe only, so the last keyframe decodes fine and only reading the tail shows the cut.
      makeIndexVideo(at('one-gop.mp4'), { seconds: 8, gop: 250, outputArgs: ['-movflags', '+faststart'] }),
      writeFile(at('notes.txt'), 'not a video\n'),
      writeFile(at('noise.bin'), Buffer.from(Array.from({ length: 64_000 }, (_, i) => (i * 7919 + 13) % 251))),
      writeFile(at('notes.mp4'), 'Minutes of the club meeting — Ünal, Zoë\n'.repeat(300)),
      writeFile(at('long-notes.txt'), 'lorem ipsum dolor sit amet\n'.repeat(5000)),
      writeFile(at('empty.mp4'), ''),
    ]);
    await copyFile(at('moov-at-end.mp4'), at('moov-at-end-cut.mp4'));
    await truncateFile(at('moov-at-end-cut.mp4'), 0.6);
    await copyFile(at('faststart.mp4'), at('faststart-cut.mp4'));
    await truncateFile(at('faststart-cut.mp4'), 0.5);
    // MPEG-TS states no length: cut inside a 188-byte packet, or cleanly between two.
    await copyFile(at('one-gop.ts'), at('one-gop-cut.ts'));
    await truncate(at('one-gop-cut.ts'), 188 * 300 + 100);
    await copyFile(at('one-gop.ts'), at('one-gop-packet-cut.ts'));
    await truncate(at('one-gop-packet-cut.ts'), 188 * 300);
    await copyFile(at('one-gop.mp4'), at('one-gop-cut.mp4'));
    await truncateFile(at('one-gop-cut.mp4'), 0.7);
  });
  afterAll(() => cleanup());

  it('describes a real video', async () => {
    const info = await probeVideo(at('good.mp4'), { binaries });
    expect(info).toMatchObject({ fps: 25, width: 320, height: 240, codec: 'h264', frame_count: 75, rotation: 0, has_audio: true, start_time_sec: 0 });
    expect(info.duration_sec).toBeCloseTo(3, 1);
    expect(info.container).toContain('mp4');
    expect(info.bit_rate).toBeGreaterThan(0);
  });

  it('applies the rotation to width and height', async () => {
    const info = await probeVideo(at('rotated.mp4'), { binaries });
    expect([90, 270]).toContain(info.rotation);
    expect({ width: info.width, height: info.height }).toEqual({ width: 240, height: 320 });
    expect(info.has_audio).toBe(false);
  });

  it('reads Matroska, whose stream duration is a tag', async () => {
    const info = await probeVideo(at('good.mkv'), { binaries });
    expect(info.container).toContain('matroska');
    expect(info.duration_sec).toBeCloseTo(3, 1);
    expect(info.frame_count).toBe(75);
  });

  it('reports the first timestamp of a stream that does not start at zero (MPEG-TS)', async () => {
    const info = await probeVideo(at('offset.ts'), { binaries });
    expect(info.start_time_sec).toBeGreaterThan(1);
    expect(info.fps).toBeCloseTo(29.97, 2);
    expect(info.frame_count).toBeGreaterThanOrEqual(89);
    expect(info.frame_count).toBeLessThanOrEqual(90);
  });

  it('accepts an MPEG-TS whose last seconds hold no keyframe', async () => {
    const info = await probeVideo(at('one-gop.ts'), { binaries });
    expect(info).toMatchObject({ fps: 25, frame_count: 125, container: 'mpegts' });
    expect(info.start_time_sec).toBeGreaterThan(1);
    expect(info.duration_sec).toBeCloseTo(5, 1);
  });

  it('accepts an MPEG-TS cut between two packets as the shorter video it then is', async () => {
    const info = await probeVideo(at('one-gop-packet-cut.ts'), { binaries });
    expect(info.duration_sec).toBeGreaterThan(0.5);
    expect(info.duration_sec).toBeLessThan(4.5);
  });

  it('derives the duration of raw H.264, which states none, from its frames', async () => {
    const info = await probeVideo(at('raw.h264'), { binaries });
    expect(info).toMatchObject({ fps: 25, frame_count: 125, container: 'h264', codec: 'h264', start_time_sec: 0, width: 320, height: 240 });
    expect(info.duration_sec).toBeCloseTo(5, 6);
  });

  it.each([
    ['notes.txt', /not a readable media file|text/],
    ['long-notes.txt', /text file/],
    ['notes.mp4', /a text file, not a video/],
    ['noise.bin', /binary data in no video format/],
    ['still.png', /still image/],
    ['still.jpg', /still image/],
    ['single-frame.mp4', /single frame/],
    ['audio-only.m4a', /no video stream \(audio only\)/],
    ['zero-duration.avi', /zero duration/],
    ['empty.mp4', /empty file/],
    ['missing.mp4', /ENOENT/],
    ['moov-at-end-cut.mp4', /moov atom not found/],
    ['faststart-cut.mp4', /truncated/],
    ['one-gop-cut.mp4', /truncated/],
    ['one-gop-cut.ts', /truncated: the MPEG-TS file ends inside a packet/],
  ])('refuses %s as UNSUPPORTED_MEDIA, saying why', async (name, reason) => {
    const error = await probeError(at(name));
    expect(error.code).toBe('UNSUPPORTED_MEDIA');
    expect(error.retryable).toBe(false);
    expect(error.message).toMatch(reason);
  });

  it('accepts the same files before they were cut', async () => {
    for (const name of ['moov-at-end.mp4', 'faststart.mp4', 'one-gop.mp4']) {
      await expect(probeVideo(at(name), { binaries })).resolves.toMatchObject({ codec: 'h264' });
    }
  });

  it('stops with ABORTED when the signal fires', async () => {
    expect((await probeError(at('good.mp4'), AbortSignal.abort())).code).toBe('ABORTED');
    const controller = new AbortController();
    const pending = probeError(at('good.mp4'), controller.signal);
    setTimeout(() => controller.abort(), 20);
    const error = await pending;
    expect(error.code).toBe('ABORTED');
    expect(error.retryable).toBe(true);
  });

  it('reports a missing binary as FFMPEG_NOT_FOUND', async () => {
    const error = await probeVideo(at('good.mp4'), { binaries: { ffmpeg: at('no-ffmpeg'), ffprobe: at('no-ffprobe') } }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'FFMPEG_NOT_FOUND' });
  });
});

describeWithData('probeVideo on the shared sample videos', ['videos', 'soccer_laliga_broadcast_720p.mp4'], () => {
  it('counts the frames an edit list leaves visible (soccer broadcast)', async () => {
    const info = await probeVideo(testDataPath('videos', 'soccer_laliga_broadcast_720p.mp4'), { binaries });
    expect(info).toMatchObject({ width: 1280, height: 720, codec: 'h264', has_audio: true, rotation: 0, frame_count: 630 });
    expect(info.fps).toBeCloseTo(30000 / 1001, 6);
    expect(info.duration_sec).toBeCloseTo(21.04, 2);
  });

  it('describes the other samples', async () => {
    const oneByOne = await probeVideo(testDataPath('videos', 'one-by-one-person-detection.mp4'), { binaries });
    expect(oneByOne).toMatchObject({ width: 768, height: 432, fps: 10, frame_count: 1394, has_audio: false });
    const pedestrians = await probeVideo(testDataPath('videos', 'pedestrians_crosswalk_topdown_360p.mp4'), { binaries });
    expect(pedestrians).toMatchObject({ width: 640, height: 360, fps: 30, frame_count: 156, has_audio: true });
  });
});

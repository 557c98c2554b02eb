import { readFile, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { serve, type ServerType } from '@hono/node-server';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { makeTempDir } from '../media/support/media-fixtures';
import { startTestSpotlight, type TestSpotlight } from '../support/spotlight';
import { describeWithData, testDataPath } from '../support/test-data';
import { videoForm } from '../support/upload';
import { cutCopy, encodeVideo, runFfmpeg, withClaimedDuration } from '../support/videos';

/**
 * A corpus of broken, odd and unusual media, made here by the real ffmpeg, each uploaded over a
 * real socket to a Spotlight with a worker and the real detector. Every file ends as a 4xx naming
 * why, or as a job whose previews and candidates reach an outcome (done, or failed with a code):
 * never a 5xx, never a step left running, and the server answers /health after each.
 * A few accepted files go on through select-target and enqueue to a final state.
 */

/** Refused: 422 UNSUPPORTED_MEDIA unless `as` says otherwise, with `refused` in the error. */
type Outcome = { refused: RegExp; as?: [number, string] } | { accepted: true; analyse?: boolean };

interface Sample {
  name: string;
  make: (file: string) => Promise<unknown>;
  outcome: Outcome;
  /** Display size of the previews, when accepted. */
  size?: [number, number];
}

const X264 = ['-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p'];
const FINAL = ['COMPLETED', 'PARTIAL', 'FAILED', 'CANCELLED'];
const PREVIEWS = 2;

let dir: string;
const at = (name: string) => path.join(dir, name);
// People to detect, so the analysed samples have candidates: 2.4 s of the crosswalk clip.
const people = () => ['-t', '2.4', '-i', testDataPath(...PEOPLE), '-an'];

const corpus: Sample[] = [
  // Empty: the upload itself is invalid, before any probing.
  { name: 'empty.mp4', make: (f) => writeFile(f, ''), outcome: { refused: /the file is empty/, as: [400, 'VALIDATION_FAILED'] } },
  { name: 'random.mp4', make: (f) => writeFile(f, randomBytes(64_000)), outcome: { refused: /not a readable media file/ } },
  // .bin is also the extension of ffmpeg's ANSI-art demuxer, which opens anything.
  { name: 'random.bin', make: (f) => writeFile(f, randomBytes(64_000)), outcome: { refused: /binary data in no video format/ } },
  { name: 'notes.mp4', make: (f) => writeFile(f, 'minutes of the club meeting\n'.repeat(2000)), outcome: { refused: /a text file, not a video/ } },
  { name: 'picture.png', make: (f) => runFfmpeg(['-f', 'lavfi', '-i', 'testsrc2=s=160x120', '-frames:v', '1', f]), outcome: { refused: /still image/ } },
  ...[10, 50, 90].flatMap((percent): Sample[] => [
    { name: `moov-at-end-cut-${percent}.mp4`, make: (f) => cutCopy(at('whole.mp4'), f, percent / 100), outcome: { refused: /moov atom not found/ } },
    // The tail check allows a second, so a 2-s faststart file cut at 90 % loses less than that
    // and is taken as the shorter video it still holds.
    percent === 90
      ? { name: `faststart-cut-${percent}.mp4`, make: (f) => cutCopy(at('faststart.mp4'), f, 0.9), outcome: { accepted: true }, size: [160, 120] }
      : { name: `faststart-cut-${percent}.mp4`, make: (f) => cutCopy(at('faststart.mp4'), f, percent / 100), outcome: { refused: /truncated/ } },
  ]),
  { name: 'audio-only.m4a', make: (f) => runFfmpeg(['-f', 'lavfi', '-i', 'sine=d=2', '-c:a', 'aac', f]), outcome: { refused: /audio only/ } },
  { name: 'single-frame.mp4', make: (f) => encodeVideo(f, { extra: ['-frames:v', '1'] }), outcome: { refused: /single frame/ } },
  { name: 'claims-1193-hours.mp4', make: (f) => withClaimedDuration(at('faststart.mp4'), f), outcome: { accepted: true }, size: [160, 120] },
  { name: 'huge-metadata.mp4', make: hugeMetadata, outcome: { accepted: true }, size: [160, 120] },
  { name: 'moov-size-absurd.mp4', make: (f) => absurdMoovSize(at('faststart.mp4'), f), outcome: { accepted: true }, size: [160, 120] },
  // Frames 0–24 at 25 fps, then 10 fps.
  { name: 'vfr.mp4', make: (f) => encodeVideo(f, { extra: ['-vf', "setpts='if(lt(N,25),N/25,1+(N-25)/10)/TB'", '-fps_mode', 'vfr'] }), outcome: { accepted: true }, size: [160, 120] },
  // ffmpeg 5.1 has no -display_rotation; the rotate tag is written as a display matrix.
  { name: 'rotated.mp4', make: (f) => runFfmpeg(['-i', at('whole.mp4'), '-c', 'copy', '-metadata:s:v', 'rotate=90', f]), outcome: { accepted: true }, size: [120, 160] },
  { name: 'interlaced.mp4', make: (f) => encodeVideo(f, { extra: ['-flags', '+ildct+ilme', '-top', '1'] }), outcome: { accepted: true }, size: [160, 120] },
  { name: 'one-pixel.mp4', make: (f) => encodeVideo(f, { codec: ['-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv444p'], extra: ['-vf', 'scale=1:1'] }), outcome: { accepted: true }, size: [1, 1] },
  // One keyframe in 4 s: the decode check's read of the last 3 s starts on non-key packets.
  { name: 'one-keyframe.ts', make: (f) => encodeVideo(f, { seconds: 4, extra: ['-f', 'mpegts'] }), outcome: { accepted: true }, size: [160, 120] },
  { name: 'matroska.mkv', make: (f) => encodeVideo(f), outcome: { accepted: true }, size: [160, 120] },
  { name: 'vp9.webm', make: (f) => encodeVideo(f, { codec: ['-c:v', 'libvpx-vp9', '-deadline', 'realtime', '-cpu-used', '8', '-b:v', '300k'] }), outcome: { accepted: true }, size: [160, 120] },
  { name: 'people-hevc.mp4', make: (f) => encodeVideo(f, { input: people(), codec: ['-c:v', 'libx265', '-preset', 'ultrafast', '-x265-params', 'log-level=error'], extra: ['-tag:v', 'hvc1'] }), outcome: { accepted: true, analyse: true }, size: [640, 360] },
  { name: 'people.ts', make: (f) => encodeVideo(f, { input: people(), codec: X264, extra: ['-f', 'mpegts'] }), outcome: { accepted: true, analyse: true }, size: [640, 360] },
  { name: 'people.h264', make: (f) => encodeVideo(f, { input: people(), codec: X264, extra: ['-f', 'h264'] }), outcome: { accepted: true, analyse: true }, size: [640, 360] },
];

const PEOPLE = ['videos', 'pedestrians_crosswalk_topdown_360p.mp4'];

describeWithData('bad and unusual media through the HTTP API', ['models', 'yolox_nano.onnx'], () => describeWithData('with people to detect', PEOPLE, () => {
  let s: TestSpotlight;
  let server: ServerType;
  let base: string;
  let cleanup: () => Promise<void>;
  const jobs = new Map<string, string>();

  beforeAll(async () => {
    ({ dir, cleanup } = await makeTempDir('bad-media'));
    await Promise.all([encodeVideo(at('whole.mp4')), encodeVideo(at('faststart.mp4'), { extra: ['-movflags', '+faststart'] })]);
    // Two ffmpeg at a time: the machine has two cores.
    const queue = [...corpus];
    await Promise.all([0, 1].map(async () => {
      for (let sample = queue.shift(); sample; sample = queue.shift()) await sample.make(at(sample.name));
    }));
    // Half the default candidate and analysis rates: this is about the media, not the tracking.
    s = await startTestSpotlight({ SPOTLIGHT_ROLE: 'all', DETECTOR_MODEL: testDataPath('models', 'yolox_nano.onnx'), CANDIDATE_FPS: '5', DEFAULT_ANALYSIS_FPS: '5' });
    await new Promise<void>((resolve) => {
      server = serve({ fetch: s.app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve());
    });
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
    await s?.stop();
    await cleanup?.();
  });

  async function api(method: string, url: string, body?: unknown): Promise<{ status: number; body: any }> {
    const init: RequestInit = { method };
    if (body instanceof FormData) init.body = body;
    else if (body !== undefined) {
      init.body = JSON.stringify(body);
      init.headers = { 'content-type': 'application/json' };
    }
    const response = await fetch(`${base}${url}`, init);
    const text = await response.text();
    return { status: response.status, body: text.startsWith('{') ? JSON.parse(text) : text };
  }

  async function poll(jobId: string, done: (job: any) => boolean, what: string, timeoutMs = 60_000): Promise<any> {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const { status, body } = await api('GET', `/jobs/${jobId}`);
      expect(status).toBe(200);
      if (done(body)) return body;
      if (Date.now() > end) throw new Error(`job ${jobId} stuck before ${what} in ${body.status}: ${JSON.stringify(body.steps)}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  function acceptedJob(sample: Sample): string {
    const jobId = jobs.get(sample.name);
    if (!jobId) throw new Error(`${sample.name} was not accepted at upload`);
    return jobId;
  }

  const settled = (state: string) => !['pending', 'running'].includes(state);

  it.each(corpus.map((sample) => [sample.name, sample] as const))('upload %s', async (_, sample) => {
    const created = await api('POST', '/jobs', await videoForm(at(sample.name), { preview_count: String(PREVIEWS) }));
    expect((await api('GET', '/health')).status).toBe(200);
    if ('refused' in sample.outcome) {
      expect([created.status, created.body.error?.code]).toEqual(sample.outcome.as ?? [422, 'UNSUPPORTED_MEDIA']);
      expect(JSON.stringify(created.body.error)).toMatch(sample.outcome.refused);
      return;
    }
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    jobs.set(sample.name, created.body.job_id);
  });

  it('takes every accepted file through previews and candidates, to an outcome', async () => {
    for (const sample of corpus.filter((candidate) => 'accepted' in candidate.outcome)) {
      const jobId = acceptedJob(sample);
      const job = await poll(jobId, (j) => FINAL.includes(j.status) || (settled(j.steps.previews.state) && settled(j.steps.candidates.state)), 'candidates');
      const label = `${sample.name}: ${JSON.stringify({ status: job.status, steps: job.steps, error: job.error })}`;
      expect(job.steps.previews.state, label).toBe('completed');
      const previews = (await api('GET', `/jobs/${jobId}/previews`)).body.previews;
      expect(previews.length, label).toBeGreaterThan(0);
      for (const preview of previews) expect([preview.ready, preview.width, preview.height], label).toEqual([true, ...sample.size!]);
      const { autodetection } = (await api('GET', `/jobs/${jobId}/candidates`)).body;
      expect(['completed', 'failed'], label).toContain(autodetection.status);
      if (autodetection.status === 'failed') expect(autodetection.error?.code, label).toMatch(/^[A-Z_]+$/);
      expect((await api('GET', '/health')).status).toBe(200);
    }
  });

  it('analyses people in HEVC, MPEG-TS and raw H.264 to a final state', async () => {
    for (const sample of corpus.filter((candidate) => 'analyse' in candidate.outcome)) {
      const jobId = acceptedJob(sample);
      await poll(jobId, (j) => settled(j.steps.candidates.state), 'candidates');
      const { candidates } = (await api('GET', `/jobs/${jobId}/candidates`)).body;
      expect(candidates.length, `${sample.name}: candidates`).toBeGreaterThan(0);
      const best = [...candidates].sort((a: any, b: any) => b.length - a.length || b.mean_score - a.mean_score)[0];
      expect((await api('POST', `/jobs/${jobId}/select-track`, { player_ref: best.track_id })).status).toBe(200);
      const seed = best.frames[0];
      expect((await api('POST', `/jobs/${jobId}/select-target`, { frame_key: seed.frame_key, bbox: seed.bbox })).status).toBe(200);
      expect((await api('POST', `/jobs/${jobId}/enqueue`)).body.status).toBe('QUEUED');
      const job = await poll(jobId, (j) => FINAL.includes(j.status), 'a final state', 90_000);
      const label = `${sample.name}: ${JSON.stringify({ status: job.status, error: job.error })}`;
      if (job.status === 'FAILED') {
        expect(job.error?.code, label).toMatch(/^[A-Z_]+$/);
      } else {
        expect(['COMPLETED', 'PARTIAL'], label).toContain(job.status);
        expect(job.results.trajectory.frames, label).toBeGreaterThan(0);
      }
    }
  });
}));

function randomBytes(length: number): Buffer {
  // Seeded (xorshift), so a failure can be reproduced byte for byte.
  const bytes = Buffer.alloc(length);
  let x = 0x2545f491;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    bytes[i] = x & 0xff;
  }
  return bytes;
}

// A 1 MB comment: ffmpeg writes it into the udta box of the moov, ahead of any frame.
async function hugeMetadata(file: string): Promise<void> {
  const metadata = `${file}.ffmeta`;
  await writeFile(metadata, `;FFMETADATA1\ncomment=${'a'.repeat(1_000_000)}\n`);
  await runFfmpeg(['-f', 'lavfi', '-i', 'testsrc2=size=160x120:rate=25:duration=2', '-f', 'ffmetadata', '-i', metadata, '-map', '0', '-map_metadata', '1', ...X264, file]);
}

// The moov box says it is 4 GB long, in a file of a few kB.
async function absurdMoovSize(source: string, file: string): Promise<void> {
  const bytes = Buffer.from(await readFile(source));
  const at = bytes.indexOf('moov');
  bytes.writeUInt32BE(0xffff_fff0, at - 4);
  await writeFile(file, bytes);
}

import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listJobEvents } from '../../src/store/job-events';
import { listWorkItems } from '../../src/store/work-items';
import { startTestSpotlight, type TestSpotlight } from '../support/spotlight';
import { describeWithData, testDataPath } from '../support/test-data';
import { videoForm } from '../support/upload';
import { waitForJob } from '../support/wait';
import { lavfiVideo } from '../support/videos';

/**
 * The whole intake on a running Spotlight (API + worker in one process): upload, probe, preview
 * extraction by the worker with real ffmpeg, progress, the previews API and the live stream.
 */

let s: TestSpotlight;

beforeAll(async () => {
  s = await startTestSpotlight({ SPOTLIGHT_ROLE: 'all' });
});
afterAll(() => s?.stop());


async function previewsOf(file: string, previewCount: number) {
  const created = await s.call('POST', '/jobs', await videoForm(file, { preview_count: String(previewCount) }));
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const jobId: string = created.body.job_id;
  const job = await waitForJob(s, jobId, (j) => j.steps.previews.state === 'completed' && j.steps.candidates.state !== 'running' && j.steps.candidates.state !== 'pending');
  const list = (await s.call('GET', `/jobs/${jobId}/previews`)).body;
  return { jobId, job, list };
}

describe('preview extraction by the worker (lavfi video)', () => {
  it('extracts every planned frame as a JPEG of the source size, reporting progress', async () => {
    const video = await lavfiVideo({ seconds: 6, width: 480, height: 270, fps: 25, extra: ['-g', '100'] });
    const { jobId, job, list } = await previewsOf(video, 6);
    expect(job.status).toBe('PREVIEWS_READY');
    expect(list.ready).toBe(true);
    expect(list.previews).toHaveLength(6);
    for (const preview of list.previews) {
      expect(preview).toMatchObject({ ready: true, width: 480, height: 270 });
      const image = await s.app.request(preview.url);
      expect(image.status).toBe(200);
      expect(image.headers.get('content-type')).toBe('image/jpeg');
      const meta = await sharp(Buffer.from(await image.arrayBuffer())).metadata();
      expect([meta.format, meta.width, meta.height]).toEqual(['jpeg', 480, 270]);
    }
    expect(job.steps.previews).toMatchObject({ state: 'completed', fraction: 1 });

    const history = (await listJobEvents(s.db, jobId, { afterVersion: 0, limit: 50 })).map((e) => [e.type, e.status]);
    expect(history.slice(0, 3)).toEqual([
      ['xstate.init', 'WAITING_FOR_SELECTION'],
      ['previews.started', 'EXTRACTING_PREVIEWS'],
      ['xstate.done.actor.previews', 'PREVIEWS_READY'],
    ]);
    // No detector model is configured here: candidate tracking fails on its own, never the job.
    const candidates = (await s.call('GET', `/jobs/${jobId}/candidates`)).body;
    expect(candidates.autodetection).toMatchObject({ status: 'failed', error: { code: 'MODEL_NOT_CONFIGURED' } });
  });

  it('streams the job as server-sent events until a final status', async () => {
    const video = await lavfiVideo({ seconds: 4, width: 320, height: 240, fps: 25 });
    const created = await s.call('POST', '/jobs', await videoForm(video, { preview_count: '4' }));
    const jobId = created.body.job_id;
    await waitForJob(s, jobId, (j) => j.steps.candidates.state === 'failed'); // no detector model configured in tests
    await s.call('POST', `/jobs/${jobId}/select-track`, { player_ref: 1 });
    await s.call('POST', `/jobs/${jobId}/select-target`, { frame_key: 'f000012', bbox: [1, 1, 20, 40] });
    await s.call('POST', `/jobs/${jobId}/enqueue`);
    const response = await s.app.request(`/jobs/${jobId}/stream`);
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const text = await response.text(); // ends when the job is final
    const statuses = [...text.matchAll(/^data: (.*)$/gm)].map((m) => JSON.parse(m[1]).status);
    expect(statuses.at(-1)).toBe('FAILED'); // no detector model configured: the analysis cannot run
    expect(statuses).toContain('QUEUED');
    const final = (await s.call('GET', `/jobs/${jobId}`)).body;
    expect(final.error).toMatchObject({ code: 'MODEL_NOT_CONFIGURED' });
  });

  it('a cancel stops a running extraction', async () => {
    const video = await lavfiVideo({ seconds: 60, width: 640, height: 360, fps: 25, extra: ['-g', '250'] });
    const created = await s.call('POST', '/jobs', await videoForm(video, { preview_count: '150' }));
    const jobId = created.body.job_id;
    await waitForJob(s, jobId, (j) => j.status === 'EXTRACTING_PREVIEWS' && j.progress?.fraction > 0);
    expect((await s.call('POST', `/jobs/${jobId}/cancel`)).body.status).toBe('CANCELLED');
    // The worker notices at its next heartbeat and frees itself: a new job is served.
    const next = await s.call('POST', '/jobs', await videoForm(await lavfiVideo({ seconds: 4, width: 320, height: 240, fps: 25 }), { preview_count: '2' }));
    await waitForJob(s, next.body.job_id, (j) => j.steps.previews.state === 'completed', 30_000);
    const extracted = (await s.call('GET', `/jobs/${jobId}/previews`)).body.previews.filter((p: any) => p.ready).length;
    expect(extracted).toBeLessThan(150);
    expect((await listWorkItems(s.db, jobId)).map((i) => i.state)).toEqual(['cancelled']);
  });
});

describeWithData('preview extraction on the shared videos', ['videos'], () => {
  it.each([
    ['soccer_laliga_broadcast_720p.mp4', 1280, 720],
    ['pedestrians_crosswalk_topdown_360p.mp4', 640, 360],
    ['one-by-one-person-detection.mp4', 768, 432],
  ])('%s', async (name, width, height) => {
    const { job, list } = await previewsOf(testDataPath('videos', name), 8);
    expect(job.video).toMatchObject({ width, height, codec: 'h264' });
    expect(list.previews).toHaveLength(8);
    expect(list.previews.every((p: any) => p.ready && p.width === width && p.height === height)).toBe(true);
    const times = list.previews.map((p: any) => p.frame_time_sec);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(times[0]).toBeGreaterThan(0);
    expect(times.at(-1)).toBeLessThan(job.video.duration_sec);
  });
});

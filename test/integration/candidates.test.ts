import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listJobEvents } from '../../src/store/job-events';
import { startTestSpotlight, type TestSpotlight } from '../support/spotlight';
import { describeWithData, testDataPath } from '../support/test-data';
import { videoForm } from '../support/upload';
import { waitForJob } from '../support/wait';

/**
 * Candidate tracks end to end: a running Spotlight with the real YOLOX-Nano model extracts
 * previews and tracks the people around them in the shared videos; the user picks one.
 */


const autodetectionOver = (job: any) => ['completed', 'failed'].includes(job.steps.candidates.state);

describeWithData('candidate tracks with the real detector', ['models', 'yolox_nano.onnx'], () => {
  let s: TestSpotlight;
  beforeAll(async () => {
    // A short bridge splits the clip into several segments, so candidates arrive in several reports.
    s = await startTestSpotlight({ SPOTLIGHT_ROLE: 'all', DETECTOR_MODEL: testDataPath('models', 'yolox_nano.onnx'), CANDIDATE_BRIDGE_SEC: '0.5' });
  });
  afterAll(() => s?.stop());

  it.each([
    ['pedestrians_crosswalk_topdown_360p.mp4', 6],
    ['soccer_laliga_broadcast_720p.mp4', 5],
  ])('%s: proposes candidates on the previews, and one can be picked', async (name, minCandidates) => {
    const created = await s.call('POST', '/jobs', await videoForm(testDataPath('videos', name), { preview_count: '6' }));
    const jobId = created.body.job_id;
    const job = await waitForJob(s, jobId, autodetectionOver);
    expect(job.steps.candidates.state).toBe('completed');
    expect(job.status).toBe('PREVIEWS_READY');

    const { body } = await s.call('GET', `/jobs/${jobId}/candidates`);
    expect(body.autodetection).toEqual({ status: 'completed', progress: 1, error: null });
    expect(body.candidates.length).toBeGreaterThanOrEqual(minCandidates);
    const previews = new Map((await s.call('GET', `/jobs/${jobId}/previews`)).body.previews.map((p: any) => [p.frame_key, p]));
    for (const candidate of body.candidates) {
      expect(candidate.length).toBe(candidate.frames.length);
      expect(candidate.thumbnail_url).toBe(`/jobs/${jobId}/candidates/${candidate.track_id}/thumbnail`);
      for (const frame of candidate.frames) {
        const preview: any = previews.get(frame.frame_key);
        expect(preview, `${frame.frame_key} is a preview`).toBeDefined();
        expect(frame.frame_time_sec).toBe(preview.frame_time_sec);
        expect(frame.score).toBeGreaterThanOrEqual(0.3);
        expect(frame.bbox.x + frame.bbox.w).toBeLessThanOrEqual(job.video.width + 1);
        expect(frame.bbox.y + frame.bbox.h).toBeLessThanOrEqual(job.video.height + 1);
      }
    }
    const history = (await listJobEvents(s.db, jobId, { afterVersion: 0, limit: 500 })).map((e) => e.type);
    expect(history.filter((t) => t === 'candidates.found').length).toBeGreaterThan(1);

    const best = [...body.candidates].sort((a: any, b: any) => b.length - a.length || b.mean_score - a.mean_score)[0];
    const thumbnail = await s.app.request(best.thumbnail_url);
    expect(thumbnail.headers.get('content-type')).toBe('image/jpeg');
    expect((await sharp(Buffer.from(await thumbnail.arrayBuffer())).metadata()).height).toBe(160);

    // Autodetection is done: a track it did not find is taken (a player the candidates missed), and said so.
    const missed = await s.call('POST', `/jobs/${jobId}/select-track`, { player_ref: 9999 });
    expect(missed.body).toMatchObject({ status: 'WAITING_FOR_TARGET', player_ref: 'track_9999', notice: expect.stringContaining('not one of the candidates') });
    const picked = await s.call('POST', `/jobs/${jobId}/select-track`, { player_ref: best.track_id });
    expect(picked.body).toMatchObject({ status: 'WAITING_FOR_TARGET', player_ref: `track_${best.track_id}` });
    expect(picked.body.notice).toBeUndefined();
    const frame = best.frames[0];
    const target = await s.call('POST', `/jobs/${jobId}/select-target`, { frame_key: frame.frame_key, bbox: frame.bbox });
    expect(target.body.status).toBe('READY_TO_ENQUEUE');
  }, 300_000);
});

describe('autodetection without a usable model', () => {
  let s: TestSpotlight;
  beforeAll(async () => {
    s = await startTestSpotlight({ SPOTLIGHT_ROLE: 'all', DETECTOR_MODEL: '/nonexistent/model.onnx' });
  });
  afterAll(() => s?.stop());

  it('fails the candidates step with a clear code, never the job', async () => {
    const { lavfiVideo } = await import('../support/videos');
    const created = await s.call('POST', '/jobs', await videoForm(await lavfiVideo({ seconds: 4, width: 320, height: 240, fps: 25 }), { preview_count: '2' }));
    const job = await waitForJob(s, created.body.job_id, autodetectionOver, 60_000);
    expect(job.status).toBe('PREVIEWS_READY');
    const { body } = await s.call('GET', `/jobs/${created.body.job_id}/candidates`);
    expect(body.autodetection.status).toBe('failed');
    expect(body.autodetection.error.code).toBe('MODEL_NOT_FOUND');
    expect(body.autodetection.error.message).toContain('/nonexistent/model.onnx');
    const picked = await s.call('POST', `/jobs/${created.body.job_id}/select-track`, { player_ref: 4 });
    expect(picked.body.status).toBe('WAITING_FOR_TARGET');
  });
});

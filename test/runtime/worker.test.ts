import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWorker } from '../../src/runtime/worker';
import { defaultWorkPolicy } from '../../src/runtime/work-policy';
import { candidateSettings, detectorSettings } from '../../src/config';
import { createServices } from '../../src/services/registry';
import { resolveFfmpegBinaries } from '../../src/media/ffmpeg-binaries';
import { localMediaStore } from '../../src/storage/media-store';
import { listWorkItems } from '../../src/store/work-items';
import { startTestSpotlight, type TestSpotlight } from '../support/spotlight';
import { videoForm } from '../support/upload';
import { lavfiVideo } from '../support/videos';

/**
 * The worker loop: a worker asked to stop hands back what it cannot finish in its grace period
 * without charging an attempt; a service it does not have fails its step with a clear code.
 */

let s: TestSpotlight;
beforeAll(async () => {
  s = await startTestSpotlight({ SPOTLIGHT_ROLE: 'api' });
});
afterAll(() => s?.stop());

describe('worker', () => {
  it('releases a running step after the grace period; the next worker finishes it', async () => {
    const video = await lavfiVideo({ seconds: 60, width: 640, height: 360, fps: 25, extra: ['-g', '250'] });
    const jobId = (await s.call('POST', '/jobs', await videoForm(video, { preview_count: '40' }))).body.job_id;
    const services = createServices({
      store: localMediaStore(s.config.mediaDir),
      binaries: resolveFfmpegBinaries(),
      ffmpegConcurrency: 1,
      detector: detectorSettings(s.config),
      candidates: candidateSettings(s.config),
    });
    const options = { db: s.db, services, policy: defaultWorkPolicy, concurrency: 1, leaseSeconds: 30, heartbeatSeconds: 1, pollMs: 50, progressIntervalMs: 0 };

    const first = startWorker({ ...options, workerId: 'first' });
    for (;;) {
      const job = (await s.call('GET', `/jobs/${jobId}`)).body;
      if (job.progress?.fraction > 0) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    await first.stop(0);
    const [released] = await listWorkItems(s.db, jobId);
    expect(released).toMatchObject({ state: 'pending', attempts: 0, locked_by: null });
    expect((await s.call('GET', `/jobs/${jobId}`)).body.status).toBe('EXTRACTING_PREVIEWS');

    const second = startWorker({ ...options, workerId: 'second' });
    try {
      for (;;) {
        const job = (await s.call('GET', `/jobs/${jobId}`)).body;
        if (job.steps.previews.state === 'completed') break;
        await new Promise((r) => setTimeout(r, 100));
      }
    } finally {
      await second.stop();
    }
    const [finished] = await listWorkItems(s.db, jobId);
    expect(finished).toMatchObject({ state: 'done', attempts: 1, locked_by: 'second' });
  }, 120_000);

  it('fails a step whose service it does not run with SERVICE_UNAVAILABLE, and the job says so', async () => {
    const video = await lavfiVideo({ seconds: 4, width: 320, height: 240, fps: 25 });
    const jobId = (await s.call('POST', '/jobs', await videoForm(video, { preview_count: '2' }))).body.job_id;
    const worker = startWorker({ db: s.db, services: {}, policy: defaultWorkPolicy, concurrency: 1, leaseSeconds: 30, heartbeatSeconds: 1, pollMs: 50, progressIntervalMs: 0 });
    try {
      for (;;) {
        const job = (await s.call('GET', `/jobs/${jobId}`)).body;
        if (job.status === 'FAILED') {
          expect(job.error).toEqual({ code: 'SERVICE_UNAVAILABLE', message: 'extractPreviews is not available in this version of Spotlight' });
          break;
        }
        await new Promise((r) => setTimeout(r, 50));
      }
    } finally {
      await worker.stop();
    }
  });
});

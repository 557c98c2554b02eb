import { mkdir, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startWorker } from '../../src/runtime/worker';
import { defaultWorkPolicy } from '../../src/runtime/work-policy';
import { mediaKeys } from '../../src/storage/media-keys';
import { localMediaStore } from '../../src/storage/media-store';
import { claimWorkItem } from '../../src/store/work-items';
import { startTestSpotlight, type TestSpotlight } from '../support/spotlight';
import { videoForm } from '../support/upload';
import { lavfiVideo } from '../support/videos';
import { waitForJob } from '../support/wait';
import { finishIntake } from '../support/work';

/**
 * An analysis whose workers keep dying ends FAILED (WORKER_LOST), and what those runs left
 * half-written goes with it: nobody will run the step again to finish or replace those files.
 */
let s: TestSpotlight;
beforeAll(async () => {
  s = await startTestSpotlight({ SPOTLIGHT_ROLE: 'api', MAX_ATTEMPTS: '1' });
});
afterAll(() => s?.stop());

it('a step lost for good leaves no temporary file; finished files stay', async () => {
  const video = await lavfiVideo({ seconds: 2, width: 160, height: 120, fps: 10 });
  const created = (await s.call('POST', '/jobs', await videoForm(video, { preview_count: '2' }))).body;
  const jobId: string = created.job_id;
  const frameKey: string = created.preview_plan?.[0]?.frame_key ?? (await s.call('GET', `/jobs/${jobId}/previews`)).body.previews[0].frame_key;
  await finishIntake(s.db, jobId, { tracks: [1] });
  await s.call('POST', `/jobs/${jobId}/select-track`, { player_ref: 1 });
  await s.call('POST', `/jobs/${jobId}/select-target`, { frame_key: frameKey, bbox: { x: 10, y: 10, w: 20, h: 40 } });
  expect((await s.call('POST', `/jobs/${jobId}/enqueue`)).body.status).toBe('QUEUED');

  // Two workers that claimed the analysis and died mid-write (their leases lapse at once).
  const results = path.join(s.config.mediaDir, mediaKeys.results(jobId));
  await mkdir(path.join(results, 'clips'), { recursive: true });
  await writeFile(path.join(results, '.trajectory.json.0badc0de.tmp'), '{"points": [');
  await writeFile(path.join(results, 'clips', '.clip-001.mp4.1234abcd.tmp'), 'half a clip');
  await writeFile(path.join(results, 'heatmap.png'), 'a finished file');
  for (const dead of ['dead-1', 'dead-2']) expect(await claimWorkItem(s.db, { workerId: dead, leaseSeconds: 0, jobId })).toBeDefined();

  const store = localMediaStore(s.config.mediaDir);
  const worker = startWorker({
    db: s.db,
    services: {},
    policy: { ...defaultWorkPolicy, maxAttempts: 1 },
    concurrency: 1,
    leaseSeconds: 30,
    heartbeatSeconds: 1,
    pollMs: 50,
    progressIntervalMs: 0,
    discardTemporaries: (id) => store.removeTemporaries(mediaKeys.job(id)),
  });
  try {
    const job = await waitForJob(s, jobId, (j) => j.status === 'FAILED');
    expect(job.error.code).toBe('WORKER_LOST');
    await new Promise((r) => setTimeout(r, 200)); // the clean-up follows the report
    expect((await readdir(results, { recursive: true })).sort()).toEqual(['clips', 'heatmap.png']);
  } finally {
    await worker.stop(1000);
  }
});

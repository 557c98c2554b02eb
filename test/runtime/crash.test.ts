import { readdir } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { listJobEvents } from '../../src/store/job-events';
import { listWorkItems } from '../../src/store/work-items';
import { usingPostgres } from '../support/database';
import { exited, waitFor, workerCrashHarness } from '../support/processes';
import { startTestSpotlight } from '../support/spotlight';
import { videoForm } from '../support/upload';
import { lavfiVideo } from '../support/videos';

/**
 * A worker process killed with SIGKILL in the middle of preview extraction: its lease expires,
 * another worker process claims the step again and finishes it; every transition happens once.
 * On PGlite the embedded database belongs to one process at a time, so the workers take turns
 * on the same data folder (the second one also proves the database survives a SIGKILL).
 */

const PREVIEWS = 40;

const harness = workerCrashHarness('spotlight-crash-', { FFMPEG_CONCURRENCY: '1' });

async function jpegCount(dir: string) {
  const files = await readdir(dir).catch(() => [] as string[]);
  return files.filter((f) => f.endsWith('.jpg')).length;
}

describe(`a worker killed mid-extraction (${usingPostgres ? 'PostgreSQL' : 'PGlite'})`, () => {
  it('is replaced by another worker, and each transition happens once', async () => {
    // A long GOP makes each preview decode many frames, so the extraction lasts long enough to be interrupted.
    const video = await lavfiVideo({ seconds: 60, width: 640, height: 360, fps: 25, extra: ['-g', '250'] });
    const api = await startTestSpotlight({ ...harness.env(), SPOTLIGHT_ROLE: 'api' }, { pgliteOnDisk: true });
    const created = await api.call('POST', '/jobs', await videoForm(video, { preview_count: String(PREVIEWS) }));
    expect(created.status).toBe(201);
    const jobId: string = created.body.job_id;
    await api.stop(); // PGlite: hand the database to the workers

    const previewsDir = path.join(harness.dataDir, 'media', 'jobs', jobId, 'previews');
    const first = harness.startWorker();
    const atKill = await waitFor('the first previews', async () => {
      const n = await jpegCount(previewsDir);
      return n >= 3 ? n : undefined;
    }, 60_000);
    first.kill('SIGKILL');
    await exited(first);
    expect(atKill).toBeLessThan(PREVIEWS);

    const second = harness.startWorker();
    await waitFor('all previews', async () => ((await jpegCount(previewsDir)) === PREVIEWS ? true : undefined), 120_000, 200);
    second.kill('SIGTERM'); // graceful: finishes (and reports) what it holds
    expect(await exited(second)).toBe(0);

    const check = await startTestSpotlight({ ...harness.env(), SPOTLIGHT_ROLE: 'api' }, { pgliteOnDisk: true });
    try {
      const job = (await check.call('GET', `/jobs/${jobId}`)).body;
      expect(job.steps.previews.state).toBe('completed');
      expect(['PREVIEWS_READY', 'TRACKING_CANDIDATES']).toContain(job.status);

      const history = (await listJobEvents(check.db, jobId, { afterVersion: 0, limit: 100 })).map((e) => e.type);
      expect(history.filter((t) => t === 'previews.started')).toHaveLength(1);
      expect(history.filter((t) => t === 'xstate.done.actor.previews')).toHaveLength(1);

      const [extraction] = await listWorkItems(check.db, jobId);
      expect(extraction).toMatchObject({ src: 'extractPreviews', state: 'done', attempts: 2 });

      const previews = (await check.call('GET', `/jobs/${jobId}/previews`)).body.previews;
      expect(previews.every((p: any) => p.ready)).toBe(true);
      for (const file of await readdir(previewsDir)) {
        expect(file).toMatch(/^f\d{6}\.jpg$/); // no temporary file left behind
        const meta = await sharp(path.join(previewsDir, file)).metadata();
        expect([meta.format, meta.width, meta.height]).toEqual(['jpeg', 640, 360]);
      }
    } finally {
      await check.stop();
    }
  }, 240_000);
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listJobEvents } from '../../src/store/job-events';
import { listWorkItems } from '../../src/store/work-items';
import { createTestDatabase, type TestDatabase, usingPostgres } from '../support/database';
import { startTestSpotlight, type TestSpotlight } from '../support/spotlight';
import { videoForm } from '../support/upload';
import { lavfiVideo } from '../support/videos';

/**
 * Three workers, each with its own connection pool, racing for the same queue on one
 * PostgreSQL: every step is claimed once and every transition happens once. (PGlite is a single
 * in-process session, so this race exists only on PostgreSQL.)
 */
describe.skipIf(!usingPostgres)('workers competing on one PostgreSQL', () => {
  let database: TestDatabase;
  let api: TestSpotlight;
  const workers: TestSpotlight[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    const env = { DATABASE_URL: database.databaseUrl!, POLL_MS: '20', FFMPEG_CONCURRENCY: '1' };
    api = await startTestSpotlight({ ...env, SPOTLIGHT_ROLE: 'api' });
    for (let i = 0; i < 3; i++) workers.push(await startTestSpotlight({ ...env, SPOTLIGHT_ROLE: 'worker', DATA_DIR: api.config.DATA_DIR }));
  });
  afterAll(async () => {
    for (const w of workers) await w.stop();
    await api?.stop();
    await database?.drop();
  });

  it('claims each step exactly once', async () => {
    const video = await lavfiVideo({ seconds: 4, width: 320, height: 240, fps: 25 });
    const jobs: string[] = [];
    for (let i = 0; i < 12; i++) jobs.push((await api.call('POST', '/jobs', await videoForm(video, { preview_count: '3' }))).body.job_id);

    const end = Date.now() + 120_000;
    for (const id of jobs) {
      for (;;) {
        const job = (await api.call('GET', `/jobs/${id}`)).body;
        if (job.steps.candidates.state === 'failed') break; // previews done, then candidates (not in this build) failed
        if (Date.now() > end) throw new Error(`job ${id} stuck: ${JSON.stringify(job.steps)}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    const claimedBy = new Set<string>();
    for (const id of jobs) {
      const types = (await listJobEvents(api.db, id, { afterVersion: 0, limit: 50 })).map((e) => e.type);
      expect(types).toEqual([
        'xstate.init',
        'previews.started',
        'xstate.done.actor.previews',
        'candidates.started',
        'xstate.error.actor.candidates',
      ]);
      for (const item of await listWorkItems(api.db, id)) {
        expect(item.attempts).toBe(1);
        claimedBy.add(item.locked_by!);
        expect(item.state === 'done' || item.state === 'failed').toBe(true);
      }
    }
    expect(claimedBy.size, 'the work was shared by the workers').toBeGreaterThan(1);
  });
});

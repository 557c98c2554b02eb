import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { usingPostgres } from '../support/database';
import { startTestSpotlight, type TestSpotlight } from '../support/spotlight';

/**
 * PostgreSQL ending Spotlight's idle connections (a restart, a terminated backend) must not crash
 * the process: the pool drops them and the next request opens new ones.
 */
describe.skipIf(!usingPostgres)('idle PostgreSQL connections ended by the server', () => {
  let s: TestSpotlight;
  beforeAll(async () => {
    s = await startTestSpotlight({ SPOTLIGHT_ROLE: 'api' });
  });
  afterAll(() => s?.stop());

  it('are replaced; requests go on', async () => {
    // Open a few connections and leave them idle in the pool.
    await Promise.all(Array.from({ length: 4 }, () => s.call('GET', '/jobs')));
    const admin = new pg.Client({ connectionString: s.config.DATABASE_URL });
    await admin.connect();
    try {
      const { rows } = await admin.query(
        'select pg_terminate_backend(pid) as ended from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()',
      );
      expect(rows.length).toBeGreaterThan(0);
    } finally {
      await admin.end();
    }
    await new Promise((r) => setTimeout(r, 200)); // let the terminations reach the pool
    const after = await s.call('GET', '/jobs');
    expect(after.status).toBe(200);
  });
});

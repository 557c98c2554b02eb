import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isDatabaseUnavailable } from '../../src/store/database-availability';
import { usingPostgres } from '../support/database';
import { startTestSpotlight, type TestSpotlight } from '../support/spotlight';

/**
 * A connection the server ends while Spotlight holds it checked out (Kysely keeps one for a whole
 * transaction, between its queries): pg emits 'error' on that client, where pg-pool does not
 * listen. That must not be an unhandled error; the transaction fails and the next request works.
 */
describe.skipIf(!usingPostgres)('a checked-out PostgreSQL connection ended by the server', () => {
  let s: TestSpotlight;
  let admin: pg.Client;
  beforeAll(async () => {
    s = await startTestSpotlight({ SPOTLIGHT_ROLE: 'api' });
    admin = new pg.Client({ connectionString: s.config.DATABASE_URL });
    await admin.connect();
  });
  afterAll(async () => {
    await admin?.end();
    await s?.stop();
  });

  it('fails its transaction as "unavailable", raises nothing unhandled, and requests go on', async () => {
    const outcome = s.db.transaction().execute(async (trx) => {
      const { rows } = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(trx);
      const ended = await admin.query('select pg_terminate_backend($1) as ended', [rows[0]!.pid]);
      expect(ended.rows[0].ended).toBe(true);
      // Idle in the transaction while the server's 57P01 arrives: the 'error' event fires now.
      await new Promise((r) => setTimeout(r, 300));
      await sql`select 1`.execute(trx);
    });
    const error = await outcome.then(() => undefined, (e: unknown) => e);
    expect(error).toBeDefined();
    expect(isDatabaseUnavailable(error)).toBe(true);

    // The broken client is not handed out again.
    for (let i = 0; i < 5; i++) expect((await s.call('GET', '/jobs')).status).toBe(200);
  });
});

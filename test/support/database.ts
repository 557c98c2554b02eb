import { randomBytes } from 'node:crypto';
import pg from 'pg';

/**
 * Tests run on PGlite by default and on PostgreSQL when DATABASE_URL is set. On PostgreSQL each
 * call makes a fresh database (dropped by `drop`), so runs and files never see each other's data.
 */
export const usingPostgres = Boolean(process.env.DATABASE_URL);

export interface TestDatabase {
  /** For the config: undefined means embedded PGlite. */
  databaseUrl: string | undefined;
  drop(): Promise<void>;
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const base = process.env.DATABASE_URL;
  if (!base) return { databaseUrl: undefined, drop: async () => {} };
  const name = `spotlight_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  return {
    databaseUrl: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: base });
      await client.connect();
      await client.query(`drop database if exists ${name} with (force)`);
      await client.end();
    },
  };
}

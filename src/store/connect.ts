import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect } from 'kysely';
import { PGliteDialect } from 'kysely-pglite-dialect';
import pg from 'pg';
import type { Database, Db } from './database';

export interface DatabaseConfig {
  /** PostgreSQL connection string; without it the embedded PGlite is used. */
  databaseUrl?: string;
  /** Where PGlite keeps its files; `memory://` keeps them in memory (tests). */
  pgliteDir: string;
  poolSize?: number;
}

export interface Connection {
  db: Db;
  kind: 'postgres' | 'pglite';
  close(): Promise<void>;
}

/**
 * Opens the database: PostgreSQL when a URL is given, else the embedded PGlite. The same
 * migrations and queries run on both.
 *
 * @example const { db, close } = await connect({ pgliteDir: './data/db' })
 */
export async function connect(config: DatabaseConfig): Promise<Connection> {
  if (config.databaseUrl) {
    const pool = new pg.Pool({ connectionString: config.databaseUrl, max: config.poolSize ?? 10 });
    // An idle connection the server ends (a restart, a terminated backend) is an 'error' event on
    // the pool, which without a listener would crash the process. The pool drops that connection
    // and opens another when needed; the next query fails only if the server is really gone.
    pool.on('error', (error) => console.warn(`[db] an idle PostgreSQL connection was closed: ${error.message}`));
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return { db, kind: 'postgres', close: () => db.destroy() };
  }
  const pglite = await PGlite.create(config.pgliteDir);
  const db = new Kysely<Database>({ dialect: new PGliteDialect(pglite) });
  return { db, kind: 'pglite', close: () => db.destroy() };
}

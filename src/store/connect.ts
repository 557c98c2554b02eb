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
  /** How long a query may wait for a PostgreSQL connection before failing (default 10 s). */
  connectTimeoutMs?: number;
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
    const pool = new pg.Pool({
      connectionString: config.databaseUrl,
      max: config.poolSize ?? 10,
      // Without a bound, a request waits forever for a server that drops packets instead of
      // refusing them; this way it fails (503) and the caller comes back later.
      connectionTimeoutMillis: config.connectTimeoutMs ?? 10_000,
      // A server that vanished without closing its sockets is noticed instead of waited on.
      keepAlive: true,
    });
    // An idle connection the server ends (a restart, a terminated backend) is an 'error' event on
    // the pool, which without a listener would crash the process. The pool drops that connection
    // and opens another when needed; the next query fails only if the server is really gone.
    // (The listener below, on every client, already logs it.)
    pool.on('error', () => {});
    // A connection the server ends while it is checked out (Kysely holds one for a whole
    // transaction, between its queries) emits 'error' on the client itself, where pg-pool listens
    // only while the client is idle: without this listener the process would exit. The query in
    // flight, or the next one, fails instead; released, the broken client is not reused (pg-pool
    // drops clients that are no longer queryable).
    pool.on('connect', (client) => {
      client.on('error', (error) => console.warn(`[db] a PostgreSQL connection was closed: ${error.message}`));
    });
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return { db, kind: 'postgres', close: () => db.destroy() };
  }
  const pglite = await PGlite.create(config.pgliteDir);
  const db = new Kysely<Database>({ dialect: new PGliteDialect(pglite) });
  return { db, kind: 'pglite', close: () => db.destroy() };
}

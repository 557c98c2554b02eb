import { sql } from 'kysely';
import type { Db } from './database';
import { whileDatabaseUnavailable } from './database-availability';

export interface WaitOptions {
  /** Give up after this many seconds; unset: wait as long as it takes. */
  maxSeconds?: number;
  log?: (message: string) => void;
}

/**
 * Resolves once the database answers, retrying with exponential backoff (up to 5 s between
 * tries, each logged) while it is unreachable, starting up or shutting down. A process started
 * before its PostgreSQL (a reboot, a compose file, an outage) thus waits instead of exiting.
 * Other errors (a wrong password, a missing database) are thrown at once: waiting cannot fix them.
 *
 * @example await waitForDatabase(db, { maxSeconds: 600, log: console.warn })
 */
export async function waitForDatabase(db: Db, options: WaitOptions = {}): Promise<void> {
  await whileDatabaseUnavailable(() => sql`select 1`.execute(db), {
    what: 'waiting for the database',
    maxMs: options.maxSeconds === undefined ? undefined : options.maxSeconds * 1000,
    firstDelayMs: 250,
    maxDelayMs: 5000,
    log: options.log,
  });
}

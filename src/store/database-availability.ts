/**
 * Telling "the database is not there right now" (down, restarting, unreachable, the connection
 * cut) from every other failure: the first is worth waiting out or answering 503, the second is
 * a bug or a refused statement and must surface as it is.
 */

/** Socket-level codes Node gives when the server cannot be reached or the link breaks. */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ECONNABORTED', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);

/**
 * SQLSTATEs of a server going away: 57P01 admin shutdown (a fast or smart stop, a terminated
 * backend), 57P02 crash shutdown, 57P03 cannot connect now (starting up or shutting down),
 * 53300 too many connections; and the whole 08 class (connection exceptions).
 */
const SERVER_GONE = new Set(['57P01', '57P02', '57P03', '53300']);

/** What pg and pg-pool say, without a code, when a connection dies or cannot be had in time. */
const MESSAGES = [
  /connection terminated/i,
  /terminating connection/i,
  /not queryable/i,
  /client was closed/i,
  /timeout exceeded when trying to connect/i,
  /connection timeout/i,
  /server closed the connection unexpectedly/i,
  /the database system is (starting up|shutting down|in recovery mode)/i,
  // A network error wrapped in another error's text ("migration failed: connect ECONNREFUSED …").
  /\b(ECONNREFUSED|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH)\b/,
];

/**
 * Whether `error` means the database is unavailable (worth a retry later), looking through
 * `cause` and an AggregateError's `errors` (Node's happy-eyeballs connect fails with one).
 *
 * @example isDatabaseUnavailable(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' })) // true
 * @example isDatabaseUnavailable(Object.assign(new Error('duplicate key'), { code: '23505' })) // false
 */
export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (depth > 4 || typeof error !== 'object' || error === null) return false;
  const { code, message, cause, errors } = error as { code?: unknown; message?: unknown; cause?: unknown; errors?: unknown };
  if (typeof code === 'string') {
    if (NETWORK_CODES.has(code) || SERVER_GONE.has(code) || /^08[0-9A-Z]{3}$/.test(code)) return true;
  }
  if (typeof message === 'string' && MESSAGES.some((pattern) => pattern.test(message))) return true;
  if (Array.isArray(errors) && errors.some((e) => isDatabaseUnavailable(e, depth + 1))) return true;
  return cause !== undefined && isDatabaseUnavailable(cause, depth + 1);
}

export interface RetryOptions {
  /** What is being retried, for the log ("reporting analysis done for job …"). */
  what: string;
  /** Give up (rethrow the last error) once this much time has gone by; unset: never. */
  maxMs?: number;
  /** First delay, doubled after each failure up to `maxDelayMs`. */
  firstDelayMs?: number;
  maxDelayMs?: number;
  log?: (message: string) => void;
  /** Stops the waiting early (rethrows the last error). */
  signal?: AbortSignal;
}

/**
 * Runs `attempt` until it succeeds, waiting with exponential backoff while it fails because the
 * database is unavailable; any other error is thrown at once. Each wait is logged.
 *
 * @example await whileDatabaseUnavailable(() => migrateToLatest(db), { what: 'migrating', log: console.warn })
 */
export async function whileDatabaseUnavailable<T>(attempt: () => Promise<T>, options: RetryOptions): Promise<T> {
  const started = Date.now();
  let delay = options.firstDelayMs ?? 250;
  const maxDelay = options.maxDelayMs ?? 5000;
  for (let tries = 1; ; tries++) {
    try {
      return await attempt();
    } catch (error) {
      if (!isDatabaseUnavailable(error)) throw error;
      const elapsed = Date.now() - started;
      if (options.signal?.aborted || (options.maxMs !== undefined && elapsed + delay > options.maxMs)) throw error;
      options.log?.(`${options.what}: database unavailable (${describeDatabaseError(error)}); try ${tries + 1} in ${delay} ms`);
      await new Promise((resolve) => setTimeout(resolve, delay));
      delay = Math.min(delay * 2, maxDelay);
    }
  }
}

/** A short text for a connection error: an AggregateError's message is empty. */
export function describeDatabaseError(error: unknown): string {
  const e = error as { code?: string; message?: string; errors?: unknown[] };
  const message = e?.message || (Array.isArray(e?.errors) ? e.errors.map((x) => (x as Error)?.message).join('; ') : '') || String(error);
  return e?.code && !message.includes(e.code) ? `${e.code} ${message}` : message;
}

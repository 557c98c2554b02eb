import { describe, expect, it } from 'vitest';
import { isDatabaseUnavailable, whileDatabaseUnavailable } from '../../src/store/database-availability';

const withCode = (code: string, message = code) => Object.assign(new Error(message), { code });

describe('isDatabaseUnavailable', () => {
  it('knows a server that is down, restarting or cut off', () => {
    for (const error of [
      withCode('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5432'),
      withCode('ECONNRESET', 'read ECONNRESET'),
      withCode('57P01', 'terminating connection due to administrator command'),
      withCode('57P02'),
      withCode('57P03', 'the database system is starting up'),
      withCode('08006', 'connection failure'),
      new Error('Connection terminated unexpectedly'),
      new Error('timeout exceeded when trying to connect'),
      new Error('Client has encountered a connection error and is not queryable'),
      new Error('migration 0001 failed: connect ECONNREFUSED 127.0.0.1:5432'),
      Object.assign(new AggregateError([withCode('ECONNREFUSED'), withCode('ECONNREFUSED')], ''), { code: undefined }),
      new Error('query failed', { cause: withCode('ECONNRESET') }),
    ]) {
      expect(isDatabaseUnavailable(error), String(error)).toBe(true);
    }
  });

  it('leaves every other failure alone', () => {
    for (const error of [withCode('23505', 'duplicate key value'), withCode('42P01', 'relation "jobs" does not exist'), withCode('28P01'), new Error('boom'), 'text', undefined]) {
      expect(isDatabaseUnavailable(error), String(error)).toBe(false);
    }
  });
});

describe('whileDatabaseUnavailable', () => {
  it('retries an unavailable database with growing waits, and gives up at its bound', async () => {
    let tries = 0;
    const logs: string[] = [];
    const value = await whileDatabaseUnavailable(
      async () => {
        if (++tries < 3) throw withCode('ECONNREFUSED');
        return 'up';
      },
      { what: 'probe', firstDelayMs: 10, log: (m) => logs.push(m) },
    );
    expect([value, tries, logs.length]).toEqual(['up', 3, 2]);
    expect(logs[1]).toMatch(/try 3 in 20 ms/);

    const started = Date.now();
    await expect(whileDatabaseUnavailable(() => Promise.reject(withCode('57P03')), { what: 'probe', firstDelayMs: 10, maxMs: 100 })).rejects.toThrow('57P03');
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('throws any other error at once', async () => {
    let tries = 0;
    await expect(whileDatabaseUnavailable(() => (tries++, Promise.reject(withCode('23505', 'duplicate'))), { what: 'x' })).rejects.toThrow('duplicate');
    expect(tries).toBe(1);
  });
});

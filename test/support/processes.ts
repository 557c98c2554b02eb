import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll } from 'vitest';
import { createTestDatabase, type TestDatabase } from './database';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

/**
 * Starts `npm start`'s entry point as a real process with these extra arguments and environment;
 * its stderr is echoed with its pid. The caller kills it.
 *
 * @example const worker = startSpotlightProcess(['--role', 'worker'], { DATA_DIR: dir })
 */
export function startSpotlightProcess(args: string[], env: Record<string, string>): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', ...args], {
    cwd: repoRoot,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stderr?.on('data', (d) => process.stderr.write(`[spotlight ${child.pid}] ${d}`));
  return child;
}

/** Resolves with the exit code once the process has exited (at once if it has). */
export function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve(child.exitCode) : child.once('exit', resolve)));
}

/**
 * Polls `probe` until it gives a value; fails naming what it waited for.
 *
 * @example await waitFor('the first previews', async () => ((await count()) >= 3 ? true : undefined), 60_000)
 */
export async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs: number, everyMs = 50): Promise<T> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, everyMs));
  }
  throw new Error(`timed out waiting for ${what}`);
}

export interface WorkerCrashHarness {
  /** The data folder every process of the test shares. */
  readonly dataDir: string;
  /** The environment of those processes: the shared data and database, short leases and polls. */
  env(): Record<string, string>;
  /** A `--role worker` process on that environment; killed after the file if still running. */
  startWorker(): ChildProcess;
}

/**
 * For tests that kill worker processes: a data folder and a database (PGlite in that folder, or a
 * fresh PostgreSQL database) made before the file's tests, and everything removed after them.
 *
 * @example const harness = workerCrashHarness('spotlight-crash-', { FFMPEG_CONCURRENCY: '1' })
 */
export function workerCrashHarness(prefix: string, extraEnv: Record<string, string> = {}): WorkerCrashHarness {
  let dataDir = '';
  let database: TestDatabase | undefined;
  const children: ChildProcess[] = [];
  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), prefix));
    database = await createTestDatabase();
  });
  afterAll(async () => {
    for (const child of children) child.kill('SIGKILL');
    await database?.drop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });
  const env = () => ({
    DATA_DIR: dataDir,
    ...(database?.databaseUrl ? { DATABASE_URL: database.databaseUrl } : {}),
    LEASE_SECONDS: '3',
    HEARTBEAT_SECONDS: '1',
    POLL_MS: '200',
    PROGRESS_INTERVAL_MS: '0',
    ...extraEnv,
  });
  return {
    get dataDir() {
      return dataDir;
    },
    env,
    startWorker() {
      const child = startSpotlightProcess(['--role', 'worker'], env());
      children.push(child);
      return child;
    },
  };
}

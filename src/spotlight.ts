import { mkdir } from 'node:fs/promises';
import { createApp } from './api/app';
import { candidateSettings, type Config, detectorSettings } from './config';
import { resolveFfmpegBinaries } from './media/ffmpeg-binaries';
import { createJobRuntime, type JobRuntime } from './runtime/job-runtime';
import { startWorker, type Worker } from './runtime/worker';
import { defaultWorkPolicy } from './runtime/work-policy';
import { createServices } from './services/registry';
import { mediaKeys } from './storage/media-keys';
import { localMediaStore } from './storage/media-store';
import { connect } from './store/connect';
import type { Db } from './store/database';
import { whileDatabaseUnavailable } from './store/database-availability';
import { migrateToLatest } from './store/migrate';
import { waitForDatabase } from './store/wait-for-database';

export interface Spotlight {
  app: ReturnType<typeof createApp>;
  db: Db;
  runtime: JobRuntime;
  /** Present when this process runs a worker (role `all` or `worker`). */
  worker?: Worker;
  /** Stops the worker (finishing or releasing its items) and closes the database. */
  close(): Promise<void>;
}

/**
 * Wires one Spotlight process: database (migrated), storage, runtime, API and, unless the role
 * is `api`, a worker. The HTTP listener is the caller's (main.ts, or a test).
 *
 * @example const spotlight = await startSpotlight(loadConfig(process.env))
 */
export async function startSpotlight(config: Config): Promise<Spotlight> {
  await mkdir(config.mediaDir, { recursive: true });
  if (!config.DATABASE_URL && !config.pgliteDir.startsWith('memory://')) await mkdir(config.pgliteDir, { recursive: true });
  const connection = await connect({ databaseUrl: config.DATABASE_URL, pgliteDir: config.pgliteDir, poolSize: config.DATABASE_POOL_SIZE });
  if (connection.kind === 'postgres') {
    // A PostgreSQL that is not up yet (or restarting) is waited for rather than fatal, so a
    // process started before it (a reboot, an outage) comes up on its own once it is back.
    const wait = { maxSeconds: config.DATABASE_WAIT_SECONDS, log: (message: string) => console.warn(`[db] ${message}`) };
    await waitForDatabase(connection.db, wait);
    await whileDatabaseUnavailable(() => migrateToLatest(connection.db), {
      what: 'migrating',
      maxMs: wait.maxSeconds === undefined ? undefined : wait.maxSeconds * 1000,
      log: wait.log,
    });
  } else {
    await migrateToLatest(connection.db);
  }

  const { db } = connection;
  const store = localMediaStore(config.mediaDir);
  const binaries = resolveFfmpegBinaries();
  const policy = { ...defaultWorkPolicy, maxAttempts: config.MAX_ATTEMPTS };
  let worker: Worker | undefined;
  const runtime = createJobRuntime({ db, policy, onWorkQueued: () => worker?.wake() });

  if (config.SPOTLIGHT_ROLE !== 'api') {
    worker = startWorker({
      db,
      policy,
      services: createServices({
        store,
        binaries,
        ffmpegConcurrency: config.FFMPEG_CONCURRENCY,
        detector: detectorSettings(config),
        candidates: candidateSettings(config),
      }),
      concurrency: config.WORKER_CONCURRENCY,
      leaseSeconds: config.LEASE_SECONDS,
      heartbeatSeconds: config.HEARTBEAT_SECONDS,
      pollMs: config.POLL_MS,
      progressIntervalMs: config.PROGRESS_INTERVAL_MS,
      log: (message) => console.warn(`[worker] ${message}`),
      discardTemporaries: (jobId) => store.removeTemporaries(mediaKeys.job(jobId)),
    });
  }

  const app = createApp({ db, runtime, store, binaries, config });
  return {
    app,
    db,
    runtime,
    worker,
    async close() {
      await worker?.stop(config.SHUTDOWN_GRACE_MS);
      await connection.close();
    },
  };
}

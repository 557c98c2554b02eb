import path from 'node:path';
import { z } from 'zod';

const positiveInt = z.coerce.number().int().positive();

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  DATA_DIR: z.string().default('./data'),
  DATABASE_URL: z.string().url().optional(),
  /** Largest accepted upload. */
  MAX_UPLOAD_BYTES: positiveInt.default(4 * 1024 ** 3),
  /** Largest accepted JSON body. */
  MAX_JSON_BYTES: positiveInt.default(1024 * 1024),
  /** The only folder `source_url` imports may read from; imports are off without it. */
  IMPORT_DIR: z.string().optional(),
  DEFAULT_PREVIEW_COUNT: positiveInt.default(24),
  MAX_PREVIEW_COUNT: positiveInt.default(200),
  DEFAULT_ANALYSIS_FPS: z.coerce.number().positive().default(10),
  /** `all` runs API and worker in one process; `api` or `worker` runs one of them. */
  SPOTLIGHT_ROLE: z.enum(['all', 'api', 'worker']).default('all'),
  WORKER_CONCURRENCY: positiveInt.default(1),
  /** ffmpeg processes one preview extraction runs at once. */
  FFMPEG_CONCURRENCY: positiveInt.default(2),
  LEASE_SECONDS: z.coerce.number().positive().default(30),
  HEARTBEAT_SECONDS: z.coerce.number().positive().default(5),
  POLL_MS: positiveInt.default(1000),
  PROGRESS_INTERVAL_MS: z.coerce.number().int().min(0).default(1000),
  MAX_ATTEMPTS: positiveInt.default(3),
  SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).default(10_000),
});

export type Env = z.infer<typeof envSchema>;

export interface Config extends Env {
  /** Embedded database files (used when DATABASE_URL is not set). */
  pgliteDir: string;
  mediaDir: string;
}

/**
 * Reads the configuration from the environment; a bad value stops the start with a message
 * naming the variable.
 *
 * @example const config = loadConfig(process.env)
 */
export function loadConfig(env: NodeJS.ProcessEnv): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`invalid configuration:\n${lines.join('\n')}`);
  }
  const dataDir = path.resolve(parsed.data.DATA_DIR);
  return {
    ...parsed.data,
    DATA_DIR: dataDir,
    pgliteDir: path.join(dataDir, 'db'),
    mediaDir: path.join(dataDir, 'media'),
  };
}

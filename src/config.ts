import path from 'node:path';
import { z } from 'zod';
import type { DetectorSettings } from './vision/detector-settings';

const positiveInt = z.coerce.number().int().positive();

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  DATA_DIR: z.string().default('./data'),
  DATABASE_URL: z.string().url().optional(),
  /** PostgreSQL connections per process (each event holds one for its transaction). */
  DATABASE_POOL_SIZE: positiveInt.default(20),
  /** How long start-up waits for an unreachable PostgreSQL before giving up; unset: as long as it takes. */
  DATABASE_WAIT_SECONDS: z.coerce.number().positive().optional(),
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
  /** The person detector: a YOLOX or Ultralytics YOLOv8/YOLO11 ONNX file. Autodetection fails without it. */
  DETECTOR_MODEL: z.string().optional(),
  DETECTOR_THREADS: positiveInt.default(2),
  /** A person re-identification ONNX model (e.g. OSNet) the analysis uses to tell players apart; optional. */
  REID_MODEL: z.string().optional(),
  /** Detections down to this score go to the tracker (it uses the low ones to keep tracks alive). */
  DETECTOR_SCORE: z.coerce.number().min(0).max(1).default(0.1),
  /** Tiled inference for small, far-away players: tile size in source pixels, 0 for off. */
  DETECTOR_TILE_SIZE: z.coerce.number().int().min(0).default(0),
  DETECTOR_TILE_OVERLAP: z.coerce.number().int().min(0).default(96),
  /** ByteTrack's high-score split and new-track score, set for the small YOLOX-Nano's lower scores. */
  TRACK_HIGH_SCORE: z.coerce.number().min(0).max(1).default(0.4),
  TRACK_NEW_SCORE: z.coerce.number().min(0).max(1).default(0.5),
  /** Candidate tracking: detection rate between previews, video tracked around them, and the largest gap tracked through. */
  CANDIDATE_FPS: z.coerce.number().positive().default(10),
  CANDIDATE_MARGIN_SEC: z.coerce.number().min(0).default(0.5),
  CANDIDATE_BRIDGE_SEC: z.coerce.number().min(0).default(2),
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
  // An empty variable means unset (as in `DATABASE_URL= npm start`).
  const set = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''));
  const parsed = envSchema.safeParse(set);
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

/** The detector and tracker settings the vision services take. */
export function detectorSettings(config: Config): DetectorSettings {
  return {
    model: config.DETECTOR_MODEL,
    threads: config.DETECTOR_THREADS,
    ...(config.REID_MODEL ? { reidModel: config.REID_MODEL } : {}),
    detectOptions: {
      scoreThreshold: config.DETECTOR_SCORE,
      ...(config.DETECTOR_TILE_SIZE > 0 ? { tiling: { tileSize: config.DETECTOR_TILE_SIZE, overlap: config.DETECTOR_TILE_OVERLAP } } : {}),
    },
    tracker: { highThresh: config.TRACK_HIGH_SCORE, newTrackThresh: config.TRACK_NEW_SCORE, lowThresh: config.DETECTOR_SCORE },
  };
}

/** How candidate tracking samples the video around the previews. */
export function candidateSettings(config: Config) {
  return { detectFps: config.CANDIDATE_FPS, marginSec: config.CANDIDATE_MARGIN_SEC, bridgeSec: config.CANDIDATE_BRIDGE_SEC };
}

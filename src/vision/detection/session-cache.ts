import { stat } from 'node:fs/promises';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { VisionError } from '../vision-error';

/**
 * Holds one ONNX Runtime session per (model file, thread count), so every detector in the
 * process shares the weights and thread pool instead of loading them again. A load that fails is
 * forgotten, so a later call retries it.
 *
 * @example const session = await new SessionCache().get('models/yolox_nano.onnx', 2)
 */
export class SessionCache {
  private readonly sessions = new Map<string, Promise<ort.InferenceSession>>();

  get(modelPath: string, threads: number): Promise<ort.InferenceSession> {
    if (!Number.isInteger(threads) || threads < 1) throw new RangeError(`threads must be a positive integer, got ${threads}`);
    const resolved = path.resolve(modelPath);
    const key = `${resolved}\u0000${threads}`;
    let session = this.sessions.get(key);
    if (!session) {
      session = openSession(resolved, threads);
      this.sessions.set(key, session);
      session.catch(() => this.sessions.delete(key));
    }
    return session;
  }

  /** Releases every session (end of process or tests). @example await cache.releaseAll() */
  async releaseAll(): Promise<void> {
    const open = [...this.sessions.values()];
    this.sessions.clear();
    const settled = await Promise.allSettled(open);
    await Promise.all(settled.map((s) => (s.status === 'fulfilled' ? s.value.release() : undefined)));
  }
}

/** The cache `PersonDetector.load` uses when it is given none: one session per model per process. */
export const processSessionCache = new SessionCache();

async function openSession(modelPath: string, threads: number): Promise<ort.InferenceSession> {
  try {
    const info = await stat(modelPath);
    if (!info.isFile()) throw new VisionError('MODEL_UNREADABLE', `model path is not a file: ${modelPath}`);
  } catch (error) {
    if (error instanceof VisionError) throw error;
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new VisionError('MODEL_NOT_FOUND', `model file not found: ${modelPath}`, { cause: error });
    }
    throw new VisionError('MODEL_UNREADABLE', `cannot read model file ${modelPath}: ${(error as Error).message}`, { cause: error });
  }
  try {
    return await ort.InferenceSession.create(modelPath, {
      intraOpNumThreads: threads,
      interOpNumThreads: 1,
      graphOptimizationLevel: 'all',
      executionProviders: ['cpu'],
      // Spin-waiting pool threads steal the cores that sharp, ffmpeg and the other workers need
      // between runs: on a busy 2-core machine turning it off took YOLOX-Nano from ~31–53 ms to ~15 ms
      // per 1080p frame (resize + run), measured with both settings alternately.
      extra: { session: { intra_op: { allow_spinning: '0' } } },
    });
  } catch (error) {
    throw new VisionError('MODEL_UNREADABLE', `cannot load ONNX model ${modelPath}: ${(error as Error).message}`, { cause: error });
  }
}

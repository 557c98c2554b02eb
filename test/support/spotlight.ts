import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type Config, loadConfig } from '../../src/config';
import { type Spotlight, startSpotlight } from '../../src/spotlight';
import { createTestDatabase } from './database';

export interface TestSpotlight extends Spotlight {
  config: Config;
  /** Calls the API in process; JSON bodies are serialised. */
  call(method: string, url: string, body?: unknown): Promise<{ status: number; body: any }>;
  stop(): Promise<void>;
}

/**
 * A real Spotlight on a fresh database (PGlite in memory, or a new PostgreSQL database when
 * DATABASE_URL is set) and a temporary data folder.
 *
 * @example const s = await startTestSpotlight({ SPOTLIGHT_ROLE: 'api' })
 */
export async function startTestSpotlight(
  env: Record<string, string> = {},
  options: { pgliteOnDisk?: boolean } = {},
): Promise<TestSpotlight> {
  const dataDir = env.DATA_DIR ?? (await mkdtemp(path.join(tmpdir(), 'spotlight-test-')));
  const database = env.DATABASE_URL ? { databaseUrl: env.DATABASE_URL, drop: async () => {} } : await createTestDatabase();
  const config = loadConfig({
    DATA_DIR: dataDir,
    POLL_MS: '100',
    PROGRESS_INTERVAL_MS: '0',
    HEARTBEAT_SECONDS: '1',
    ...(database.databaseUrl ? { DATABASE_URL: database.databaseUrl } : {}),
    ...env,
  });
  if (!database.databaseUrl && !options.pgliteOnDisk) config.pgliteDir = 'memory://';
  const spotlight = await startSpotlight(config);
  return {
    ...spotlight,
    config,
    async call(method, url, body) {
      const init: RequestInit = { method };
      if (body instanceof FormData) init.body = body;
      else if (body !== undefined) {
        init.body = typeof body === 'string' ? body : JSON.stringify(body);
        init.headers = { 'content-type': 'application/json' };
      }
      const response = await spotlight.app.request(url, init);
      const text = await response.text();
      let parsed: unknown = text;
      try {
        parsed = JSON.parse(text);
      } catch {
        // not JSON: keep the text
      }
      return { status: response.status, body: parsed };
    },
    async stop() {
      await spotlight.close();
      await database.drop();
      if (!env.DATA_DIR) await rm(dataDir, { recursive: true, force: true });
    },
  };
}

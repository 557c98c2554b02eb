import { createServer, type Server, type Socket, connect as tcpConnect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { candidateSettings, detectorSettings, loadConfig } from '../../src/config';
import { resolveFfmpegBinaries } from '../../src/media/ffmpeg-binaries';
import type { ServiceRegistry } from '../../src/runtime/service';
import { startWorker } from '../../src/runtime/worker';
import { defaultWorkPolicy } from '../../src/runtime/work-policy';
import { createServices } from '../../src/services/registry';
import { startSpotlight } from '../../src/spotlight';
import { localMediaStore } from '../../src/storage/media-store';
import { listWorkItems } from '../../src/store/work-items';
import { createTestDatabase, type TestDatabase, usingPostgres } from '../support/database';
import { freePort } from '../support/own-postgres';
import { startTestSpotlight, type TestSpotlight } from '../support/spotlight';
import { videoForm } from '../support/upload';
import { lavfiVideo } from '../support/videos';

/**
 * The database going away under a running Spotlight, played with a TCP relay in front of the
 * test's PostgreSQL: closing the relay cuts every connection (as a crashed or rebooting server
 * does) and refuses new ones until it is opened again. The shared server itself is never touched.
 */

/** A TCP relay to `target` on its own port that can be cut and restored. */
class Relay {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  constructor(
    readonly port: number,
    private readonly target: { host: string; port: number },
  ) {}

  /** Listens again (nothing when it already does). */
  open(): Promise<void> {
    if (this.server) return Promise.resolve();
    const server = createServer((client) => {
      const upstream = tcpConnect(this.target.port, this.target.host);
      for (const [a, b] of [[client, upstream], [upstream, client]] as const) {
        this.sockets.add(a);
        a.on('error', () => b.destroy());
        a.on('close', () => {
          this.sockets.delete(a);
          b.destroy();
        });
        a.pipe(b);
      }
    });
    this.server = server;
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
  }

  /** Cuts every relayed connection and stops listening (new connections are refused). */
  async cut(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    const closed = new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    for (const socket of this.sockets) socket.destroy();
    await closed;
  }
}

/** The test database's URL, pointed at the relay instead. */
function throughRelay(databaseUrl: string, relay: Relay): string {
  const url = new URL(databaseUrl);
  url.hostname = '127.0.0.1';
  url.port = String(relay.port);
  return url.toString();
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.skipIf(!usingPostgres)('the database unavailable under a running Spotlight', () => {
  let database: TestDatabase;
  let relay: Relay;
  let s: TestSpotlight;
  beforeAll(async () => {
    database = await createTestDatabase();
    const target = new URL(database.databaseUrl!);
    relay = new Relay(await freePort(), { host: target.hostname, port: Number(target.port || 5432) });
    await relay.open();
    s = await startTestSpotlight({ SPOTLIGHT_ROLE: 'api', DATABASE_URL: throughRelay(database.databaseUrl!, relay) });
  });
  afterAll(async () => {
    await relay?.open();
    await s?.stop();
    await relay?.cut();
    await database?.drop();
  });

  it('answers 503 DATABASE_UNAVAILABLE with Retry-After, health stays up, and service resumes', async () => {
    expect((await s.call('GET', '/jobs')).status).toBe(200);
    await relay.cut();
    try {
      const response = await s.app.request('/jobs');
      expect(response.status).toBe(503);
      expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(await response.json()).toEqual({ ok: false, error: { code: 'DATABASE_UNAVAILABLE', message: expect.any(String) } });
      const post = await s.call('POST', '/jobs/0b0b0b0b-0000-4000-8000-000000000000/cancel');
      expect([post.status, post.body.error.code]).toEqual([503, 'DATABASE_UNAVAILABLE']);
      expect(await s.call('GET', '/health')).toEqual({ status: 200, body: { ok: true } });
    } finally {
      await relay.open();
    }
    expect((await s.call('GET', '/jobs')).status).toBe(200);
  });

  it('start-up waits for a database that is not there yet', async () => {
    await relay.cut();
    const logs: string[] = [];
    const warn = console.warn;
    console.warn = (...args: unknown[]) => logs.push(args.map(String).join(' '));
    try {
      const config = loadConfig({ DATA_DIR: s.config.DATA_DIR, SPOTLIGHT_ROLE: 'api', DATABASE_URL: s.config.DATABASE_URL });
      const starting = startSpotlight(config);
      await sleep(1500);
      await relay.open();
      const late = await starting;
      try {
        expect((await late.app.request('/jobs')).status).toBe(200);
      } finally {
        await late.close();
      }
    } finally {
      console.warn = warn;
    }
    expect(logs.filter((l) => l.includes('waiting for the database')).length).toBeGreaterThanOrEqual(2);
  });

  it('a worker keeps a finished result through a short outage and writes it once the database is back', async () => {
    const video = await lavfiVideo({ seconds: 4, width: 320, height: 240, fps: 25 });
    const jobId: string = (await s.call('POST', '/jobs', await videoForm(video, { preview_count: '4' }))).body.job_id;
    const real = createServices({
      store: localMediaStore(s.config.mediaDir),
      binaries: resolveFfmpegBinaries(),
      ffmpegConcurrency: 1,
      detector: detectorSettings(s.config),
      candidates: candidateSettings(s.config),
    });
    // The real extraction; the database drops out just as it is done, for 1.5 s.
    const services: ServiceRegistry = {
      extractPreviews: async (input, context) => {
        const output = await real.extractPreviews!(input, context);
        await relay.cut();
        setTimeout(() => void relay.open(), 1500);
        return output;
      },
    };
    const logs: string[] = [];
    // A lease far longer than the test: a dropped result would leave the step running until it ends.
    const worker = startWorker({ db: s.db, services, policy: defaultWorkPolicy, concurrency: 1, leaseSeconds: 60, heartbeatSeconds: 1, pollMs: 50, progressIntervalMs: 0, workerId: 'outage', log: (m) => logs.push(m) });
    try {
      const end = Date.now() + 20_000;
      while ((await s.call('GET', `/jobs/${jobId}`).catch(() => ({ body: {} as any }))).body.steps?.previews.state !== 'completed') {
        expect(Date.now(), `the extraction's result was not written: ${logs.join(' | ')}`).toBeLessThan(end);
        await sleep(100);
      }
    } finally {
      await worker.stop();
    }
    const [extraction] = await listWorkItems(s.db, jobId);
    expect(extraction).toMatchObject({ src: 'extractPreviews', state: 'done', attempts: 1 });
    expect(logs.some((l) => /reporting extractPreviews done .* database unavailable/.test(l))).toBe(true);
  });

  it('an idle worker backs off while the database is down instead of failing every poll', async () => {
    const logs: string[] = [];
    const worker = startWorker({ db: s.db, services: {}, policy: defaultWorkPolicy, concurrency: 1, leaseSeconds: 30, heartbeatSeconds: 1, pollMs: 50, progressIntervalMs: 0, log: (m) => logs.push(m) });
    try {
      await sleep(200);
      await relay.cut();
      await sleep(3000); // 60 polls
      await relay.open();
      const failedClaims = logs.filter((l) => l.includes('claim failed')).length;
      expect(failedClaims).toBeGreaterThan(0);
      expect(failedClaims).toBeLessThanOrEqual(8);
    } finally {
      await worker.stop();
    }
  });
});

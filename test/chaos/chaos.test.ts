import { type ChildProcess, execFile } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveFfmpegBinaries } from '../../src/media/ffmpeg-binaries';
import { usingPostgres } from '../support/database';
import { freePort, type OwnPostgres, startOwnPostgres } from '../support/own-postgres';
import { exited, startSpotlightProcess, waitFor } from '../support/processes';
import { describeWithData, testDataPath } from '../support/test-data';
import { videoForm } from '../support/upload';

/**
 * Chaos: one API and three worker processes on a PostgreSQL of the test's own, while jobs go
 * through upload → select-track → select-target → enqueue → analysis, workers are SIGKILLed (and
 * replaced) and PostgreSQL is restarted under them. Every job must still end, each transition
 * recorded once; no process may die by itself; the API answers 2xx, 4xx or 503, never 500.
 *
 * It owns its server, so it does not depend on DATABASE_URL: it runs in the PGlite run of CI only
 * (skipped when DATABASE_URL is set), about a minute. `npm run chaos` (SPOTLIGHT_CHAOS=long) runs
 * more jobs, kills and restarts.
 */

const LONG = process.env.SPOTLIGHT_CHAOS === 'long';
const PLAN = LONG ? { jobs: 30, kills: 8, restarts: 3, staggerMs: 2500 } : { jobs: 10, kills: 3, restarts: 2, staggerMs: 1200 };
const FINAL = ['COMPLETED', 'PARTIAL', 'FAILED', 'CANCELLED'];
/** Events that a job without retries records at most once, whatever dies meanwhile. */
const ONCE = [
  'previews.started',
  'xstate.done.actor.previews',
  'candidates.started',
  'xstate.done.actor.candidates',
  'xstate.error.actor.candidates',
  'ENQUEUE',
  'analysis.started',
  'xstate.done.actor.analysis',
  'xstate.error.actor.analysis',
];
const WORKERS = 3;
const run = promisify(execFile);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Tally {
  codes: Map<string, number>;
  count(code: number | string): void;
}

const tally: Tally = {
  codes: new Map(),
  count(code) {
    this.codes.set(String(code), (this.codes.get(String(code)) ?? 0) + 1);
  },
};

let server: OwnPostgres | undefined;
let dataDir = '';
const children = new Set<ChildProcess>();
const killed = new Set<ChildProcess>();
const diedAlone: string[] = [];
/** What the process guards caught in a child: an escaped rejection or an unheard 'error' event is a bug even when the process goes on. */
const escaped: string[] = [];

afterAll(async () => {
  for (const child of children) child.kill('SIGKILL');
  await Promise.all([...children].map((c) => exited(c)));
  server?.destroy();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe.skipIf(usingPostgres)('chaos (own PostgreSQL; runs in the PGlite run only)', () => {
  describeWithData('workers and API through worker kills and PostgreSQL restarts', ['videos', 'pedestrians_crosswalk_topdown_360p.mp4'], () => {
    let baseUrl = '';
    let env: Record<string, string> = {};
    let video = '';

    function spawnRole(role: 'api' | 'worker', extra: Record<string, string> = {}): ChildProcess {
      const child = startSpotlightProcess(['--role', role], { ...env, ...extra });
      children.add(child);
      child.stderr?.on('data', (chunk: Buffer) => {
        for (const line of chunk.toString().split('\n')) if (/\[process\] (uncaught|unhandled)/.test(line)) escaped.push(`${role} ${child.pid}: ${line}`);
      });
      child.once('exit', (code, signal) => {
        if (!killed.has(child)) diedAlone.push(`${role} ${child.pid} exited by itself (${code ?? signal})`);
      });
      return child;
    }

    /** One HTTP call, its status counted; a refused connection counts as `network`. */
    async function call(method: string, url: string, body?: unknown): Promise<{ status: number; body: any; headers?: Headers }> {
      const init: RequestInit = { method, signal: AbortSignal.timeout(30_000) };
      if (body instanceof FormData) init.body = body;
      else if (body !== undefined) {
        init.body = JSON.stringify(body);
        init.headers = { 'content-type': 'application/json' };
      }
      try {
        const response = await fetch(baseUrl + url, init);
        tally.count(response.status);
        const text = await response.text();
        let parsed: unknown = text;
        try {
          parsed = JSON.parse(text);
        } catch {
          // not JSON
        }
        return { status: response.status, body: parsed, headers: response.headers };
      } catch (error) {
        tally.count('network');
        return { status: 0, body: String(error) };
      }
    }

    /** Repeats a call while the database (503) or the link is away; bounded in tries. */
    async function persist(method: string, url: string, body?: () => Promise<unknown> | unknown) {
      for (let tries = 0; tries < 120; tries++) {
        if (diedAlone.length > 0) throw new Error(diedAlone.join('; '));
        const response = await call(method, url, await body?.());
        if (response.status !== 503 && response.status !== 0) return response;
        expect(response.status === 0 || response.headers?.get('retry-after')).toBeTruthy();
        await sleep(500);
      }
      throw new Error(`${method} ${url} kept failing`);
    }

    async function job(id: string) {
      const response = await persist('GET', `/jobs/${id}`);
      expect(response.status, `GET /jobs/${id}: ${JSON.stringify(response.body)}`).toBe(200);
      return response.body;
    }

    async function until(id: string, what: string, done: (job: any) => boolean, timeoutMs: number) {
      return waitFor(`job ${id}: ${what}`, async () => {
        const j = await job(id);
        return done(j) ? j : undefined;
      }, timeoutMs, 300);
    }

    /** One job driven as a client would, through restarts: 503s are waited out, a repeat that is refused (409) is checked against the state. */
    async function drive(index: number): Promise<string> {
      await sleep(index * PLAN.staggerMs);
      const created = await persist('POST', '/jobs', () => videoForm(video, { preview_count: '3', analysis_fps: '5' }));
      expect(created.status).toBe(201);
      const id: string = created.body.job_id;
      const ready = await until(id, 'candidates', (j) => FINAL.includes(j.status) || ['completed', 'failed'].includes(j.steps.candidates.state), 240_000);
      if (FINAL.includes(ready.status)) return id;
      const { candidates } = (await persist('GET', `/jobs/${id}/candidates`)).body;
      const best = [...(candidates ?? [])].sort((a: any, b: any) => b.length - a.length)[0];
      const frame = best?.frames[0] ?? { frame_key: ready.previews?.[0]?.frame_key, bbox: { x: 100, y: 100, w: 30, h: 60 } };
      const trackResponse = await persist('POST', `/jobs/${id}/select-track`, () => ({ player_ref: best?.track_id ?? 1 }));
      expect([200, 409]).toContain(trackResponse.status);
      const target = await persist('POST', `/jobs/${id}/select-target`, () => ({ frame_key: frame.frame_key, bbox: frame.bbox }));
      expect([200, 409]).toContain(target.status);
      const enqueued = await persist('POST', `/jobs/${id}/enqueue`);
      if (enqueued.status === 409) expect(['QUEUED', 'RUNNING', ...FINAL]).toContain((await job(id)).status);
      else expect(enqueued.status).toBe(200);
      await until(id, 'a final status', (j) => FINAL.includes(j.status), LONG ? 600_000 : 150_000);
      return id;
    }

    beforeAll(async () => {
      dataDir = await mkdtemp(path.join(tmpdir(), 'spotlight-chaos-'));
      // Two seconds of real pedestrians, re-encoded so every job has something to follow.
      video = path.join(dataDir, 'pedestrians.mp4');
      await run(resolveFfmpegBinaries().ffmpeg, [
        '-v', 'error', '-y', '-i', testDataPath('videos', 'pedestrians_crosswalk_topdown_360p.mp4'),
        '-t', '2', '-an', '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', video,
      ]);
      server = await startOwnPostgres();
      const port = await freePort();
      baseUrl = `http://127.0.0.1:${port}`;
      env = {
        DATA_DIR: path.join(dataDir, 'data'),
        DATABASE_URL: server.url,
        DATABASE_POOL_SIZE: '5',
        PORT: String(port),
        HOST: '127.0.0.1',
        DETECTOR_MODEL: testDataPath('models', 'yolox_nano.onnx'),
        DETECTOR_THREADS: '1',
        FFMPEG_CONCURRENCY: '1',
        CANDIDATE_FPS: '5',
        LEASE_SECONDS: '4',
        HEARTBEAT_SECONDS: '1',
        POLL_MS: '250',
        PROGRESS_INTERVAL_MS: '250',
        MAX_ATTEMPTS: '5',
      };
      spawnRole('api');
      await waitFor('the API', async () => ((await fetch(`${baseUrl}/health`).catch(() => undefined))?.ok ? true : undefined), 60_000, 200);
      for (let i = 0; i < WORKERS; i++) spawnRole('worker');
    });

    it('ends every job, each transition once, no process dying by itself, no 500', async () => {
      const started = Date.now();
      const admin = new pg.Pool({ connectionString: server!.url, max: 2 });
      admin.on('error', () => {}); // its idle connections end at each restart too
      let finished = false;

      // The API, asked all along: health (no database) and a database read.
      const polling = (async () => {
        for (let i = 0; !finished && i < 20_000; i++) {
          await call('GET', '/health');
          await call('GET', '/jobs?limit=3');
          await sleep(100);
        }
      })();

      /** A worker holding a running item if there is one (its kill then interrupts real work). */
      async function victim(): Promise<ChildProcess> {
        const workers = [...children].filter((c) => !killed.has(c) && c.exitCode === null && c.signalCode === null).slice(1); // [0] is the API
        const busy = await admin
          .query<{ locked_by: string }>(`select locked_by from work_items where state = 'running'`)
          .then((r) => r.rows.map((row) => row.locked_by))
          .catch(() => [] as string[]);
        return workers.find((w) => busy.some((b) => b.includes(`-${w.pid}-`))) ?? workers[Math.floor(Math.random() * workers.length)]!;
      }

      const figures = { kills: 0, restarts: 0, restartsMidRun: 0 };
      const jobsDone = { n: 0 };
      const chaos = (async () => {
        // Kills and restarts alternate, a few seconds apart, while the jobs are in flight.
        const actions: ('kill' | 'restart')[] = [];
        for (let k = 0, r = 0; k < PLAN.kills || r < PLAN.restarts; ) {
          if (k < PLAN.kills) actions.push('kill'), k++;
          if (r < PLAN.restarts) actions.push('restart'), r++;
        }
        await sleep(6000);
        for (const action of actions) {
          if (action === 'kill') {
            const worker = await victim();
            killed.add(worker);
            worker.kill('SIGKILL');
            await exited(worker);
            figures.kills++;
            spawnRole('worker');
          } else {
            if (jobsDone.n < PLAN.jobs) figures.restartsMidRun++;
            // Alternately a fast restart and an outage of a few seconds.
            if (figures.restarts % 2 === 0) await server!.restart();
            else {
              await server!.stop();
              await sleep(3000);
              await server!.start();
            }
            figures.restarts++;
          }
          await sleep(LONG ? 5000 : 3500);
        }
      })();

      const ids = await Promise.all(
        Array.from({ length: PLAN.jobs }, (_, i) =>
          drive(i).finally(() => {
            jobsDone.n++;
          }),
        ),
      );
      await chaos;
      finished = true;
      await polling;

      try {
        const jobs = (await admin.query(`select id, status, version from jobs order by created_at`)).rows;
        const events = (await admin.query<{ job_id: string; type: string }>(`select job_id, type from job_events`)).rows;
        const statuses: Record<string, number> = {};
        for (const j of jobs) statuses[j.status] = (statuses[j.status] ?? 0) + 1;
        const seconds = Math.round((Date.now() - started) / 1000);
        console.log(
          `[chaos] ${ids.length} jobs ${JSON.stringify(statuses)}; ${figures.kills} workers killed, ${figures.restarts} PostgreSQL restarts ` +
            `(${figures.restartsMidRun} with jobs unfinished); HTTP ${JSON.stringify(Object.fromEntries(tally.codes))}; ${seconds} s`,
        );

        expect(jobs).toHaveLength(PLAN.jobs);
        expect(figures).toMatchObject({ kills: PLAN.kills, restarts: PLAN.restarts });
        expect(figures.restartsMidRun).toBeGreaterThanOrEqual(1);
        for (const j of jobs) {
          expect(FINAL, `job ${j.id}`).toContain(j.status);
          if (j.status === 'FAILED') expect((await job(j.id)).error?.code, `job ${j.id} failed without a code`).toBeTruthy();
          const mine = events.filter((e) => e.job_id === j.id).map((e) => e.type);
          expect(mine, `job ${j.id}: one event per version`).toHaveLength(j.version);
          for (const type of ONCE) expect(mine.filter((t) => t === type).length, `job ${j.id}: ${type}`).toBeLessThanOrEqual(1);
        }
        expect(diedAlone).toEqual([]);
        expect(escaped).toEqual([]);
        const files = await readdir(path.join(env.DATA_DIR!, 'media'), { recursive: true });
        expect(files.filter((f) => /\.tmp($|-)/.test(path.basename(f)))).toEqual([]);
        const codes = [...tally.codes.keys()];
        expect(codes.filter((c) => !/^[24]\d\d$/.test(c) && c !== '503')).toEqual([]);
      } finally {
        await admin.end();
      }
    }, LONG ? 1_200_000 : 240_000);
  });
});

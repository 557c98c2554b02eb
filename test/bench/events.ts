/**
 * `npm run bench:events` (needs DATABASE_URL, e.g. postgres://postgres@127.0.0.1:5432/test).
 *
 * Accepted events per second through the HTTP API (select-track / select-target cycles, 32
 * concurrent clients, each on its own job) against the raw rate of the same database
 * transactions from a bare `pg` client (lock the row, update snapshot + version, append the
 * event), side by side in one run: phases alternate and the median of each is compared.
 */
import { spawn } from 'node:child_process';
import { Agent, request } from 'node:http';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { createTestDatabase } from '../support/database';
import { videoForm } from '../support/upload';
import { lavfiVideo } from '../support/videos';

const CLIENTS = 32;
const PHASE_SECONDS = Number(process.env.BENCH_PHASE_SECONDS ?? 8);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

if (!process.env.DATABASE_URL) {
  console.error('bench:events compares against a bare pg client: set DATABASE_URL to a PostgreSQL');
  process.exit(2);
}

const agent = new Agent({ keepAlive: true, maxSockets: CLIENTS });

function post(port: number, path: string, body: unknown): Promise<number> {
  const data = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path, method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data) } },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(data);
  });
}

async function startServer(databaseUrl: string, port: number) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', '--role', 'api'], {
    cwd: repoRoot,
    env: { ...process.env, DATABASE_URL: databaseUrl, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: `/tmp/spotlight-bench-events-${process.pid}` },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  for (let i = 0; i < 200; i++) {
    const up = await fetch(`http://127.0.0.1:${port}/health`).then((r) => r.ok).catch(() => false);
    if (up) return child;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the API did not start');
}

async function runFor(seconds: number, client: (i: number) => Promise<boolean>): Promise<number> {
  const end = Date.now() + seconds * 1000;
  let accepted = 0;
  await Promise.all(
    Array.from({ length: CLIENTS }, async (_, i) => {
      while (Date.now() < end) if (await client(i)) accepted++;
    }),
  );
  return accepted / seconds;
}

async function main() {
  const database = await createTestDatabase();
  const port = 39000 + (process.pid % 1000);
  const server = await startServer(database.databaseUrl!, port);
  try {
    const video = await lavfiVideo({ seconds: 4, width: 320, height: 240, fps: 25 });
    const jobs: string[] = [];
    for (let i = 0; i < CLIENTS * 2; i++) {
      const res = await fetch(`http://127.0.0.1:${port}/jobs`, { method: 'POST', body: await videoForm(video, { preview_count: '4' }) });
      jobs.push(((await res.json()) as { job_id: string }).job_id);
    }
    // Half the jobs for the API, half for the raw client, so neither phase sees the other's rows.
    const apiJobs = jobs.slice(0, CLIENTS);
    const rawJobs = jobs.slice(CLIENTS);

    let step = 0;
    const apiClient = async (i: number) => {
      const job = apiJobs[i];
      const body = step++ % 2 ? { frame_key: 'f000012', bbox: [10, 10, 20, 40] } : { player_ref: 1 + (step % 5) };
      const status = await post(port, `/jobs/${job}/${'player_ref' in body ? 'select-track' : 'select-target'}`, body);
      return status === 200;
    };

    const pool = new pg.Pool({ connectionString: database.databaseUrl, max: CLIENTS });
    const { rows } = await pool.query('select snapshot from jobs where id = $1', [rawJobs[0]]);
    const snapshotJson = JSON.stringify(rows[0].snapshot);
    const rawClient = async (i: number) => {
      const client = await pool.connect();
      try {
        await client.query('begin');
        const current = await client.query('select * from jobs where id = $1 for update', [rawJobs[i]]);
        const version = current.rows[0].version + 1;
        await client.query('update jobs set status = $2, snapshot = $3, version = $4, updated_at = now() where id = $1 returning *', [
          rawJobs[i], 'WAITING_FOR_TARGET', snapshotJson, version,
        ]);
        await client.query('insert into job_events (job_id, version, type, payload, status) values ($1, $2, $3, $4, $5)', [
          rawJobs[i], version, 'SELECT_TRACK', JSON.stringify({ player_ref: 3 }), 'WAITING_FOR_TARGET',
        ]);
        await client.query('commit');
        return true;
      } finally {
        client.release();
      }
    };

    await runFor(2, apiClient); // warm-up: JIT, connection pools
    await runFor(2, rawClient);
    const api: number[] = [];
    const raw: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      if (round % 2) {
        raw.push(await runFor(PHASE_SECONDS, rawClient));
        api.push(await runFor(PHASE_SECONDS, apiClient));
      } else {
        api.push(await runFor(PHASE_SECONDS, apiClient));
        raw.push(await runFor(PHASE_SECONDS, rawClient));
      }
      console.log(`round ${round + 1}: HTTP ${api.at(-1)!.toFixed(0)} events/s, raw pg ${raw.at(-1)!.toFixed(0)} tx/s`);
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    console.log('\n| path | accepted events/s (median) |\n| --- | --- |');
    console.log(`| Spotlight HTTP (${CLIENTS} clients) | ${median(api).toFixed(0)} |`);
    console.log(`| bare pg, same transactions (${CLIENTS} clients) | ${median(raw).toFixed(0)} |`);
    console.log(`\nratio HTTP / raw = ${(median(api) / median(raw)).toFixed(2)} (goal ≥ 0.6)`);
    await pool.end();
  } finally {
    server.kill('SIGTERM');
    await new Promise((r) => server.once('exit', r));
    await database.drop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

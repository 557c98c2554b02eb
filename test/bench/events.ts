/**
 * `npm run bench:events` (needs DATABASE_URL, e.g. postgres://postgres@127.0.0.1:5432/test).
 *
 * Accepted events per second through the HTTP API (select-track / select-target cycles, 32
 * concurrent clients, each on its own job) against the raw rate of the same database
 * transactions from a bare `pg` client — the same statements, writing the same snapshots,
 * statuses and event payloads Spotlight writes — side by side in one run: phases alternate and
 * the medians are compared. CPU per event of the API server, the load generator and PostgreSQL
 * is read from /proc, to show where the time goes.
 */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { createTestDatabase } from '../support/database';
import { videoForm } from '../support/upload';
import { lavfiVideo } from '../support/videos';

const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 32);
const PHASE_SECONDS = Number(process.env.BENCH_PHASE_SECONDS ?? 8);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

if (!process.env.DATABASE_URL) {
  console.error('bench:events compares against a bare pg client: set DATABASE_URL to a PostgreSQL');
  process.exit(2);
}

const agent = new Agent({ keepAlive: true, maxSockets: CLIENTS });

function send(port: number, method: string, path: string, body?: unknown): Promise<{ status: number; text: string }> {
  const data = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const headers = data ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data) } : {};
    const req = request({ host: '127.0.0.1', port, path, method, agent, headers }, (res) => {
      let text = '';
      res.on('data', (d) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', reject);
    req.end(data);
  });
}

/** CPU seconds used so far by the processes chosen (from /proc; USER_HZ = 100). */
function cpuSeconds(match: (cmdline: string, pid: number) => boolean): number {
  let total = 0;
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d)).map(Number)) {
    try {
      if (!match(readFileSync(`/proc/${pid}/cmdline`, 'utf8'), pid)) continue;
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
      total += (Number(fields[11]) + Number(fields[12])) / 100;
    } catch {
      // the process ended meanwhile
    }
  }
  return total;
}

let serverPid = 0;
const cpuOf = {
  server: () => cpuSeconds((_, pid) => pid === serverPid),
  client: () => cpuSeconds((_, pid) => pid === process.pid),
  postgres: () => cpuSeconds((cmd) => cmd.startsWith('postgres: ')),
};

interface Phase {
  rate: number;
  /** CPU milliseconds per accepted event, by process. */
  cpu: Record<keyof typeof cpuOf, number>;
}

async function runFor(seconds: number, client: (i: number) => Promise<boolean>): Promise<Phase> {
  const before = Object.fromEntries(Object.entries(cpuOf).map(([k, f]) => [k, f()]));
  const end = Date.now() + seconds * 1000;
  let accepted = 0;
  await Promise.all(
    Array.from({ length: CLIENTS }, async (_, i) => {
      while (Date.now() < end) if (await client(i)) accepted++;
    }),
  );
  const cpu = Object.fromEntries(Object.entries(cpuOf).map(([k, f]) => [k, ((f() - before[k]) * 1000) / Math.max(1, accepted)]));
  return { rate: accepted / seconds, cpu: cpu as Phase['cpu'] };
}

async function startServer(databaseUrl: string, port: number) {
  const profile = process.env.BENCH_CPU_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROFILE}`] : [];
  // API and worker, as `npm start` runs them; no detector model, so candidate tracking fails at once
  // and select-track takes any track id (the jobs' intake is over before the phases start).
  const child = spawn(process.execPath, [...profile, '--import', 'tsx', 'src/main.ts'], {
    cwd: repoRoot,
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      DATABASE_POOL_SIZE: String(CLIENTS), // as many connections as the raw client
      DETECTOR_MODEL: '',
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: `/tmp/spotlight-bench-events-${process.pid}`,
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  for (let i = 0; i < 200; i++) {
    const up = await fetch(`http://127.0.0.1:${port}/health`).then((r) => r.ok).catch(() => false);
    if (up) return child;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the API did not start');
}

async function main() {
  const database = await createTestDatabase();
  const port = 39000 + (process.pid % 1000);
  const server = await startServer(database.databaseUrl!, port);
  serverPid = server.pid!;
  const pool = new pg.Pool({ connectionString: database.databaseUrl, max: CLIENTS });
  try {
    const video = await lavfiVideo({ seconds: 4, width: 320, height: 240, fps: 25 });
    const jobs: string[] = [];
    for (let i = 0; i < CLIENTS * 2; i++) {
      const res = await fetch(`http://127.0.0.1:${port}/jobs`, { method: 'POST', body: await videoForm(video, { preview_count: '4' }) });
      jobs.push(((await res.json()) as { job_id: string }).job_id);
    }
    for (;;) {
      const { rows } = await pool.query(`select count(*)::int as n from work_items where state in ('pending', 'running')`);
      if (rows[0].n === 0) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    // Half the jobs for the API, half for the raw client, so neither phase sees the other's rows.
    const apiJobs = jobs.slice(0, CLIENTS);
    const rawJobs = jobs.slice(CLIENTS);

    const apiSteps = [
      { path: 'select-track', body: { player_ref: 2 } },
      { path: 'select-target', body: { frame_key: 'f000012', bbox: [10, 10, 20, 40] } },
    ];
    const apiTurn = new Array(CLIENTS).fill(0);
    const apiClient = async (i: number) => {
      const step = apiSteps[apiTurn[i]++ % 2];
      const { status, text } = await send(port, 'POST', `/jobs/${apiJobs[i]}/${step.path}`, step.body);
      if (status !== 200) throw new Error(`${step.path} answered ${status}: ${text}`);
      return true;
    };

    // What the API writes for those two events, read back, so the raw client writes the same.
    for (const step of apiSteps) await send(port, 'POST', `/jobs/${apiJobs[0]}/${step.path}`, step.body);
    const events = (await pool.query('select type, payload, status from job_events where job_id = $1 order by version desc limit 2', [apiJobs[0]])).rows.reverse();
    await send(port, 'POST', `/jobs/${apiJobs[0]}/select-track`, apiSteps[0].body);
    const afterTrack = (await pool.query('select snapshot from jobs where id = $1', [apiJobs[0]])).rows[0].snapshot;
    await send(port, 'POST', `/jobs/${apiJobs[0]}/select-target`, apiSteps[1].body);
    const afterTarget = (await pool.query('select snapshot from jobs where id = $1', [apiJobs[0]])).rows[0].snapshot;
    const writes = [afterTrack, afterTarget].map((snapshot, k) => ({
      snapshot: JSON.stringify(snapshot),
      status: events[k].status,
      type: events[k].type,
      payload: JSON.stringify(events[k].payload),
    }));
    const rawTurn = new Array(CLIENTS).fill(0);
    const rawClient = async (i: number) => {
      const write = writes[rawTurn[i]++ % 2];
      const client = await pool.connect();
      try {
        await client.query('begin');
        const current = await client.query('select * from jobs where id = $1 for update', [rawJobs[i]]);
        const version = current.rows[0].version + 1;
        await client.query('update jobs set status = $2, snapshot = $3, version = $4, updated_at = now() where id = $1 returning id, status, version, progress, created_at, updated_at', [
          rawJobs[i], write.status, write.snapshot, version,
        ]);
        await client.query('insert into job_events (job_id, version, type, payload, status) values ($1, $2, $3, $4, $5)', [
          rawJobs[i], version, write.type, write.payload, write.status,
        ]);
        await client.query('commit');
        return true;
      } finally {
        client.release();
      }
    };

    await runFor(2, apiClient); // warm-up: JIT, connection pools
    await runFor(2, rawClient);
    const api: Phase[] = [];
    const raw: Phase[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const order = round % 2 ? [[raw, rawClient], [api, apiClient]] : [[api, apiClient], [raw, rawClient]];
      for (const [phases, client] of order as Array<[Phase[], (i: number) => Promise<boolean>]>) phases.push(await runFor(PHASE_SECONDS, client));
      console.log(`round ${round + 1}: HTTP ${api.at(-1)!.rate.toFixed(0)} events/s, raw pg ${raw.at(-1)!.rate.toFixed(0)} tx/s`);
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const row = (name: string, phases: Phase[]) => {
      const cpu = (k: keyof Phase['cpu']) => median(phases.map((p) => p.cpu[k])).toFixed(2);
      return `| ${name} | ${median(phases.map((p) => p.rate)).toFixed(0)} | ${cpu('server')} | ${cpu('client')} | ${cpu('postgres')} |`;
    };
    console.log('\n| path | accepted events/s (median) | CPU ms/event: API server | load generator | PostgreSQL |');
    console.log('| --- | --- | --- | --- | --- |');
    console.log(row(`Spotlight HTTP (${CLIENTS} clients)`, api));
    console.log(row(`bare pg, same transactions (${CLIENTS} clients)`, raw));
    const ratio = median(api.map((p) => p.rate)) / median(raw.map((p) => p.rate));
    console.log(`\nratio HTTP / raw = ${ratio.toFixed(2)} (goal ≥ 0.6)`);
  } finally {
    await pool.end();
    server.kill('SIGTERM');
    await new Promise((r) => server.once('exit', r));
    await database.drop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

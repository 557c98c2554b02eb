import { execFile, execFileSync } from 'node:child_process';
import { chownSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Debian's PostgreSQL 15 server binaries (initdb and pg_ctl are not on PATH there). */
const BIN = process.env.SPOTLIGHT_PG_BIN ?? '/usr/lib/postgresql/15/bin';

export interface OwnPostgres {
  /** `postgres://postgres@127.0.0.1:<port>/postgres` (trust auth). */
  readonly url: string;
  readonly port: number;
  /** Stops the server (`-m fast`: sessions are ended with 57P01, as in a real restart). */
  stop(): Promise<void>;
  start(): Promise<void>;
  /** `pg_ctl restart -m fast`. */
  restart(): Promise<void>;
  /** Stops the server at once and removes its folder; safe to call twice. */
  destroy(): void;
}

/** A TCP port nothing listens on right now. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Runs a server binary as the `postgres` user: initdb and postgres refuse to run as root. */
function asPostgres(binary: string, args: string[]) {
  const command = process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', path.join(BIN, binary), ...args]] as const : [path.join(BIN, binary), args] as const;
  return run(command[0], [...command[1]], { timeout: 60_000 });
}

/**
 * A PostgreSQL server of the test's own, in a temporary folder, on a free port, for tests that
 * stop and restart it (never the shared server on 5432). fsync is off: nothing here must survive
 * a power cut. The server is stopped and its folder removed on `destroy`, or when the test process exits.
 *
 * @example const pg = await startOwnPostgres(); await pg.restart(); pg.destroy();
 */
export async function startOwnPostgres(): Promise<OwnPostgres> {
  const dir = mkdtempSync(path.join(tmpdir(), 'spotlight-own-pg-'));
  const dataDir = path.join(dir, 'data');
  const logFile = path.join(dir, 'server.log');
  const port = await freePort();
  if (process.getuid?.() === 0) execFileSync('chown', ['-R', 'postgres:postgres', dir]);
  else chownSync(dir, process.getuid!(), process.getgid!());

  let destroyed = false;
  const destroy = () => {
    if (destroyed) return;
    destroyed = true;
    process.off('exit', destroy);
    try {
      const stop = [path.join(BIN, 'pg_ctl'), '-D', dataDir, '-m', 'immediate', '-w', 'stop'];
      execFileSync(process.getuid?.() === 0 ? 'runuser' : stop[0]!, process.getuid?.() === 0 ? ['-u', 'postgres', '--', ...stop] : stop.slice(1), { stdio: 'ignore', timeout: 30_000 });
    } catch {
      // not running
    }
    rmSync(dir, { recursive: true, force: true });
  };
  process.on('exit', destroy);

  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off -c max_connections=200`;
  const start = async () => {
    await asPostgres('pg_ctl', ['-D', dataDir, '-l', logFile, '-o', options, '-w', '-t', '60', 'start']);
  };
  try {
    await asPostgres('initdb', ['-D', dataDir, '-U', 'postgres', '-A', 'trust', '--no-sync', '-E', 'UTF8']);
    await start();
  } catch (error) {
    destroy();
    throw error;
  }
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    start,
    async stop() {
      await asPostgres('pg_ctl', ['-D', dataDir, '-m', 'fast', '-w', '-t', '60', 'stop']);
    },
    async restart() {
      await asPostgres('pg_ctl', ['-D', dataDir, '-l', logFile, '-o', options, '-m', 'fast', '-w', '-t', '60', 'restart']);
    },
    destroy,
  };
}

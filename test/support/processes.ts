import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

/**
 * Starts `npm start`'s entry point as a real process with these extra arguments and environment;
 * its stderr is echoed with its pid. The caller kills it.
 *
 * @example const worker = startSpotlightProcess(['--role', 'worker'], { DATA_DIR: dir })
 */
export function startSpotlightProcess(args: string[], env: Record<string, string>): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', ...args], {
    cwd: repoRoot,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stderr?.on('data', (d) => process.stderr.write(`[spotlight ${child.pid}] ${d}`));
  return child;
}

/** Resolves with the exit code once the process has exited (at once if it has). */
export function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve(child.exitCode) : child.once('exit', resolve)));
}

/**
 * Polls `probe` until it gives a value; fails naming what it waited for.
 *
 * @example await waitFor('the first previews', async () => ((await count()) >= 3 ? true : undefined), 60_000)
 */
export async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs: number, everyMs = 50): Promise<T> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, everyMs));
  }
  throw new Error(`timed out waiting for ${what}`);
}

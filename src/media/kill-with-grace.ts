import type { ChildProcess } from 'node:child_process';

/**
 * True once the child has exited (by code or by signal).
 *
 * @example
 * if (!hasExited(child)) await killWithGrace(child);
 */
export function hasExited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

/**
 * Asks a child to stop (SIGTERM), then SIGKILLs it if it is still alive after `graceMs`.
 * Resolves once the child has exited, so a caller may safely delete the files it was writing.
 *
 * @example
 * signal.addEventListener('abort', () => void killWithGrace(child, 500));
 */
export function killWithGrace(child: ChildProcess, graceMs = 500): Promise<void> {
  if (hasExited(child) || child.pid === undefined) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

import { spawn, type ChildProcess } from 'node:child_process';
import { StringDecoder } from 'node:string_decoder';
import { hasExited, killWithGrace } from './kill-with-grace';
import { MediaError } from './media-error';
import { StderrTail } from './stderr-tail';

export interface RunProcessOptions {
  signal?: AbortSignal;
  /** Kill the process (and report `timedOut`) when it runs longer than this. */
  timeoutMs?: number;
  /** Time between SIGTERM and SIGKILL when stopping it. */
  killGraceMs?: number;
  /** Stop collecting stdout past this many bytes (the process keeps running). */
  maxStdoutBytes?: number;
  /** Sees each stderr line; return false to leave it out of `stderrTail` (e.g. info-level chatter). */
  onStderrLine?: (line: string) => boolean;
}

export interface RunProcessResult {
  exitCode: number | null;
  exitSignal: NodeJS.Signals | null;
  stdout: Buffer;
  stderrTail: string;
  timedOut: boolean;
}

/**
 * Starts `bin` with `args` and turns "could not start" into a MediaError (FFMPEG_NOT_FOUND for a
 * missing or non-executable binary). stdin is closed so ffmpeg never waits on a terminal.
 *
 * @example
 * const { child, started } = spawnMediaProcess('/usr/bin/ffmpeg', ['-version']);
 * await started; // rejects with MediaError('FFMPEG_NOT_FOUND') when the binary is missing
 */
export function spawnMediaProcess(bin: string, args: string[]): { child: ChildProcess; started: Promise<void> } {
  const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const started = new Promise<void>((resolve, reject) => {
    child.once('spawn', () => resolve());
    // `on`, not `once`: an 'error' event without a listener would crash the process.
    child.on('error', (error: NodeJS.ErrnoException) => {
      if (child.pid !== undefined) return; // after a successful start, failures show in the exit status
      const notFound = error.code === 'ENOENT' || error.code === 'EACCES';
      reject(new MediaError(notFound ? 'FFMPEG_NOT_FOUND' : 'FFMPEG_FAILED', `cannot start ${bin}: ${error.message}`, { cause: error }));
    });
  });
  return { child, started };
}

/**
 * Runs a short ffmpeg/ffprobe command to completion: collects stdout and the tail of stderr,
 * kills it on abort (then rejects with MediaError ABORTED, only once the process is gone) or
 * when it exceeds `timeoutMs` (then resolves with `timedOut: true`). A non-zero exit is returned,
 * not thrown: what it means depends on the caller.
 *
 * @example
 * const { exitCode, stdout } = await runProcess('/usr/bin/ffprobe', ['-of', 'json', '-show_format', 'in.mp4'], { signal });
 */
export async function runProcess(bin: string, args: string[], options: RunProcessOptions = {}): Promise<RunProcessResult> {
  const { signal, timeoutMs, killGraceMs = 500, maxStdoutBytes = 64 * 1024 * 1024, onStderrLine } = options;
  if (signal?.aborted) throw abortedError(bin);

  const { child, started } = spawnMediaProcess(bin, args);
  const stderr = new StderrTail();
  const chunks: Buffer[] = [];
  let stdoutBytes = 0;
  child.stdout!.on('data', (chunk: Buffer) => {
    if (stdoutBytes + chunk.length > maxStdoutBytes) return;
    stdoutBytes += chunk.length;
    chunks.push(chunk);
  });
  const lines = onStderrLine
    ? new LineSplitter((line) => {
        if (onStderrLine(line)) stderr.push(`${line}\n`);
      })
    : null;
  child.stderr!.on('data', (chunk: Buffer) => (lines ? lines.push(chunk) : stderr.push(chunk)));

  let timedOut = false;
  let aborted = false;
  const closed = new Promise<{ code: number | null; exitSignal: NodeJS.Signals | null }>((resolve) => {
    child.once('close', (code, exitSignal) => resolve({ code, exitSignal }));
  });
  const onAbort = () => {
    aborted = true;
    void killWithGrace(child, killGraceMs);
  };
  signal?.addEventListener('abort', onAbort, { once: true });
  const timer =
    timeoutMs === undefined
      ? undefined
      : setTimeout(() => {
          timedOut = true;
          void killWithGrace(child, killGraceMs);
        }, timeoutMs);

  try {
    await started;
    const { code, exitSignal } = await closed;
    lines?.end();
    if (aborted) throw abortedError(bin);
    return { exitCode: code, exitSignal, stdout: Buffer.concat(chunks), stderrTail: stderr.text(), timedOut };
  } finally {
    if (timer) clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
    if (!hasExited(child)) child.kill('SIGKILL');
  }
}

function abortedError(bin: string): MediaError {
  return new MediaError('ABORTED', `${bin} was stopped: the operation was aborted`);
}

/** Cuts a byte stream into lines (\n or \r), holding back an unfinished last line until more comes. */
class LineSplitter {
  private rest = '';
  private readonly decoder = new StringDecoder('utf8');

  constructor(private readonly onLine: (line: string) => void) {}

  push(chunk: Buffer): void {
    const parts = (this.rest + this.decoder.write(chunk)).split(/\r?\n|\r/);
    this.rest = parts.pop()!;
    for (const line of parts) if (line.length > 0) this.onLine(line);
  }

  end(): void {
    if (this.rest.length > 0) this.onLine(this.rest);
    this.rest = '';
  }
}

import type { Readable } from 'node:stream';
import type { FfmpegBinaries } from './ffmpeg-binaries';
import { ffmpegSeconds, seekTimeForFrame } from './frame-seek-time';
import { fileInputUrl, LOCAL_INPUT_OPTIONS } from './input-url';
import { hasExited, killWithGrace } from './kill-with-grace';
import { MediaError } from './media-error';
import { spawnMediaProcess } from './run-process';
import { canSeek, hasKeyframeIndex } from './seek-index';
import { StderrTail } from './stderr-tail';
import { readVideoInfo } from './read-video-info';
import type { VideoInfo } from './video-info';

/** One decoded picture: packed RGB, `width * height * 3` bytes, rows top to bottom. */
export interface DecodedFrame {
  /** Position in this decode: 0 for the first frame yielded, then 1, 2… */
  index: number;
  /** Seconds from the video's first frame (not from startSec). */
  time_sec: number;
  width: number;
  height: number;
  data: Buffer;
}

export interface DecodeFramesOptions {
  binaries: FfmpegBinaries;
  /** Resample to this many frames per second (ffmpeg fps filter); omitted: every frame of the video. */
  fps?: number;
  /** Fast input seek to this time (seconds from the video's first frame). */
  startSec?: number;
  /** Stop after this many seconds of video. */
  durationSec?: number;
  /** Scale to this size; with only one of them the other follows the display aspect ratio. */
  width?: number;
  height?: number;
  signal?: AbortSignal;
  /** ffmpeg producing nothing for this long while we wait on it is killed (FFMPEG_FAILED). Default 120 s. */
  stallTimeoutMs?: number;
  /** Decoder and filter threads (default: ffmpeg's choice). 1 leaves the other cores to the consumer. */
  threads?: number;
  /**
   * Without `fps`: only these frames leave ffmpeg — every `every`-th frame from the first one, plus
   * the frames at the offsets in `also` (offsets count frames from the first frame yielded without
   * sampling). Everything is still decoded, but nothing else is converted, piped or copied.
   * A yielded frame's `index` is its offset.
   */
  sample?: { every: number; also?: readonly number[] };
}

interface DecodePlan {
  args: string[];
  width: number;
  height: number;
  firstTimeSec: number;
  rate: number;
  expectedFrames: number;
  /** Offsets of the frames ffmpeg sends, when sampling; else every offset. */
  offsets: number[] | null;
}

/**
 * Streams decoded frames from an ffmpeg pipe (`-f rawvideo -pix_fmt rgb24`), one at a time, with
 * bounded memory: ffmpeg is only read when the consumer asks for the next frame, so a slow
 * consumer stalls ffmpeg on a full pipe instead of piling frames up.
 *
 * Without `fps`, frame i is the video's frame k0 + i (k0: the first frame at or after startSec),
 * at time (k0 + i) / video fps. With `fps`, frame i is at startSec + i / fps.
 * The file is probed first (ffprobe, metadata only) for its rate, size, duration and container.
 * Breaking out of the loop or aborting kills ffmpeg. If ffmpeg fails or stops early (a truncated
 * file), the frames it did decode are yielded first, then MediaError('DECODE_FAILED') is thrown.
 *
 * @example
 * for await (const frame of decodeFrames('match.mp4', { binaries, fps: 5, width: 640, signal })) {
 *   detect(frame.data, frame.width, frame.height, frame.time_sec);
 * }
 */
export async function* decodeFrames(source: string, options: DecodeFramesOptions): AsyncGenerator<DecodedFrame> {
  const { signal } = options;
  const info = await readVideoInfo(source, { binaries: options.binaries, signal });
  const plan = planDecode(source, info, options);
  const frameBytes = plan.width * plan.height * 3;
  if (plan.expectedFrames === 0) return;
  if (signal?.aborted) throw abortedError();

  const { child, started } = spawnMediaProcess(options.binaries.ffmpeg, plan.args);
  const stderr = new StderrTail();
  child.stderr!.on('data', (chunk: Buffer) => stderr.push(chunk));
  const exited = new Promise<{ code: number | null; exitSignal: NodeJS.Signals | null }>((resolve) => {
    child.once('close', (code, exitSignal) => resolve({ code, exitSignal }));
  });
  let stoppedByUs = false;
  const stop = () => {
    stoppedByUs = true;
    void killWithGrace(child, 200);
  };
  signal?.addEventListener('abort', stop, { once: true });

  let index = 0;
  try {
    await started;
    const chunks = readChunks(child.stdout!, options.stallTimeoutMs ?? 120_000, stop);
    const pending: Buffer[] = [];
    let pendingBytes = 0;
    for await (const chunk of chunks) {
      pending.push(chunk);
      pendingBytes += chunk.length;
      while (pendingBytes >= frameBytes) {
        const data = takeBytes(pending, frameBytes);
        pendingBytes -= frameBytes;
        const offset = plan.offsets ? plan.offsets[index] : index;
        yield {
          index: offset,
          time_sec: Math.round((plan.firstTimeSec + offset / plan.rate) * 1e6) / 1e6,
          width: plan.width,
          height: plan.height,
          data,
        };
        index += 1;
        if (signal?.aborted) throw abortedError();
      }
    }
    const { code, exitSignal } = await exited;
    if (signal?.aborted) throw abortedError();
    if (chunks.stalled) {
      throw new MediaError('FFMPEG_FAILED', `ffmpeg produced nothing for ${options.stallTimeoutMs ?? 120_000} ms after ${index} frames`, {
        stderrTail: stderr.text(),
      });
    }
    const stderrTail = stderr.text();
    if (exitSignal !== null && !stoppedByUs) {
      throw new MediaError('FFMPEG_FAILED', `ffmpeg was killed by ${exitSignal} after ${index} frames`, { stderrTail });
    }
    if (code !== 0) {
      throw new MediaError('DECODE_FAILED', `decoding failed after ${index} frames: ${stderrTail || `ffmpeg exited with code ${code}`}`, { stderrTail });
    }
    // ffmpeg ends "successfully" at a truncated file's cut: only the count tells.
    const missing = plan.expectedFrames - index;
    if (missing > Math.max(2, plan.rate)) {
      throw new MediaError('DECODE_FAILED', `decoding stopped after ${index} of ${plan.expectedFrames} frames${stderrTail ? `: ${stderrTail}` : ''}`, {
        stderrTail,
      });
    }
  } finally {
    signal?.removeEventListener('abort', stop);
    if (!hasExited(child)) {
      stoppedByUs = true;
      await killWithGrace(child, 200);
    }
  }
}

// Decoded before startSec in containers without a keyframe index, so decoding starts at a keyframe.
const PREROLL_WITHOUT_INDEX_SEC = 30;

function planDecode(source: string, info: VideoInfo, options: DecodeFramesOptions): DecodePlan {
  const startSec = Math.max(0, options.startSec ?? 0);
  const endSec = Math.min(info.duration_sec, options.durationSec === undefined ? Infinity : startSec + Math.max(0, options.durationSec));
  const { width, height } = outputSize(info, options);
  let seekSec: number;
  let firstTimeSec: number;
  let rate: number;
  let expectedFrames: number;

  if (options.fps === undefined) {
    // Every frame: seek half a frame before the first wanted one (see seekTimeForFrame).
    const firstFrame = Math.ceil(startSec * info.fps - 1e-6);
    const endFrame = Math.min(info.frame_count, Math.ceil(endSec * info.fps - 1e-6));
    rate = info.fps;
    firstTimeSec = firstFrame / info.fps;
    seekSec = seekTimeForFrame(firstTimeSec, 1 / info.fps, info.start_time_sec);
    expectedFrames = Math.max(0, endFrame - firstFrame);
  } else {
    if (!(options.fps > 0)) throw new RangeError(`fps must be positive, got ${options.fps}`);
    rate = options.fps;
    firstTimeSec = startSec;
    seekSec = Math.max(0, info.start_time_sec + startSec);
    expectedFrames = Math.max(0, Math.ceil((endSec - startSec) * rate - 1e-6));
  }

  // Without an index the fast seek lands anywhere and H.264 waits for the next keyframe: seek
  // earlier, then cut exactly at the wanted time (combined seeking).
  // A raw stream cannot be seeked in at all: decode from its first frame, cut at the time.
  const seekable = canSeek(info.container);
  const inputSeekSec = !seekable ? 0 : hasKeyframeIndex(info.container) ? seekSec : Math.max(0, seekSec - PREROLL_WITHOUT_INDEX_SEC);
  const trimSec = seekSec - inputSeekSec;
  const total = expectedFrames;
  const offsets = options.sample && options.fps === undefined ? sampledOffsets(options.sample, total) : null;
  if (offsets) expectedFrames = offsets.length;
  const filters = [
    ...(trimSec > 0 ? [`trim=start=${ffmpegSeconds(trimSec)}`, `setpts=PTS-${ffmpegSeconds(trimSec)}/TB`] : []),
    ...(offsets ? [selectExpression(options.sample!)] : []),
    // round=up: tick i shows the frame on screen at that instant (the last one at or before it), so
    // time_sec is off by less than one source frame; start_time=0 pins tick 0 to startSec.
    ...(options.fps === undefined ? [] : [`fps=fps=${rate}:round=up:start_time=0`]),
    ...(width !== info.width || height !== info.height ? [`scale=${width}:${height}`] : []),
  ];
  const threads = options.threads === undefined ? [] : ['-filter_threads', String(options.threads), '-threads', String(options.threads)];
  const args = [
    '-hide_banner', '-nostdin', '-v', 'error', ...threads,
    ...(seekable ? ['-seek_timestamp', '1', '-ss', ffmpegSeconds(inputSeekSec)] : []), ...LOCAL_INPUT_OPTIONS, '-i', fileInputUrl(source),
    '-map', '0:v:0', ...(filters.length > 0 ? ['-vf', filters.join(',')] : []),
    '-frames:v', String(expectedFrames), '-vsync', 'passthrough',
    '-pix_fmt', 'rgb24', '-f', 'rawvideo', 'pipe:1',
  ];
  return { args, width, height, firstTimeSec, rate, expectedFrames, offsets };
}

function sampledOffsets(sample: NonNullable<DecodeFramesOptions['sample']>, total: number): number[] {
  if (!(Number.isInteger(sample.every) && sample.every >= 1)) throw new RangeError(`sample.every must be a positive integer, got ${sample.every}`);
  const also = new Set(sample.also ?? []);
  const offsets: number[] = [];
  for (let n = 0; n < total; n++) if (n % sample.every === 0 || also.has(n)) offsets.push(n);
  return offsets;
}

/** The select filter that keeps exactly the sampled offsets (n counts the frames reaching it). */
function selectExpression(sample: NonNullable<DecodeFramesOptions['sample']>): string {
  const terms = [`not(mod(n,${sample.every}))`, ...(sample.also ?? []).filter((n) => n % sample.every !== 0).map((n) => `eq(n,${n})`)];
  return `select='${terms.join('+')}'`;
}

function outputSize(info: VideoInfo, options: DecodeFramesOptions): { width: number; height: number } {
  const { width, height } = options;
  for (const value of [width, height]) {
    if (value !== undefined && !(Number.isInteger(value) && value > 0)) throw new RangeError(`width/height must be positive integers, got ${value}`);
  }
  if (width !== undefined && height !== undefined) return { width, height };
  if (width !== undefined) return { width, height: Math.max(1, Math.round((width * info.height) / info.width)) };
  if (height !== undefined) return { width: Math.max(1, Math.round((height * info.width) / info.height)), height };
  return { width: info.width, height: info.height };
}

/** Concatenates exactly `size` bytes off the front of `pending` (mutating it) into a new Buffer. */
function takeBytes(pending: Buffer[], size: number): Buffer {
  const out = Buffer.allocUnsafe(size);
  let filled = 0;
  while (filled < size) {
    const head = pending[0]!;
    const wanted = size - filled;
    if (head.length <= wanted) {
      head.copy(out, filled);
      filled += head.length;
      pending.shift();
    } else {
      head.copy(out, filled, 0, wanted);
      pending[0] = head.subarray(wanted);
      filled += wanted;
    }
  }
  return out;
}

/**
 * The stream's chunks, read one at a time (so back-pressure reaches ffmpeg), with a watchdog that
 * calls `onStall` when a read waits longer than `stallTimeoutMs`. Time spent by the consumer
 * between reads does not count.
 */
function readChunks(stream: Readable, stallTimeoutMs: number, onStall: () => void): AsyncIterable<Buffer> & { stalled: boolean } {
  const result = {
    stalled: false,
    async *[Symbol.asyncIterator]() {
      const iterator = stream[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
      try {
        while (true) {
          const timer = setTimeout(() => {
            result.stalled = true;
            onStall();
          }, stallTimeoutMs);
          let next: IteratorResult<Buffer>;
          try {
            next = await iterator.next();
          } finally {
            clearTimeout(timer);
          }
          if (next.done) return;
          yield next.value;
        }
      } finally {
        await iterator.return?.();
      }
    },
  };
  return result;
}

function abortedError(): MediaError {
  return new MediaError('ABORTED', 'frame decoding was aborted');
}

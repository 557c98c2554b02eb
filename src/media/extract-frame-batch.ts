import { rename, rm } from 'node:fs/promises';
import type { FfmpegBinaries } from './ffmpeg-binaries';
import { frameTempPath, nonEmptyFile } from './frame-files';
import { ffmpegSeconds } from './frame-seek-time';
import { fileInputUrl, LOCAL_INPUT_OPTIONS } from './input-url';
import { MediaError } from './media-error';
import { runProcess } from './run-process';

/** One frame to write: where to seek, and where the JPEG goes. */
export interface FrameRequest {
  /** Names the frame in error messages, e.g. 'f000312 (12.48 s)'. */
  label: string;
  /** Half a frame before the wanted frame (see seekTimeForFrame); absolute when `absoluteSeek`. */
  seekSec: number;
  frameDurationSec: number;
  /** Final path of the JPEG. */
  file: string;
}

export interface FrameBatchOptions {
  binaries: FfmpegBinaries;
  signal: AbortSignal;
  /** Per frame of the batch: the process may run this long times the number of frames. */
  timeoutMsPerFrame: number;
  decoderThreads: number;
  jpegQuality: number;
  /** seekSec is a stream timestamp (`-seek_timestamp 1`), not a time from the file's start. */
  absoluteSeek: boolean;
  /**
   * Seconds decoded before each frame, shared by the batches of one extraction: 0 at first, raised
   * when the container turns out to have no keyframe index (see extractFrameBatch).
   */
  preroll: { sec: number };
  /** Called once per frame, right after its JPEG got its final name. */
  onFrameDone: (request: FrameRequest) => void;
}

type Written = { temp: string; ptsTimeSec: number } | { missing: string };

// After a late picture, how far before the frame to start decoding: a few GOPs, then from the start.
const PREROLL_STEPS_SEC = [0, 5, 30, Infinity];

/**
 * Writes a few frames as JPEGs with ONE ffmpeg process: one `-ss … -i` input and one output per
 * frame, each through a temp file renamed once complete (see extractFrames for why batches).
 *
 * Each output ends with a named `showinfo` filter, which reports the timestamp of the picture
 * written, so every frame is checked. Fast seek is exact in containers with a keyframe index
 * (MP4, MKV…): ffmpeg jumps to the keyframe before the seek time and decodes forward. Without one
 * (MPEG-TS, camcorder .mts) it lands on any packet, the decoder waits for the next keyframe and
 * the picture comes out late, or not at all. Such frames are written again decoding from further
 * back (combined seeking: fast seek `preroll` seconds earlier, then an exact `trim`), and the
 * larger preroll is kept for the following batches.
 *
 * @example
 * await extractFrameBatch('match.mp4', [{ label: 'f000312', seekSec: 12.46, frameDurationSec: 0.04, file: 'out/f000312.jpg' }], options);
 */
export async function extractFrameBatch(source: string, requests: FrameRequest[], options: FrameBatchOptions): Promise<void> {
  let remaining = requests;
  const previousOffsets = new Map<FrameRequest, number>();
  const steps = PREROLL_STEPS_SEC.filter((sec) => sec === 0 || sec > options.preroll.sec);
  for (const [stepIndex, step] of steps.entries()) {
    const prerollSec = Math.max(step, options.preroll.sec);
    const written = await writeFrames(source, remaining, prerollSec, options);
    const retry: FrameRequest[] = [];
    try {
      for (const [i, request] of remaining.entries()) {
        const result = written[i]!;
        const fromStart = request.seekSec - prerollSec <= 0;
        if ('missing' in result) {
          // Past the end or cut off, or (no index) no keyframe between the landing point and the
          // end. Retry from a few GOPs back, but do not decode the whole file to find out.
          if (fromStart || !Number.isFinite(steps[stepIndex + 1] ?? Infinity)) {
            const detail = result.missing ? `: ${result.missing}` : ' (is it past the end of the video?)';
            throw new MediaError('DECODE_FAILED', `ffmpeg produced no picture for frame ${request.label}${detail}`, { stderrTail: result.missing });
          }
          retry.push(request);
          continue;
        }
        // How far after the seek time the picture is: under one frame means it is the wanted one.
        const offset = result.ptsTimeSec - Math.min(prerollSec, request.seekSec);
        const previous = previousOffsets.get(request);
        const exact = offset < request.frameDurationSec;
        // A picture as late with more preroll is where the video really has its next frame (a gap).
        const noBetter = previous !== undefined && Math.abs(offset - previous) < request.frameDurationSec / 4;
        if (exact || noBetter || fromStart) {
          await rename(result.temp, request.file);
          options.preroll.sec = Math.max(options.preroll.sec, prerollSec);
          options.onFrameDone(request);
        } else {
          previousOffsets.set(request, offset);
          retry.push(request);
        }
      }
    } finally {
      await Promise.all(written.map((result) => ('temp' in result ? rm(result.temp, { force: true }) : undefined)));
    }
    remaining = retry;
    if (remaining.length === 0) return;
  }
}

/** Runs one ffmpeg for all the requests; per request, the temp JPEG and its picture's timestamp, or why there is none. */
async function writeFrames(source: string, requests: FrameRequest[], prerollSec: number, options: FrameBatchOptions): Promise<Written[]> {
  const url = fileInputUrl(source);
  const temps = requests.map((request) => frameTempPath(request.file));
  const inputs: string[] = [];
  const outputs: string[] = [];
  for (const [i, request] of requests.entries()) {
    const inputSeekSec = Math.max(0, request.seekSec - prerollSec);
    const trimSec = request.seekSec - inputSeekSec;
    inputs.push(
      '-threads', String(options.decoderThreads),
      ...(options.absoluteSeek ? ['-seek_timestamp', '1'] : []),
      '-ss', ffmpegSeconds(inputSeekSec), ...LOCAL_INPUT_OPTIONS, '-i', url,
    );
    const filters = [...(trimSec > 0 ? [`trim=start=${ffmpegSeconds(trimSec)}`] : []), `showinfo@frame${i}`];
    outputs.push(
      '-map', `${i}:v:0`, '-vf', filters.join(','), '-frames:v', '1',
      '-c:v', 'mjpeg', '-q:v', String(options.jpegQuality), '-f', 'image2', '-update', '1', temps[i]!,
    );
  }
  // Spawned directly rather than through fluent-ffmpeg: one command with several inputs, each with
  // its own -ss/-seek_timestamp/-threads, and info-level logs to read showinfo from.
  const args = ['-hide_banner', '-nostdin', '-nostats', '-loglevel', 'level+info', ...inputs, ...outputs];

  const ptsTimes: Array<number | undefined> = [];
  const onStderrLine = (line: string): boolean => {
    const shown = /^\[showinfo@frame(\d+) @ [^\]]*\] \[info\] n:\s*0 .*?\bpts_time:\s*(-?[\d.]+)/.exec(line);
    if (shown) ptsTimes[Number(shown[1])] ??= Number(shown[2]);
    return /\[(error|fatal|panic)\]/.test(line);
  };
  const timeoutMs = options.timeoutMsPerFrame * requests.length;
  const labels = requests.map((request) => request.label).join(', ');
  try {
    const result = await runProcess(options.binaries.ffmpeg, args, { signal: options.signal, timeoutMs, onStderrLine });
    const stderrTail = result.stderrTail.replace(/\[(error|fatal|panic)\] /g, '');
    if (result.timedOut) throw new MediaError('FFMPEG_FAILED', `ffmpeg did not extract frame ${labels} within ${timeoutMs} ms`, { stderrTail });
    if (result.exitSignal !== null) throw new MediaError('FFMPEG_FAILED', `ffmpeg was killed by ${result.exitSignal} extracting frame ${labels}`, { stderrTail });
    if (result.exitCode !== 0) {
      throw new MediaError('DECODE_FAILED', `cannot decode frame ${labels}: ${stderrTail || `ffmpeg exited with code ${result.exitCode}`}`, { stderrTail });
    }
    return await Promise.all(
      temps.map(async (temp, i): Promise<Written> => {
        const ptsTimeSec = ptsTimes[i];
        if (ptsTimeSec !== undefined && (await nonEmptyFile(temp))) return { temp, ptsTimeSec };
        await rm(temp, { force: true });
        return { missing: stderrTail };
      }),
    );
  } catch (error) {
    await Promise.all(temps.map((temp) => rm(temp, { force: true })));
    throw error;
  }
}

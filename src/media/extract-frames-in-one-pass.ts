import { rename, rm } from 'node:fs/promises';
import type { FfmpegBinaries } from './ffmpeg-binaries';
import { frameTempPath, nonEmptyFile } from './frame-files';
import { fileInputUrl, LOCAL_INPUT_OPTIONS } from './input-url';
import { MediaError } from './media-error';
import { runProcess } from './run-process';

/** One frame to write, named by its position (0 = the first frame shown). */
export interface PositionedFrameRequest {
  /** Names the frame in error messages, e.g. 'f000312 (12.48 s)'. */
  label: string;
  frameIndex: number;
  /** Final path of the JPEG. */
  file: string;
}

export interface OnePassOptions {
  binaries: FfmpegBinaries;
  signal?: AbortSignal;
  /** For the whole pass. */
  timeoutMs: number;
  decoderThreads: number;
  jpegQuality: number;
  /** Called once per frame, once its JPEG has its final name. */
  onFrameDone: (request: PositionedFrameRequest) => void;
}

/**
 * Writes the requested frames of a video that cannot be seeked in (a raw H.264 stream) with ONE
 * ffmpeg decoding from the first frame: the decoded frames are split to one `select=eq(n,k)` per
 * request, each to its own JPEG (temp file, renamed once complete). ffmpeg stops after the last
 * requested frame, so a pass costs one decode up to there, however many frames are asked for;
 * seeking per frame would decode from the start again for each of them.
 *
 * @example
 * await extractFramesInOnePass('camera.h264', [{ label: 'f000062', frameIndex: 62, file: 'out/f000062.jpg' }], options);
 */
export async function extractFramesInOnePass(source: string, requests: PositionedFrameRequest[], options: OnePassOptions): Promise<void> {
  if (requests.length === 0) return;
  const temps = requests.map((request) => frameTempPath(request.file));
  const branches = requests.map((_, i) => `[s${i}]`).join('');
  const selects = requests.map((request, i) => `[s${i}]select='eq(n\\,${request.frameIndex})',showinfo@frame${i}[o${i}]`);
  const outputs = requests.flatMap((_, i) => [
    '-map', `[o${i}]`, '-frames:v', '1', '-c:v', 'mjpeg', '-q:v', String(options.jpegQuality), '-f', 'image2', '-update', '1', temps[i]!,
  ]);
  const args = [
    '-hide_banner', '-nostdin', '-nostats', '-loglevel', 'level+info',
    '-threads', String(options.decoderThreads), ...LOCAL_INPUT_OPTIONS, '-i', fileInputUrl(source),
    '-filter_complex', [`[0:v:0]split=${requests.length}${branches}`, ...selects].join(';'),
    ...outputs,
  ];
  const shown: boolean[] = [];
  const onStderrLine = (line: string): boolean => {
    const match = /^\[showinfo@frame(\d+) @ [^\]]*\] \[info\] n:\s*0 /.exec(line);
    if (match) shown[Number(match[1])] = true;
    return /\[(error|fatal|panic)\]/.test(line);
  };
  try {
    const result = await runProcess(options.binaries.ffmpeg, args, { signal: options.signal, timeoutMs: options.timeoutMs, onStderrLine });
    const stderrTail = result.stderrTail.replace(/\[(error|fatal|panic)\] /g, '');
    if (result.timedOut) throw new MediaError('FFMPEG_FAILED', `ffmpeg did not extract ${requests.length} frames within ${options.timeoutMs} ms`, { stderrTail });
    if (result.exitSignal !== null) throw new MediaError('FFMPEG_FAILED', `ffmpeg was killed by ${result.exitSignal} extracting frames`, { stderrTail });
    if (result.exitCode !== 0) {
      throw new MediaError('DECODE_FAILED', `cannot decode the video's frames: ${stderrTail || `ffmpeg exited with code ${result.exitCode}`}`, { stderrTail });
    }
    for (const [i, request] of requests.entries()) {
      if (!shown[i] || !(await nonEmptyFile(temps[i]!))) {
        const detail = stderrTail ? `: ${stderrTail}` : ' (is it past the end of the video?)';
        throw new MediaError('DECODE_FAILED', `ffmpeg produced no picture for frame ${request.label}${detail}`, { stderrTail });
      }
    }
    for (const [i, request] of requests.entries()) {
      await rename(temps[i]!, request.file);
      options.onFrameDone(request);
    }
  } finally {
    await Promise.all(temps.map((temp) => rm(temp, { force: true })));
  }
}

import type { FfmpegBinaries } from './ffmpeg-binaries';
import { fileInputUrl, LOCAL_INPUT_OPTIONS } from './input-url';
import { MediaError } from './media-error';
import { runProcess } from './run-process';
import type { VideoInfo } from './video-info';

export interface DecodeCheckOptions {
  binaries: FfmpegBinaries;
  signal?: AbortSignal;
  timeoutMs?: number;
}

/** What one cheap pass over the start and the end of a file found. */
export interface DecodeCheckResult {
  /** Frames decoded at the very start (0 or 1). */
  firstFrames: number;
  /** Frames decoded near the end (0 or 1). */
  nearEndFrames: number;
  /** Timestamp of the last video packet read near the end, or null when none was read. */
  lastPacketSec: number | null;
}

/**
 * Reads a file's start and end with ONE ffmpeg and no metadata (so it can run while ffprobe does):
 * - input 0: decodes the first frame;
 * - input 1: decodes one frame half a second before the end (`-sseof`): the keyframe before it,
 *   with `-noaccurate_seek`, so one frame is decoded, not a GOP (with 10 s GOPs an exact seek
 *   would decode ~250 frames);
 * - input 2: copies (demuxes, no decoding) the packets of the last 3 seconds; their last timestamp
 *   tells whether the data really reaches the end. A faststart MP4 cut short keeps its whole index,
 *   so ffprobe believes it; only reading the data shows it is missing.
 * Judge the result with assertDecodesStartToEnd.
 *
 * @example
 * const check = await runDecodeCheck('upload.mp4', { binaries, signal });
 * // { firstFrames: 1, nearEndFrames: 1, lastPacketSec: 599.96 }
 */
export async function runDecodeCheck(file: string, options: DecodeCheckOptions): Promise<DecodeCheckResult> {
  const url = fileInputUrl(file);
  const input = (...seek: string[]) => ['-threads', '1', ...seek, ...LOCAL_INPUT_OPTIONS, '-i', url];
  const args = [
    '-hide_banner', '-nostdin', '-v', 'error', '-copyts',
    ...input(),
    // Without a keyframe index (MPEG-TS) the seek lands mid-GOP, where H.264 would wait for a
    // keyframe that may never come; showall decodes the pictures there anyway.
    ...input('-flags2', '+showall', '-sseof', '-0.5', '-noaccurate_seek'),
    ...input('-sseof', '-3', '-noaccurate_seek'),
    // trim, not -frames:v 1, which would end every stream of the output at the first frame.
    '-filter_complex', '[0:v:0]trim=end_frame=1[first];[1:v:0]trim=end_frame=1[last]',
    // copyinkf: without a keyframe index (MPEG-TS) the tail read starts mid-GOP, and a stream
    // copy drops every packet before the next keyframe, which a long GOP may not have.
    '-map', '[first]', '-map', '[last]', '-map', '2:v:0', '-c:v:2', 'copy', '-copyinkf:v:2',
    '-vsync', 'passthrough', '-f', 'framecrc', '-',
  ];
  const timeoutMs = options.timeoutMs ?? 30_000;
  const result = await runProcess(options.binaries.ffmpeg, args, { signal: options.signal, timeoutMs });
  const { stderrTail } = result;
  if (result.timedOut) throw new MediaError('FFMPEG_FAILED', `the decode check did not finish within ${timeoutMs} ms`, { stderrTail });
  if (result.exitSignal !== null) throw new MediaError('FFMPEG_FAILED', `the decode check was killed by ${result.exitSignal}`, { stderrTail });
  if (result.exitCode !== 0) {
    throw new MediaError('UNSUPPORTED_MEDIA', `cannot decode the video: ${stderrTail || `ffmpeg exited with code ${result.exitCode}`}`, { stderrTail });
  }
  return parseFramecrc(result.stdout.toString('utf8'));
}

/**
 * Throws MediaError('UNSUPPORTED_MEDIA') unless the check decoded a frame at the start and near
 * the end, and read packets up to where the metadata says the video ends (within a second).
 *
 * @example
 * assertDecodesStartToEnd(await runDecodeCheck(file, { binaries }), info);
 */
export function assertDecodesStartToEnd(check: DecodeCheckResult, info: VideoInfo): void {
  if (check.firstFrames === 0) unsupported('corrupt or truncated: the first frame cannot be decoded');
  if (check.nearEndFrames === 0) unsupported('truncated: no frame can be decoded near the end');
  const lastSec = check.lastPacketSec === null ? null : check.lastPacketSec - info.start_time_sec;
  if (lastSec === null || lastSec < info.duration_sec - Math.max(1, 5 / info.fps)) {
    const reached = lastSec === null ? 'no video data is there' : `its video data ends at ${lastSec.toFixed(2)} s`;
    unsupported(`truncated: the file says ${info.duration_sec.toFixed(2)} s but ${reached}`);
  }
}

// framecrc: "#tb 2: 1/12800" headers, then "stream, dts, pts, duration, size, crc" per packet.
function parseFramecrc(text: string): DecodeCheckResult {
  const timeBases = new Map<number, number>();
  const counts = [0, 0, 0];
  let lastPts: number | null = null;
  for (const line of text.split('\n')) {
    const header = /^#tb (\d+): (\d+)\/(\d+)/.exec(line);
    if (header) timeBases.set(Number(header[1]), Number(header[2]) / Number(header[3]));
    const fields = /^(\d+),/.test(line) ? line.split(',').map((field) => field.trim()) : null;
    if (!fields) continue;
    const stream = Number(fields[0]);
    counts[stream] = (counts[stream] ?? 0) + 1;
    // Raw streams (Annex B H.264) carry no pts: the dts ffmpeg derives from the frame rate stands in.
    const pts = stream === 2 ? (timestamp(fields[2]) ?? timestamp(fields[1])) : null;
    if (pts !== null && (lastPts === null || pts > lastPts)) lastPts = pts;
  }
  const tailTimeBase = timeBases.get(2);
  return {
    firstFrames: counts[0]!,
    nearEndFrames: counts[1]!,
    lastPacketSec: lastPts === null || tailTimeBase === undefined ? null : lastPts * tailTimeBase,
  };
}

// framecrc prints a missing timestamp as AV_NOPTS_VALUE, INT64_MIN.
function timestamp(field: string | undefined): number | null {
  if (field === undefined || !/^-?\d+$/.test(field) || field === '-9223372036854775808') return null;
  return Number(field);
}

function unsupported(reason: string): never {
  throw new MediaError('UNSUPPORTED_MEDIA', reason);
}

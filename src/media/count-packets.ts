import type { FfmpegBinaries } from './ffmpeg-binaries';
import { fileInputUrl, LOCAL_INPUT_OPTIONS } from './input-url';
import { MediaError } from './media-error';
import { runProcess } from './run-process';

export interface CountPacketsOptions {
  binaries: FfmpegBinaries;
  signal?: AbortSignal;
  /** Demuxing reads the whole file: generous by default. */
  timeoutMs?: number;
}

/**
 * The number of packets (frames, for video) in a file's first video stream, read by demuxing the
 * whole file without decoding (`ffprobe -count_packets`): about 0.1 s for a few MB of raw H.264.
 * Only worth it when the metadata states no duration (raw streams); 0 when there is no video.
 *
 * @example
 * await countVideoPackets('camera.h264', { binaries }); // 125
 */
export async function countVideoPackets(file: string, options: CountPacketsOptions): Promise<number> {
  const timeoutMs = options.timeoutMs ?? 120_000;
  const args = [
    '-hide_banner', '-v', 'error', ...LOCAL_INPUT_OPTIONS, '-count_packets', '-select_streams', 'v:0',
    '-show_entries', 'stream=nb_read_packets', '-of', 'csv=p=0', fileInputUrl(file),
  ];
  const result = await runProcess(options.binaries.ffprobe, args, { signal: options.signal, timeoutMs });
  const { stderrTail } = result;
  if (result.timedOut) throw new MediaError('FFMPEG_FAILED', `counting the frames of ${file} took over ${timeoutMs} ms`, { stderrTail });
  if (result.exitSignal !== null) throw new MediaError('FFMPEG_FAILED', `ffprobe was killed by ${result.exitSignal} counting frames`, { stderrTail });
  if (result.exitCode !== 0) {
    throw new MediaError('UNSUPPORTED_MEDIA', `cannot read the video's frames: ${stderrTail || `ffprobe exited with code ${result.exitCode}`}`, { stderrTail });
  }
  const count = Number.parseInt(result.stdout.toString('utf8').trim(), 10);
  return Number.isFinite(count) && count > 0 ? count : 0;
}

import { z } from 'zod';
import type { FfmpegBinaries } from './ffmpeg-binaries';
import { fileInputUrl, LOCAL_INPUT_OPTIONS } from './input-url';
import { MediaError } from './media-error';
import { runProcess } from './run-process';

// ffprobe prints most numbers as strings ("25/1", "10.000000", "N/A"); only the fields used are listed.
const streamSchema = z.object({
  index: z.number().optional(),
  codec_type: z.string().optional(),
  codec_name: z.string().optional(),
  width: z.number().optional(),
  height: z.number().optional(),
  avg_frame_rate: z.string().optional(),
  r_frame_rate: z.string().optional(),
  start_time: z.string().optional(),
  duration: z.string().optional(),
  nb_frames: z.string().optional(),
  disposition: z.record(z.string(), z.number()).optional(),
  tags: z.record(z.string(), z.string()).optional(),
  side_data_list: z.array(z.object({ side_data_type: z.string().optional(), rotation: z.number().optional() })).optional(),
});

const ffprobeOutputSchema = z.object({
  streams: z.array(streamSchema).default([]),
  format: z
    .object({
      format_name: z.string().optional(),
      duration: z.string().optional(),
      start_time: z.string().optional(),
      bit_rate: z.string().optional(),
      size: z.string().optional(),
    })
    .default({}),
});

export type FfprobeStream = z.infer<typeof streamSchema>;
export type FfprobeOutput = z.infer<typeof ffprobeOutputSchema>;

export interface ReadFfprobeOptions {
  binaries: FfmpegBinaries;
  signal?: AbortSignal;
  timeoutMs?: number;
}

/**
 * Container and stream metadata from `ffprobe -show_format -show_streams` (no decoding).
 * A file ffprobe cannot open is UNSUPPORTED_MEDIA, with ffprobe's reason in the message.
 *
 * fluent-ffmpeg's ffprobe() is not used: it gives no handle on the child process (so it can be
 * neither aborted nor time-limited) and it flattens the side data that carries the rotation.
 *
 * @example
 * const { streams, format } = await readFfprobeOutput('match.mp4', { binaries });
 */
export async function readFfprobeOutput(file: string, options: ReadFfprobeOptions): Promise<FfprobeOutput> {
  const url = fileInputUrl(file);
  const args = ['-hide_banner', '-v', 'error', ...LOCAL_INPUT_OPTIONS, '-print_format', 'json', '-show_format', '-show_streams', url];
  const result = await runProcess(options.binaries.ffprobe, args, { signal: options.signal, timeoutMs: options.timeoutMs ?? 30_000 });
  if (result.timedOut) {
    throw new MediaError('FFMPEG_FAILED', `ffprobe did not finish within ${options.timeoutMs ?? 30_000} ms on ${file}`, { stderrTail: result.stderrTail });
  }
  if (result.exitSignal !== null) {
    throw new MediaError('FFMPEG_FAILED', `ffprobe was killed by ${result.exitSignal} on ${file}`, { stderrTail: result.stderrTail });
  }
  if (result.exitCode !== 0) {
    const reason = result.stderrTail ? shortReason(result.stderrTail, url) : `ffprobe exited with code ${result.exitCode}`;
    throw new MediaError('UNSUPPORTED_MEDIA', `not a readable media file: ${reason}`, { stderrTail: result.stderrTail });
  }
  const parsed = ffprobeOutputSchema.safeParse(parseJson(result.stdout.toString('utf8')));
  if (!parsed.success) {
    throw new MediaError('FFMPEG_FAILED', `unexpected ffprobe output for ${file}: ${parsed.error.message}`);
  }
  return parsed.data;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

// ffprobe says e.g. "[mov,mp4,… @ 0x55d…] moov atom not found\nfile:/x.mp4: Invalid data found…".
function shortReason(stderrTail: string, url: string): string {
  return stderrTail
    .split('\n')
    .slice(-3)
    .map((line) => line.replace(/^\[[^\]]*@ 0x[0-9a-f]+\] /, '').replace(`${url}: `, ''))
    .join('; ');
}

import { countVideoPackets } from './count-packets';
import type { FfmpegBinaries } from './ffmpeg-binaries';
import { readFfprobeOutput } from './ffprobe-output';
import { statesDuration, videoInfoFromProbe, type VideoInfo } from './video-info';

export interface ReadVideoInfoOptions {
  binaries: FfmpegBinaries;
  signal?: AbortSignal;
  timeoutMs?: number;
}

/**
 * A file's VideoInfo from its metadata (ffprobe, no decoding); when the metadata states no
 * duration (raw H.264 has neither a container nor timestamps), the video's packets are counted
 * and the duration is count / fps. Throws MediaError as videoInfoFromProbe and ffprobe do.
 * No decode check: see probeVideo for that.
 *
 * @example
 * (await readVideoInfo('camera.h264', { binaries })).duration_sec; // 5 (125 frames at 25 fps)
 */
export async function readVideoInfo(file: string, options: ReadVideoInfoOptions): Promise<VideoInfo> {
  const probe = await readFfprobeOutput(file, options);
  // Demuxing the whole file costs a read of it: only when nothing else gives the duration.
  const packets = statesDuration(probe) ? undefined : await countVideoPackets(file, { binaries: options.binaries, signal: options.signal });
  return videoInfoFromProbe(probe, packets);
}

import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import sharp from 'sharp';
import { VisionError } from '../../vision/vision-error';
import type { RgbFrame } from '../../vision/detection/types';

const run = promisify(execFile);

/**
 * Decodes frame `frameIndex` (0-based, counted in decode order by ffmpeg's `select`) of a video
 * into an rgb24 frame. Decodes from the start, so it is for evaluation, not for streaming.
 *
 * @example const frame = await readVideoFrame('/usr/bin/ffmpeg', 'soccer.mp4', 100)
 */
export async function readVideoFrame(ffmpegPath: string, videoPath: string, frameIndex: number): Promise<RgbFrame> {
  const args = ['-v', 'error', '-i', videoPath, '-vf', `select=eq(n\\,${frameIndex})`, '-frames:v', '1', '-f', 'image2pipe', '-vcodec', 'png', '-pix_fmt', 'rgb24', '-'];
  let png: Buffer;
  try {
    ({ stdout: png } = await run(ffmpegPath, args, { encoding: 'buffer', maxBuffer: 256 * 1024 * 1024 }));
  } catch (error) {
    throw new VisionError('IMAGE_UNREADABLE', `ffmpeg could not decode frame ${frameIndex} of ${videoPath}: ${(error as Error).message}`, { cause: error });
  }
  if (png.length === 0) throw new VisionError('IMAGE_UNREADABLE', `video ${videoPath} has no frame ${frameIndex}`);
  const { data, info } = await sharp(png).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

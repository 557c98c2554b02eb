import path from 'node:path';

/**
 * How to name a local file to ffmpeg/ffprobe: always through the `file:` protocol, so a name that
 * contains ':' or looks like a URL (`http:…`, `concat:…`) is never read as one.
 *
 * @example
 * fileInputUrl('uploads/a:b.mp4'); // 'file:/srv/app/uploads/a:b.mp4'
 */
export function fileInputUrl(file: string): string {
  return `file:${path.resolve(file)}`;
}

/**
 * Input options that keep ffmpeg on the local file system: a "video" that is really a playlist
 * (HLS, concat) cannot make it open network URLs.
 */
export const LOCAL_INPUT_OPTIONS: readonly string[] = ['-protocol_whitelist', 'file'];

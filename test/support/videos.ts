import { execFile } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { resolveFfmpegBinaries } from '../../src/media/ffmpeg-binaries';

const run = promisify(execFile);

export interface LavfiVideo {
  seconds: number;
  width: number;
  height: number;
  fps: number;
  /** Extra output arguments (e.g. ['-movflags', '+faststart']). */
  extra?: string[];
}

const cache = new Map<string, Promise<string>>();

/**
 * A small real H.264 MP4 made by ffmpeg's lavfi test source, once per process and shape.
 *
 * @example const file = await lavfiVideo({ seconds: 4, width: 320, height: 240, fps: 25 })
 */
export function lavfiVideo(spec: LavfiVideo): Promise<string> {
  const key = JSON.stringify(spec);
  let made = cache.get(key);
  if (!made) {
    made = (async () => {
      const dir = path.join(tmpdir(), 'spotlight-test-videos');
      await mkdir(dir, { recursive: true });
      const name = `${spec.seconds}s-${spec.width}x${spec.height}-${spec.fps}-${(spec.extra ?? []).join('').replace(/\W/g, '')}-${process.pid}.mp4`;
      const file = path.join(dir, name);
      const { ffmpeg } = resolveFfmpegBinaries();
      await run(ffmpeg, [
        '-y', '-v', 'error',
        '-f', 'lavfi', '-i', `testsrc2=size=${spec.width}x${spec.height}:rate=${spec.fps}:duration=${spec.seconds}`,
        '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p',
        ...(spec.extra ?? []),
        file,
      ]);
      return file;
    })();
    cache.set(key, made);
  }
  return made;
}

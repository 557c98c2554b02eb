import { execFile } from 'node:child_process';
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveFfmpegBinaries } from '../../src/media/ffmpeg-binaries';
import { MediaError } from '../../src/media/media-error';
import { makeTempDir } from './support/media-fixtures';

const execFileAsync = promisify(execFile);

async function versionLine(binary: string): Promise<string> {
  const { stdout } = await execFileAsync(binary, ['-hide_banner', '-version']);
  return stdout.split('\n')[0]!;
}

describe('resolveFfmpegBinaries', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  beforeAll(async () => ({ dir, cleanup } = await makeTempDir('binaries')));
  afterAll(() => cleanup());

  it('finds binaries that really run', async () => {
    const binaries = resolveFfmpegBinaries(process.env);
    expect(await versionLine(binaries.ffmpeg)).toMatch(/^ffmpeg version/);
    expect(await versionLine(binaries.ffprobe)).toMatch(/^ffprobe version/);
  });

  it('prefers FFMPEG_PATH and FFPROBE_PATH', () => {
    const system = resolveFfmpegBinaries({ PATH: process.env.PATH });
    const binaries = resolveFfmpegBinaries({ FFMPEG_PATH: system.ffmpeg, FFPROBE_PATH: system.ffprobe, PATH: '' });
    expect(binaries).toEqual(system);
  });

  it('looks on PATH (in order) before the bundled binaries', async () => {
    const onPath = path.join(dir, 'bin');
    await mkdir(onPath);
    for (const name of ['ffmpeg', 'ffprobe']) {
      await writeFile(path.join(onPath, name), '#!/bin/sh\n');
      await chmod(path.join(onPath, name), 0o755);
    }
    const binaries = resolveFfmpegBinaries({ PATH: [path.join(dir, 'missing'), onPath, '/usr/bin'].join(path.delimiter) });
    expect(binaries).toEqual({ ffmpeg: path.join(onPath, 'ffmpeg'), ffprobe: path.join(onPath, 'ffprobe') });
  });

  it('falls back to the @ffmpeg-installer / @ffprobe-installer binaries', async () => {
    const binaries = resolveFfmpegBinaries({ PATH: dir });
    expect(binaries.ffmpeg).toContain(`${path.sep}@ffmpeg-installer${path.sep}`);
    expect(binaries.ffprobe).toContain(`${path.sep}@ffprobe-installer${path.sep}`);
    expect(await versionLine(binaries.ffmpeg)).toMatch(/^ffmpeg version/);
    expect(await versionLine(binaries.ffprobe)).toMatch(/^ffprobe version/);
  });

  it('refuses an explicit path that is not executable instead of silently using another binary', async () => {
    const notExecutable = path.join(dir, 'ffmpeg');
    await writeFile(notExecutable, 'not a program');
    await chmod(notExecutable, 0o644);
    const error = (() => {
      try {
        resolveFfmpegBinaries({ FFMPEG_PATH: notExecutable, PATH: '/usr/bin' });
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(MediaError);
    expect(error).toMatchObject({ code: 'FFMPEG_NOT_FOUND', retryable: false });
    expect((error as Error).message).toContain('FFMPEG_PATH');
  });
});

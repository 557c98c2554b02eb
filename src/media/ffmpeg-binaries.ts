import { accessSync, constants, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { MediaError } from './media-error';

/** Absolute paths (or PATH-resolved names) of the ffmpeg and ffprobe executables to run. */
export interface FfmpegBinaries {
  ffmpeg: string;
  ffprobe: string;
}

const requireFromHere = createRequire(import.meta.url);

/**
 * Picks the binaries: FFMPEG_PATH / FFPROBE_PATH when set, else the system's (on PATH), else the
 * ones bundled by @ffmpeg-installer/ffmpeg and @ffprobe-installer/ffprobe. An explicit *_PATH that
 * is not executable is an error rather than a silent fall-back: someone asked for that binary.
 *
 * @example
 * const binaries = resolveFfmpegBinaries(process.env); // { ffmpeg: '/usr/bin/ffmpeg', ffprobe: '/usr/bin/ffprobe' }
 */
export function resolveFfmpegBinaries(env: NodeJS.ProcessEnv = process.env): FfmpegBinaries {
  return {
    ffmpeg: resolveOne('ffmpeg', env.FFMPEG_PATH, env.PATH, '@ffmpeg-installer/ffmpeg'),
    ffprobe: resolveOne('ffprobe', env.FFPROBE_PATH, env.PATH, '@ffprobe-installer/ffprobe'),
  };
}

function resolveOne(name: string, explicit: string | undefined, searchPath: string | undefined, installerPackage: string): string {
  if (explicit) {
    if (!isExecutableFile(explicit)) {
      throw new MediaError('FFMPEG_NOT_FOUND', `${name.toUpperCase()}_PATH=${explicit} is not an executable file`);
    }
    return explicit;
  }
  const onPath = findOnPath(name, searchPath);
  if (onPath) return onPath;
  const bundled = bundledBinary(installerPackage);
  if (bundled) return bundled;
  throw new MediaError(
    'FFMPEG_NOT_FOUND',
    `${name} not found: set ${name.toUpperCase()}_PATH, put ${name} on PATH or install ${installerPackage}`,
  );
}

function findOnPath(name: string, searchPath: string | undefined): string | null {
  for (const dir of (searchPath ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, name);
    if (isExecutableFile(candidate)) return candidate;
  }
  return null;
}

function bundledBinary(installerPackage: string): string | null {
  try {
    // The installer packages throw when their platform binary is missing; that is "not found" here.
    const found = (requireFromHere(installerPackage) as { path?: unknown }).path;
    return typeof found === 'string' && isExecutableFile(found) ? found : null;
  } catch {
    return null;
  }
}

function isExecutableFile(file: string): boolean {
  try {
    if (!statSync(file).isFile()) return false;
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

import { constants, createWriteStream } from 'node:fs';
import { type FileHandle, open, readlink, stat } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { ImportRejected } from './resolve-import';

/**
 * Copies the import that resolveImport checked, from one open descriptor, so that what is copied
 * is what was checked: a file swapped for a symbolic link after the check (O_NOFOLLOW), a folder
 * on its path swapped for a link (the descriptor's real path is compared), or a hard link to a
 * file outside the import folder (more than one link) is refused, never read. Everything after
 * this — probe, previews, analysis — reads the copy, never the import folder again.
 *
 * @example await copyImport('/srv/import/match.mp4', '/data/media/jobs/<id>/source.mp4')
 */
export async function copyImport(checkedPath: string, destination: string): Promise<void> {
  let handle: FileHandle;
  try {
    // O_NONBLOCK: a FIFO put in the file's place must not block the open.
    handle = await open(checkedPath, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new ImportRejected({ code: 'SOURCE_NOT_FOUND', message: `${checkedPath} is gone` });
    if (code === 'ELOOP') throw new ImportRejected({ code: 'SOURCE_NOT_ALLOWED', message: 'source_url became a symbolic link while being imported' });
    throw error;
  }
  try {
    const stats = await handle.stat();
    if (!stats.isFile()) throw new ImportRejected({ code: 'SOURCE_NOT_FOUND', message: 'source_url is not a regular file' });
    if (stats.nlink !== 1) {
      throw new ImportRejected({ code: 'SOURCE_NOT_ALLOWED', message: 'source_url has other hard links, which may lie outside the import folder' });
    }
    if (!(await opensWhereChecked(handle, checkedPath, stats))) {
      throw new ImportRejected({ code: 'SOURCE_NOT_ALLOWED', message: 'source_url changed while being imported' });
    }
    await pipeline(handle.createReadStream({ start: 0, autoClose: false }), createWriteStream(destination, { flags: 'wx' }));
  } finally {
    await handle.close();
  }
}

/** Whether the open descriptor is the file at the checked path (Linux: its real path; elsewhere: device and inode). */
async function opensWhereChecked(handle: FileHandle, checkedPath: string, opened: { dev: number; ino: number }): Promise<boolean> {
  const real = await readlink(`/proc/self/fd/${handle.fd}`).catch(() => undefined);
  if (real !== undefined) return real === checkedPath;
  const now = await stat(checkedPath).catch(() => undefined);
  return now !== undefined && now.dev === opened.dev && now.ino === opened.ino;
}

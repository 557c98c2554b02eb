import { randomBytes } from 'node:crypto';
import { readdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * A temporary name beside `file` (same folder, so the final rename is atomic): hidden, random,
 * and recognisable by removeLeftoverTemps.
 *
 * @example tempPathFor('/data/jobs/1/clips/clip-001.mp4'); // '/data/jobs/1/clips/.clip-001.mp4.3f9a0c1e.tmp'
 */
export function tempPathFor(file: string): string {
  return path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(4).toString('hex')}.tmp`);
}

/**
 * Removes the temporary files tempPathFor made for `names` in `dir` and that a killed run left
 * behind (a crash, SIGKILL): never complete, safe to drop. Returns how many were removed.
 *
 * @example await removeLeftoverTemps('/data/jobs/1/clips', (name) => /^clip-\d{3}\.mp4$/.test(name)); // 1
 */
export async function removeLeftoverTemps(dir: string, isOurs: (name: string) => boolean): Promise<number> {
  const names = await readdir(dir).catch(() => [] as string[]);
  const leftovers = names.filter((name) => {
    const match = /^\.(.+)\.[0-9a-f]{8}\.tmp$/.exec(name);
    return match !== null && isOurs(match[1]!);
  });
  await Promise.all(leftovers.map((name) => rm(path.join(dir, name), { force: true })));
  return leftovers.length;
}

/**
 * Writes a whole file under a temporary name, then renames it: readers see the old file or the
 * new one, never half of one.
 *
 * @example await writeFileAtomic('/data/jobs/1/trajectory.csv', trajectoryCsv(points));
 */
export async function writeFileAtomic(file: string, data: string | Uint8Array): Promise<void> {
  const temp = tempPathFor(file);
  try {
    await writeFile(temp, data);
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

import { randomBytes } from 'node:crypto';
import { stat } from 'node:fs/promises';
import path from 'node:path';

/**
 * Where a preview JPEG is written before it is complete: beside it (so the rename is atomic),
 * hidden, random, and named after its frame key so a killed run's leftovers can be found
 * (`.f000123.3f9a0c1e.tmp`).
 *
 * @example frameTempPath('/data/jobs/1/previews/f000123.jpg') // '/data/jobs/1/previews/.f000123.3f9a0c1e.tmp'
 */
export function frameTempPath(file: string): string {
  return path.join(path.dirname(file), `.${path.basename(file, '.jpg')}.${randomBytes(4).toString('hex')}.tmp`);
}

/** Whether ffmpeg wrote something there. @example await nonEmptyFile(temp) // true */
export async function nonEmptyFile(file: string): Promise<boolean> {
  return stat(file).then(
    (stats) => stats.size > 0,
    () => false,
  );
}

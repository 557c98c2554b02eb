import { realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export type ImportProblem = { code: 'IMPORT_DISABLED' | 'SOURCE_NOT_ALLOWED' | 'SOURCE_NOT_FOUND'; message: string };

export class ImportRejected extends Error {
  constructor(readonly problem: ImportProblem) {
    super(problem.message);
  }
}

/**
 * The local file a `source_url` names, if and only if it lies inside the import folder. The
 * check runs on real paths, so neither `..` nor a symbolic link leads outside it.
 *
 * @example await resolveImport('file:///srv/import/match.mp4', '/srv/import') // '/srv/import/match.mp4'
 */
export async function resolveImport(sourceUrl: string, importDir: string | undefined): Promise<string> {
  if (!importDir) {
    throw new ImportRejected({ code: 'IMPORT_DISABLED', message: 'source_url imports are off: the server has no IMPORT_DIR' });
  }
  let url: URL;
  try {
    url = new URL(sourceUrl);
  } catch {
    throw new ImportRejected({ code: 'SOURCE_NOT_ALLOWED', message: `source_url '${sourceUrl}' is not a URL` });
  }
  if (url.protocol !== 'file:' || (url.host !== '' && url.host !== 'localhost')) {
    throw new ImportRejected({ code: 'SOURCE_NOT_ALLOWED', message: 'source_url must be a file:// URL on this server' });
  }
  let requested: string;
  try {
    requested = path.resolve(fileURLToPath(url));
  } catch (error) {
    throw new ImportRejected({ code: 'SOURCE_NOT_ALLOWED', message: `source_url is not a usable file path: ${(error as Error).message}` });
  }
  const root = await realpath(importDir);
  const inside = (p: string) => p.startsWith(root + path.sep);
  if (!inside(requested)) {
    throw new ImportRejected({ code: 'SOURCE_NOT_ALLOWED', message: 'source_url is outside the import folder' });
  }
  let real: string;
  try {
    real = await realpath(requested);
  } catch {
    throw new ImportRejected({ code: 'SOURCE_NOT_FOUND', message: `no file at ${url.pathname}` });
  }
  if (!inside(real)) {
    throw new ImportRejected({ code: 'SOURCE_NOT_ALLOWED', message: 'source_url leads outside the import folder' });
  }
  if (!(await stat(real)).isFile()) {
    throw new ImportRejected({ code: 'SOURCE_NOT_FOUND', message: `${url.pathname} is not a file` });
  }
  return real;
}

import { createReadStream, type ReadStream } from 'node:fs';
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';

/**
 * Where uploads, previews and result artefacts live, by key (`jobs/<id>/previews/f000123.jpg`).
 * Local disk today; a shared volume or an object store later changes only this file.
 */
export interface MediaStore {
  /** A local file path for a key, for tools such as ffmpeg that need one. */
  pathOf(key: string): string;
  /** Makes sure the folder of a key prefix exists and returns its local path. */
  ensureDir(prefix: string): Promise<string>;
  /** Moves a finished local file to its key in one step, so a key never holds half a file. */
  commit(localFile: string, key: string): Promise<void>;
  /** Size in bytes, or undefined when nothing is stored at the key. */
  sizeOf(key: string): Promise<number | undefined>;
  read(key: string): ReadStream;
  /** Deletes everything under a prefix. */
  removeAll(prefix: string): Promise<void>;
  /**
   * Deletes the half-written temporary files (`.name.<8 hex>.tmp`, see tempPathFor) anywhere
   * under a prefix, for a step nobody will finish; returns how many there were.
   */
  removeTemporaries(prefix: string): Promise<number>;
}

const TEMPORARY = /^\..+\.[0-9a-f]{8}\.tmp$/;

const SAFE_KEY = /^[A-Za-z0-9._-]+(?:\/[A-Za-z0-9._-]+)*$/;

/** @example const store = localMediaStore('./data/media') */
export function localMediaStore(root: string): MediaStore {
  const base = path.resolve(root);
  const pathOf = (key: string) => {
    if (!SAFE_KEY.test(key) || key.split('/').some((part) => part === '..' || part === '.')) {
      throw new Error(`invalid media key '${key}'`);
    }
    return path.join(base, key);
  };
  return {
    pathOf,
    async ensureDir(prefix) {
      const dir = pathOf(prefix);
      await mkdir(dir, { recursive: true });
      return dir;
    },
    async commit(localFile, key) {
      const target = pathOf(key);
      await mkdir(path.dirname(target), { recursive: true });
      await rename(localFile, target);
    },
    async sizeOf(key) {
      try {
        const s = await stat(pathOf(key));
        return s.isFile() ? s.size : undefined;
      } catch {
        return undefined;
      }
    },
    read: (key) => createReadStream(pathOf(key)),
    async removeAll(prefix) {
      await rm(pathOf(prefix), { recursive: true, force: true });
    },
    async removeTemporaries(prefix) {
      const entries = await readdir(pathOf(prefix), { recursive: true, withFileTypes: true }).catch(() => []);
      // parentPath is Node ≥ 20.12; the engines allow 20.9, which calls it path.
      const temporaries = entries.filter((entry) => entry.isFile() && TEMPORARY.test(entry.name));
      await Promise.all(temporaries.map((entry) => rm(path.join(entry.parentPath ?? entry.path, entry.name), { force: true })));
      return temporaries.length;
    },
  };
}

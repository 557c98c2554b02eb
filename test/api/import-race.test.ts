import { type ChildProcess, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync } from 'node:fs';
import { copyFile, link, mkdir, readFile, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exited, waitFor } from '../support/processes';
import { startTestSpotlight, type TestSpotlight } from '../support/spotlight';
import { lavfiVideo } from '../support/videos';

/**
 * An import must read what was checked: a file outside IMPORT_DIR never becomes a job, whether
 * it is reached by a hard link or by a symbolic link swapped in while the import runs.
 */
let s: TestSpotlight;
// Made at once: the swapping scripts below name these folders when the file is collected.
const root = mkdtempSync(path.join(tmpdir(), 'spotlight-import-race-'));
const importDir = path.join(root, 'import');
const outsideDir = path.join(root, 'outside');
let insideHash: string;
const sha = async (file: string) => createHash('sha256').update(await readFile(file)).digest('hex');

beforeAll(async () => {
  await mkdir(path.join(importDir, 'sub'), { recursive: true });
  await mkdir(outsideDir);
  const inside = await lavfiVideo({ seconds: 1, width: 160, height: 120, fps: 10 });
  const outside = await lavfiVideo({ seconds: 2, width: 176, height: 144, fps: 10 });
  insideHash = await sha(inside);
  await copyFile(inside, path.join(importDir, 'race-file.mp4'));
  await copyFile(inside, path.join(importDir, 'sub', 'clip.mp4'));
  await copyFile(outside, path.join(outsideDir, 'secret.mp4'));
  await copyFile(outside, path.join(outsideDir, 'clip.mp4'));
  s = await startTestSpotlight({ SPOTLIGHT_ROLE: 'api', IMPORT_DIR: importDir });
});
afterAll(async () => {
  await s?.stop();
  await rm(root, { recursive: true, force: true });
});

const importOf = (file: string) => s.call('POST', '/jobs', { source_url: pathToFileURL(file).href, preview_count: 2 });

it('refuses a hard link to a file outside the import folder', async () => {
  await link(path.join(outsideDir, 'secret.mp4'), path.join(importDir, 'hard.mp4'));
  const r = await importOf(path.join(importDir, 'hard.mp4'));
  expect(r.status).toBe(403);
  expect(r.body.error).toMatchObject({ code: 'SOURCE_NOT_ALLOWED', field: 'source_url' });
  expect(r.body.error.message).toMatch(/hard link/);
});

/** A child process that keeps swapping `name` between the real thing and a link to the outside. */
function swapper(script: string): ChildProcess {
  return spawn(process.execPath, ['-e', script], { cwd: importDir, stdio: 'ignore' });
}

describe.each([
  {
    what: 'the file swapped for a symbolic link',
    file: 'race.mp4',
    marker: 'swapping-file',
    script: `const fs = require('fs'); const end = Date.now() + 60000;
      fs.symlinkSync(${JSON.stringify(path.join(outsideDir, 'secret.mp4'))}, 'race.link');
      const wait = (ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
      fs.copyFileSync('race-file.mp4', 'race.mp4');
      fs.writeFileSync('swapping-file', '');
      while (Date.now() < end) {
        fs.copyFileSync('race-file.mp4', 'race.next'); fs.renameSync('race.next', 'race.mp4'); wait(3);
        fs.symlinkSync(${JSON.stringify(path.join(outsideDir, 'secret.mp4'))}, 'race.next'); fs.renameSync('race.next', 'race.mp4'); wait(3);
      }`,
  },
  {
    what: 'a folder on its path swapped for a symbolic link',
    file: 'sub/clip.mp4',
    marker: 'swapping-folder',
    script: `const fs = require('fs'); const end = Date.now() + 60000;
      const wait = (ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
      fs.symlinkSync(${JSON.stringify(outsideDir)}, 'sub.link');
      fs.writeFileSync('swapping-folder', '');
      while (Date.now() < end) {
        fs.renameSync('sub', 'sub.real'); fs.renameSync('sub.link', 'sub'); wait(3);
        fs.renameSync('sub', 'sub.link'); fs.renameSync('sub.real', 'sub'); wait(3);
      }`,
  },
])('with $what during the import', ({ file, script, marker }) => {
  let child: ChildProcess;
  beforeAll(async () => {
    child = swapper(script);
    // A loaded machine can take seconds to start the child: wait until it swaps.
    await waitFor('the swapping to start', async () => (existsSync(path.join(importDir, marker)) ? true : undefined), 30_000);
  });
  afterAll(async () => {
    child.kill('SIGKILL');
    await exited(child);
  });

  it('every job created holds the inside file; every refusal is a 4xx', async () => {
    // Until a few imports got through (the race was really run), at most 60 tries.
    let created = 0;
    for (let attempt = 0; attempt < 60 && created < 4; attempt++) {
      const r = await importOf(path.join(importDir, file));
      if (r.status === 201) {
        created += 1;
        const stored = path.join(s.config.mediaDir, 'jobs', r.body.job_id, 'source.mp4');
        expect(await sha(stored)).toBe(insideHash);
      } else {
        expect([400, 403]).toContain(r.status);
        expect(['SOURCE_NOT_ALLOWED', 'SOURCE_NOT_FOUND']).toContain(r.body.error.code);
      }
    }
    expect(created).toBeGreaterThan(0);
  }, 180_000);
});

it('a symbolic link inside the import folder that stays inside it is followed', async () => {
  await symlink(path.join(importDir, 'race-file.mp4'), path.join(importDir, 'alias.mp4'));
  const r = await importOf(path.join(importDir, 'alias.mp4'));
  expect(r.status).toBe(201);
});

import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artefact, contentTypeOf } from '../../src/analysis/artefacts';
import { removeLeftoverTemps, tempPathFor, writeFileAtomic } from '../../src/analysis/atomic-file';
import { boxThickness } from '../../src/analysis/draw-box';
import { evenSize } from '../../src/analysis/output-size';
import { throttledProgress } from '../../src/analysis/progress';
import { clipFileName } from '../../src/analysis/render-clips';

describe('atomic files', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'spotlight-atomic-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('writes whole files, overwriting, with no temporary file left', async () => {
    const file = path.join(dir, 'trajectory.csv');
    await writeFileAtomic(file, 'first\n');
    await writeFileAtomic(file, 'second\n');
    expect(await readFile(file, 'utf8')).toBe('second\n');
    expect(await readdir(dir)).toEqual(['trajectory.csv']);
  });

  it('names temporaries beside the file and removes only the leftovers asked for', async () => {
    const temp = tempPathFor(path.join(dir, 'heatmap.png'));
    expect(path.dirname(temp)).toBe(dir);
    expect(path.basename(temp)).toMatch(/^\.heatmap\.png\.[0-9a-f]{8}\.tmp$/);
    await writeFileAtomic(temp, 'x');
    await writeFileAtomic(path.join(dir, '.other.png.0123abcd.tmp'), 'x');
    expect(await removeLeftoverTemps(dir, (name) => name === 'heatmap.png')).toBe(1);
    expect((await readdir(dir)).sort()).toEqual(['.other.png.0123abcd.tmp', 'trajectory.csv']);
  });
});

describe('small helpers', () => {
  it('sizes outputs even, never upscaled', () => {
    expect(evenSize({ width: 1920, height: 1080 }, 640)).toEqual({ width: 640, height: 360 });
    expect(evenSize({ width: 853, height: 480 }, 1280)).toEqual({ width: 852, height: 480 });
    expect(evenSize({ width: 320, height: 241 }, 1280)).toEqual({ width: 320, height: 242 });
  });

  it('passes progress on in steps of at least 1%, ending with 1 once', () => {
    const seen: number[] = [];
    const progress = throttledProgress((f) => seen.push(f));
    for (const f of [0.001, 0.005, 0.011, 0.5, 0.505, 1, 1]) progress(f);
    expect(seen).toEqual([0.001, 0.011, 0.5, 1]);
  });

  it('names clips and artefacts', () => {
    expect(clipFileName(7)).toBe('clip-007.mp4');
    expect(contentTypeOf('trajectory.csv')).toBe('text/csv; charset=utf-8');
    expect(artefact('heatmap.png', 'heatmap', { bytes: 10 })).toEqual({ name: 'heatmap.png', content_type: 'image/png', kind: 'heatmap', bytes: 10 });
  });

  it('draws even box borders that grow with the frame', () => {
    expect([240, 720, 1080, 2160].map(boxThickness)).toEqual([4, 4, 6, 12]);
  });
});

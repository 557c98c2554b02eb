import { createHash } from 'node:crypto';
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { AnalysisInput } from '../../machines/job.types';
import { detectorSettings, loadConfig } from '../../src/config';
import { resolveFfmpegBinaries } from '../../src/media/ffmpeg-binaries';
import { probeVideo } from '../../src/media/probe';
import { runAnalysisService } from '../../src/services/analysis/run-analysis';
import { mediaKeys } from '../../src/storage/media-keys';
import { localMediaStore } from '../../src/storage/media-store';
import { describeWithData, testDataPath } from '../support/test-data';

/** runAnalysis is idempotent: running it again (a retried or re-claimed step) rewrites the same results and files. */

let mediaDir: string;

const context = () => ({ jobId: 'j1', attempt: 1, signal: new AbortController().signal, reportProgress: () => {}, publish: async () => {} });

async function fingerprints(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    out[path.relative(dir, file)] = createHash('sha256').update(await readFile(file)).digest('hex');
  }
  return out;
}

describeWithData('runAnalysis, twice', ['models', 'yolox_nano.onnx'], () => {
  beforeAll(async () => {
    mediaDir = await mkdtemp(path.join(tmpdir(), 'spotlight-analysis-'));
  });
  afterAll(() => rm(mediaDir, { recursive: true, force: true }));

  it('gives identical results and byte-identical files, with no temporary file left', async () => {
    const store = localMediaStore(mediaDir);
    const binaries = resolveFfmpegBinaries();
    const key = mediaKeys.source('j1', '.mp4');
    await mkdir(path.dirname(store.pathOf(key)), { recursive: true });
    await copyFile(testDataPath('videos', 'pedestrians_crosswalk_topdown_360p.mp4'), store.pathOf(key));
    const video = await probeVideo(store.pathOf(key), { binaries });
    const config = loadConfig({ DETECTOR_MODEL: testDataPath('models', 'yolox_nano.onnx') });
    const service = runAnalysisService({ store, binaries, detector: detectorSettings(config) });
    // A walker on frame 100, boxed as the reference detections have it.
    const input: AnalysisInput = {
      jobId: 'j1',
      source: { key, kind: 'upload', filename: null },
      video,
      options: { preview_count: 4, analysis_fps: 10, static_camera: true, calibration: null },
      playerRef: 'track_1',
      target: { confirmed: true, source: 'select-target', selections: [{ frame_time_sec: 100 / 30, bbox: { x: 370.7, y: 197.9, w: 48.5, h: 69.7 } }] },
      candidates: null,
    };

    const first = await service(input, context());
    const files = await fingerprints(store.pathOf(mediaKeys.results('j1')));
    const second = await service(input, context());
    expect(second).toEqual(first);
    expect(await fingerprints(store.pathOf(mediaKeys.results('j1')))).toEqual(files);
    expect(Object.keys(files)).toEqual(expect.arrayContaining(['heatmap.png', 'overview.mp4', 'trajectory.csv', 'trajectory.json']));
    expect(Object.keys(files).filter((name) => name.endsWith('.tmp'))).toEqual([]);
    expect((first as { outcome: string }).outcome).toMatch(/completed|partial/);
    // Followed backwards from the box at 3.33 s too, not only from it on.
    const { presence } = (first as { results: { presence: { spans: Array<{ start_sec: number }> } } }).results;
    expect(presence.spans[0].start_sec).toBeLessThan(2);
  }, 240_000);
});

describeWithData('runAnalysis with a configured re-identification model', ['models', 'yolox_nano.onnx'], () => {
  it('fails at once with MODEL_NOT_FOUND when the file is missing, before any work', async () => {
    const store = localMediaStore(await mkdtemp(path.join(tmpdir(), 'spotlight-analysis-')));
    const config = loadConfig({ DETECTOR_MODEL: testDataPath('models', 'yolox_nano.onnx'), REID_MODEL: '/nonexistent/osnet.onnx' });
    const service = runAnalysisService({ store, binaries: resolveFfmpegBinaries(), detector: detectorSettings(config) });
    const progress: string[] = [];
    const input = { jobId: 'j1', source: { key: 'missing.mp4' } } as AnalysisInput;
    await expect(service(input, { ...context(), reportProgress: (_f: number, stage?: string) => void progress.push(stage ?? '') })).rejects.toMatchObject({
      code: 'MODEL_NOT_FOUND',
      message: expect.stringContaining('/nonexistent/osnet.onnx'),
    });
    expect(progress).toEqual([]);
  });
});

import type { AddressInfo } from 'node:net';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { serve, type ServerType } from '@hono/node-server';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runJobThroughApi } from '../../src/cli/run-job';
import { startTestSpotlight, type TestSpotlight } from '../support/spotlight';
import { describeWithData, testDataPath } from '../support/test-data';

/** `npm run job`: a whole job as a client runs it, over real HTTP, against a running Spotlight. */
describeWithData('npm run job against a running Spotlight', ['models', 'yolox_nano.onnx'], () => {
  let s: TestSpotlight;
  let server: ServerType;
  let outDir: string;
  beforeAll(async () => {
    s = await startTestSpotlight({ SPOTLIGHT_ROLE: 'all', DETECTOR_MODEL: testDataPath('models', 'yolox_nano.onnx') });
    server = serve({ fetch: s.app.fetch, port: 0, hostname: '127.0.0.1' });
    await new Promise((resolve) => server.once('listening', resolve));
    outDir = await mkdtemp(path.join(tmpdir(), 'spotlight-job-cli-'));
  });
  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
    await s?.stop();
    await rm(outDir, { recursive: true, force: true });
  });

  it('uploads, picks the best candidate, confirms it, waits for the analysis and downloads its files', async () => {
    const { port } = server.address() as AddressInfo;
    const lines: string[] = [];
    const job = await runJobThroughApi({
      baseUrl: `http://127.0.0.1:${port}`,
      video: testDataPath('videos', 'pedestrians_crosswalk_topdown_360p.mp4'),
      outDir,
      previewCount: 4,
      pollMs: 100,
      log: (line) => lines.push(line),
    });
    expect(['COMPLETED', 'PARTIAL']).toContain(job.status);
    expect(job.results.trajectory.states.observed).toBeGreaterThan(10);
    expect(lines.some((l) => /^picked track \d+/.test(l))).toBe(true);
    const saved = await readdir(outDir, { recursive: true });
    for (const artefact of job.results.artefacts) expect(saved).toContain(artefact.name);
  }, 240_000);

  it('names the candidate it cannot find', async () => {
    const { port } = server.address() as AddressInfo;
    const run = runJobThroughApi({ baseUrl: `http://127.0.0.1:${port}`, video: testDataPath('videos', 'pedestrians_crosswalk_topdown_360p.mp4'), previewCount: 4, trackId: 9999, pollMs: 100 });
    await expect(run).rejects.toThrow('no candidate 9999');
  }, 240_000);
});

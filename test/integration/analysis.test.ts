import { execFile } from 'node:child_process';
import { mkdtemp, stat, truncate } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import sharp from 'sharp';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { mediaKeys } from '../../src/storage/media-keys';
import { localMediaStore } from '../../src/storage/media-store';
import { probeVideo } from '../../src/media/probe';
import { resolveFfmpegBinaries } from '../../src/media/ffmpeg-binaries';
import { startTestSpotlight, type TestSpotlight } from '../support/spotlight';
import { describeWithData, testDataPath } from '../support/test-data';
import { videoForm } from '../support/upload';
import { waitForJob } from '../support/wait';

/**
 * The analysis end to end through the HTTP API, with the real detector on a real video: pick a
 * candidate, confirm a target, enqueue, and get a trajectory, presence, movement and files.
 */


const FINAL = ['COMPLETED', 'PARTIAL', 'FAILED', 'CANCELLED'];
const run = promisify(execFile);

describeWithData('analysis of one player with the real detector', ['models', 'yolox_nano.onnx'], () => {
  let s: TestSpotlight;
  beforeAll(async () => {
    s = await startTestSpotlight({ SPOTLIGHT_ROLE: 'all', DETECTOR_MODEL: testDataPath('models', 'yolox_nano.onnx') });
  });
  afterAll(() => s?.stop());

  /** A job on the crosswalk clip with its best candidate chosen and confirmed as the target. */
  async function readyJob(fields: Record<string, string> = {}, video = testDataPath('videos', 'pedestrians_crosswalk_topdown_360p.mp4')) {
    const created = await s.call('POST', '/jobs', await videoForm(video, { preview_count: '4', ...fields }));
    const jobId: string = created.body.job_id;
    await waitForJob(s, jobId, (j) => ['completed', 'failed'].includes(j.steps.candidates.state));
    const { candidates } = (await s.call('GET', `/jobs/${jobId}/candidates`)).body;
    const best = [...candidates].sort((a: any, b: any) => b.length - a.length || b.mean_score - a.mean_score)[0];
    await s.call('POST', `/jobs/${jobId}/select-track`, { player_ref: best.track_id });
    const seed = best.frames[0];
    await s.call('POST', `/jobs/${jobId}/select-target`, { frame_key: seed.frame_key, bbox: seed.bbox });
    return { jobId, seed };
  }

  it('follows the player and produces the results and their files', async () => {
    const { jobId, seed } = await readyJob({ static_camera: 'true', analysis_fps: '10' });
    expect((await s.call('POST', `/jobs/${jobId}/enqueue`)).body.status).toBe('QUEUED');
    const stages = new Set<string>();
    const job = await waitForJob(s, jobId, (j) => {
      if (j.progress?.stage) stages.add(`${j.status}:${j.progress.stage}`);
      return FINAL.includes(j.status);
    });
    expect(['COMPLETED', 'PARTIAL']).toContain(job.status);
    expect([...stages].some((st) => st.startsWith('RUNNING:'))).toBe(true);

    const { results } = job;
    expect(results.trajectory.fps).toBe(10);
    expect(results.trajectory.frames).toBeGreaterThanOrEqual(50); // 5.2 s at 10 fps
    expect(results.presence.coverage).toBeGreaterThan(0.3);
    expect(results.movement.image.path_length_px).toBeGreaterThan(0);
    expect(results.movement.pitch).toMatchObject({ available: false, code: 'NO_CALIBRATION' });

    // The trajectory holds the user's box at the seed frame.
    const csv = await (await s.app.request(`/jobs/${jobId}/results/trajectory.csv`)).text();
    const rows = csv.trim().split('\n').slice(1).map((line) => line.split(','));
    expect(rows).toHaveLength(results.trajectory.frames);
    const atSeed = rows.find((row) => Number(row[1]) >= seed.frame_time_sec)!;
    expect(atSeed[7]).toBe('observed');
    expect(Math.abs(Number(atSeed[2]) - seed.bbox.x)).toBeLessThan(15);

    const names = results.artefacts.map((a: any) => a.name);
    expect(names).toEqual(expect.arrayContaining(['trajectory.json', 'trajectory.csv', 'heatmap.png', 'overview.mp4']));
    for (const artefact of results.artefacts) {
      const response = await s.app.request(artefact.url);
      expect(response.status, artefact.name).toBe(200);
      expect(response.headers.get('content-type')).toBe(artefact.content_type);
      expect(Number(response.headers.get('content-length'))).toBe(artefact.bytes);
      await response.arrayBuffer();
    }
    const heatmap = await sharp(s.config.mediaDir + '/' + mediaKeys.result(jobId, 'heatmap.png')).metadata();
    expect(heatmap.format).toBe('png');
    const overview = await probeVideo(localMediaStore(s.config.mediaDir).pathOf(mediaKeys.result(jobId, 'overview.mp4')), { binaries: resolveFfmpegBinaries() });
    expect(overview.codec).toBe('h264');
    expect((await s.call('GET', `/jobs/${jobId}/results/secret.txt`)).status).toBe(404);
  }, 300_000);

  it('ends PARTIAL with what was analysed when the video breaks halfway', async () => {
    // Index first (faststart), so the start stays readable when the end of the data is lost.
    const faststart = path.join(await mkdtemp(path.join(tmpdir(), 'spotlight-faststart-')), 'crosswalk.mp4');
    await run(resolveFfmpegBinaries().ffmpeg, ['-v', 'error', '-i', testDataPath('videos', 'pedestrians_crosswalk_topdown_360p.mp4'), '-c', 'copy', '-movflags', '+faststart', faststart]);
    const { jobId } = await readyJob({}, faststart);
    // The stored source loses its second half after the job was created (a storage fault).
    const source = localMediaStore(s.config.mediaDir).pathOf(mediaKeys.source(jobId, '.mp4'));
    await truncate(source, Math.floor((await stat(source)).size * 0.5));
    await s.call('POST', `/jobs/${jobId}/enqueue`);
    const job = await waitForJob(s, jobId, (j) => FINAL.includes(j.status));
    expect(job.status, JSON.stringify(job.error)).toBe('PARTIAL');
    expect(job.results.warnings.join(' ')).toMatch(/decoding stopped at .* s of 5.2 s/);
    expect(job.results.trajectory.frames).toBeGreaterThan(0);
    expect(job.results.trajectory.frames).toBeLessThan(52);
  }, 300_000);

  it('can be cancelled while it runs', async () => {
    const { jobId } = await readyJob();
    await s.call('POST', `/jobs/${jobId}/enqueue`);
    await waitForJob(s, jobId, (j) => j.status === 'RUNNING');
    expect((await s.call('POST', `/jobs/${jobId}/cancel`)).body.status).toBe('CANCELLED');
    // The worker lets go within a heartbeat and takes the next job.
    const next = await readyJob();
    expect((await s.call('GET', `/jobs/${next.jobId}`)).body.status).toBe('READY_TO_ENQUEUE');
  }, 300_000);
});

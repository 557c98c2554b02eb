import { execFile } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';
import { resolveFfmpegBinaries } from '../../src/media/ffmpeg-binaries';
import { mediaKeys } from '../../src/storage/media-keys';
import { listJobEvents } from '../../src/store/job-events';
import { listWorkItems } from '../../src/store/work-items';
import { usingPostgres } from '../support/database';
import { exited, waitFor, workerCrashHarness } from '../support/processes';
import { startTestSpotlight } from '../support/spotlight';
import { describeWithData, testDataPath } from '../support/test-data';
import { videoForm } from '../support/upload';
import { waitForJob } from '../support/wait';

/**
 * A worker process killed with SIGKILL in the middle of the analysis (its ffmpeg decoding the
 * video, the detector running): the lease expires, another worker process claims the analysis
 * again and finishes it; the analysis ends once, with every artefact whole and no temporary file.
 * On PGlite the processes take turns on the data folder, as in crash.test.ts.
 */

const run = promisify(execFile);
const harness = workerCrashHarness('spotlight-analysis-crash-', {
  DETECTOR_MODEL: testDataPath('models', 'yolox_nano.onnx'),
  SHUTDOWN_GRACE_MS: '120000',
});

/** Whether `pid` has an ffmpeg child decoding the whole video at the analysis rate. */
async function decodesAtAnalysisRate(pid: number): Promise<boolean> {
  const { stdout } = await run('ps', ['-o', 'args=', '--ppid', String(pid)]).catch(() => ({ stdout: '' }));
  return stdout.split('\n').some((line) => line.includes('ffmpeg') && line.includes('fps=fps=') && line.includes('rawvideo'));
}

describeWithData(`a worker killed mid-analysis (${usingPostgres ? 'PostgreSQL' : 'PGlite'})`, ['videos', 'one-by-one-person-detection.mp4'], () => {
  it('is replaced by another worker; the analysis ends once, its files whole', async () => {
    // The first 40 s of the one-by-one clip: long enough to be interrupted, short enough to redo.
    const video = path.join(harness.dataDir, 'walkers.mp4');
    await run(resolveFfmpegBinaries().ffmpeg, ['-v', 'error', '-y', '-i', testDataPath('videos', 'one-by-one-person-detection.mp4'), '-t', '40', '-c', 'copy', video]);

    // Previews and candidates in process, then the choice and the enqueue without a worker.
    const setup = await startTestSpotlight({ ...harness.env(), SPOTLIGHT_ROLE: 'all' }, { pgliteOnDisk: true });
    const jobId: string = (await setup.call('POST', '/jobs', await videoForm(video, { preview_count: '4' }))).body.job_id;
    await waitForJob(setup, jobId, (j) => j.steps.candidates.state === 'completed');
    await setup.stop();
    const api = await startTestSpotlight({ ...harness.env(), SPOTLIGHT_ROLE: 'api' }, { pgliteOnDisk: true });
    const { candidates } = (await api.call('GET', `/jobs/${jobId}/candidates`)).body;
    const best = [...candidates].sort((a: any, b: any) => b.length - a.length)[0];
    await api.call('POST', `/jobs/${jobId}/select-track`, { player_ref: best.track_id });
    await api.call('POST', `/jobs/${jobId}/select-target`, { frame_key: best.frames[0].frame_key, bbox: best.frames[0].bbox });
    expect((await api.call('POST', `/jobs/${jobId}/enqueue`)).body.status).toBe('QUEUED');
    await api.stop();

    const first = harness.startWorker();
    await waitFor('the analysis pass', async () => ((await decodesAtAnalysisRate(first.pid!)) ? true : undefined), 60_000, 100);
    await new Promise((r) => setTimeout(r, 1500));
    first.kill('SIGKILL');
    await exited(first);

    const resultsDir = path.join(harness.dataDir, 'media', mediaKeys.results(jobId));
    const second = harness.startWorker();
    await waitFor('the overview', async () => ((await readdir(resultsDir).catch(() => [] as string[])).includes('overview.mp4') ? true : undefined), 180_000, 200);
    second.kill('SIGTERM'); // graceful: it finishes (and records) the step it holds
    expect(await exited(second)).toBe(0);

    const check = await startTestSpotlight({ ...harness.env(), SPOTLIGHT_ROLE: 'api' }, { pgliteOnDisk: true });
    try {
      const job = (await check.call('GET', `/jobs/${jobId}`)).body;
      expect(['COMPLETED', 'PARTIAL']).toContain(job.status);
      // The whole video was analysed (40 s at 10 fps), not only what the second worker saw.
      expect(job.results.trajectory.frames).toBeGreaterThanOrEqual(395);

      const history = (await listJobEvents(check.db, jobId, { afterVersion: 0, limit: 100 })).map((e) => e.type);
      expect(history.filter((t) => t === 'analysis.started')).toHaveLength(1);
      expect(history.filter((t) => t === 'xstate.done.actor.analysis')).toHaveLength(1);
      const analysis = (await listWorkItems(check.db, jobId)).find((w) => w.src === 'runAnalysis');
      expect(analysis).toMatchObject({ state: 'done', attempts: 2 });

      const files = await readdir(resultsDir, { recursive: true });
      expect(files.filter((f) => f.endsWith('.tmp') || f.includes('.tmp-'))).toEqual([]);
      for (const artefact of job.results.artefacts) expect(files).toContain(artefact.name);
      const trajectory = JSON.parse(await readFile(path.join(resultsDir, 'trajectory.json'), 'utf8'));
      expect(trajectory.points).toHaveLength(job.results.trajectory.frames);
    } finally {
      await check.stop();
    }
  }, 300_000);
});

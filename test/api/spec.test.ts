import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listWorkItems } from '../../src/store/work-items';
import { startTestSpotlight, type TestSpotlight } from '../support/spotlight';
import { videoForm } from '../support/upload';
import { lavfiVideo } from '../support/videos';
import { candidate, claimStep, completeStep, failStep, finishIntake, NO_DETECTOR, publishStep } from '../support/work';

/**
 * shared/spec/job-state-machine.md, line by line: every endpoint, transition, the NOT_READY
 * body and the aliases, on the real app and database. No worker runs: where a step must end,
 * the test ends it through the runtime's own queue functions.
 */

let s: TestSpotlight;
let video: string;

beforeAll(async () => {
  s = await startTestSpotlight({ SPOTLIGHT_ROLE: 'api' });
  video = await lavfiVideo({ seconds: 4, width: 320, height: 240, fps: 25 });
});
afterAll(() => s?.stop());

async function newJob(fields: Record<string, string> = { preview_count: '4' }) {
  const created = await s.call('POST', '/jobs', await videoForm(video, fields));
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return created.body;
}

const box = { x: 10, y: 20, w: 30, h: 60 };

describe('Create job: POST /jobs', () => {
  it('creates the job in WAITING_FOR_SELECTION and enqueues preview extraction', async () => {
    const job = await newJob();
    expect(job.status).toBe('WAITING_FOR_SELECTION');
    expect(job.video).toMatchObject({ width: 320, height: 240, fps: 25, codec: 'h264' });
    expect(job.video.duration_sec).toBeCloseTo(4, 1);
    const items = await listWorkItems(s.db, job.job_id);
    expect(items.map((i) => [i.src, i.state])).toEqual([['extractPreviews', 'pending']]);
  });

  it('answers with the same body as GET /jobs/{job_id}', async () => {
    const job = await newJob();
    const read = await s.call('GET', `/jobs/${job.job_id}`);
    expect(read.status).toBe(200);
    expect(read.body).toEqual(job);
  });

  it('plans preview_count previews with stable frame keys', async () => {
    const job = await newJob({ preview_count: '4' });
    const { body } = await s.call('GET', `/jobs/${job.job_id}/previews`);
    expect(body.previews.map((p: any) => [p.frame_key, p.frame_time_sec, p.ready])).toEqual([
      ['f000012', 0.48, false],
      ['f000037', 1.48, false],
      ['f000062', 2.48, false],
      ['f000087', 3.48, false],
    ]);
  });
});

describe('Get job: GET /jobs/{job_id}', () => {
  it('returns status, progress, target, player_ref, results and the rest', async () => {
    const job = await newJob();
    for (const field of ['job_id', 'status', 'progress', 'video', 'player_ref', 'target', 'results', 'error', 'created_at', 'updated_at']) {
      expect(job).toHaveProperty(field);
    }
    expect(job).toMatchObject({ player_ref: null, target: null, results: null, error: null, progress: null });
  });
});

describe('Candidates: GET /jobs/{job_id}/candidates', () => {
  it('returns the autodetection status and the candidate tracks', async () => {
    const job = await newJob();
    const { status, body } = await s.call('GET', `/jobs/${job.job_id}/candidates`);
    expect(status).toBe(200);
    expect(body).toEqual({ ok: true, autodetection: { status: 'pending', progress: 0, error: null }, candidates: [] });
  });

  it('reports a failed autodetection with its error, and the job goes on', async () => {
    const job = await newJob();
    await completeStep(s.db, await claimStep(s.db, job.job_id, 'previews'), { previews: [] });
    const tracking = await claimStep(s.db, job.job_id, 'candidates');
    expect((await s.call('GET', `/jobs/${job.job_id}`)).body.status).toBe('TRACKING_CANDIDATES');
    await failStep(s.db, tracking, { code: 'MODEL_NOT_FOUND', message: 'no detector model' });
    const { body } = await s.call('GET', `/jobs/${job.job_id}/candidates`);
    expect(body.autodetection).toEqual({ status: 'failed', progress: 0, error: { code: 'MODEL_NOT_FOUND', message: 'no detector model' } });
    const after = await s.call('GET', `/jobs/${job.job_id}`);
    expect(after.body.status).toBe('PREVIEWS_READY');
    expect((await s.call('POST', `/jobs/${job.job_id}/select-track`, { player_ref: 7 })).body.status).toBe('WAITING_FOR_TARGET');
  });
});

describe('Background statuses: EXTRACTING_PREVIEWS → PREVIEWS_READY → TRACKING_CANDIDATES', () => {
  it('follows the intake while nothing is selected', async () => {
    const job = await newJob();
    const status = async () => (await s.call('GET', `/jobs/${job.job_id}`)).body.status;
    const extraction = await claimStep(s.db, job.job_id, 'previews');
    expect(await status()).toBe('EXTRACTING_PREVIEWS');
    await completeStep(s.db, extraction, { previews: [] });
    expect(await status()).toBe('PREVIEWS_READY');
    const tracking = await claimStep(s.db, job.job_id, 'candidates');
    expect(await status()).toBe('TRACKING_CANDIDATES');
    await completeStep(s.db, tracking, { candidates: [] });
    expect(await status()).toBe('PREVIEWS_READY');
  });
});

describe('Select track: POST /jobs/{job_id}/select-track', () => {
  it('saves player_ref, resets target, moves to WAITING_FOR_TARGET', async () => {
    const job = await newJob();
    const target = await s.call('POST', `/jobs/${job.job_id}/target`, { frame_key: 'f000012', frame_time_sec: 0.48, bbox: box });
    expect(target.body.status).toBe('WAITING_FOR_PLAYER');
    await finishIntake(s.db, job.job_id, { tracks: [3, 4] });
    const { status, body } = await s.call('POST', `/jobs/${job.job_id}/select-track`, { player_ref: 'track_3' });
    expect(status).toBe(200);
    expect(body).toMatchObject({ status: 'WAITING_FOR_TARGET', player_ref: 'track_3', target: null });
  });

  it('normalises every spelling of player_ref, and takes track_id as its alias', async () => {
    const job = await newJob();
    await finishIntake(s.db, job.job_id, { tracks: [3, 5] });
    for (const ref of [3, '3', 'track_3', { track_id: 3 }]) {
      const { body } = await s.call('POST', `/jobs/${job.job_id}/select-track`, { player_ref: ref });
      expect(body.player_ref).toBe('track_3');
    }
    const { body } = await s.call('POST', `/jobs/${job.job_id}/select-track`, { track_id: 5 });
    expect(body.player_ref).toBe('track_5');
  });

  it('refuses a track autodetection has not found while it works, saying so; takes any once it is done', async () => {
    const job = await newJob();
    const early = await s.call('POST', `/jobs/${job.job_id}/select-track`, { player_ref: 3 });
    expect(early.status).toBe(400);
    expect(early.body.error.issues[0]).toEqual({ field: 'player_ref', message: expect.stringContaining('found none yet') });
    await completeStep(s.db, await claimStep(s.db, job.job_id, 'previews'), { previews: [] });
    const tracking = await claimStep(s.db, job.job_id, 'candidates');
    await publishStep(s.db, tracking, { type: 'candidates.found', candidates: [candidate(1), candidate(2)] });
    const unknown = await s.call('POST', `/jobs/${job.job_id}/select-track`, { track_id: 3 });
    expect(unknown.body.error.issues[0]).toEqual({
      field: 'track_id',
      message: 'track 3 is not a candidate of this job (known so far: 1, 2); once autodetection is done any track id is accepted',
    });
    await completeStep(s.db, tracking, { candidates: [candidate(1), candidate(2)] });
    const missed = await s.call('POST', `/jobs/${job.job_id}/select-track`, { track_id: 3 });
    expect(missed.body).toMatchObject({ status: 'WAITING_FOR_TARGET', player_ref: 'track_3' });
  });

  it('accepts a candidate found while later previews are still being tracked', async () => {
    const job = await newJob();
    await completeStep(s.db, await claimStep(s.db, job.job_id, 'previews'), { previews: [] });
    const tracking = await claimStep(s.db, job.job_id, 'candidates');
    await publishStep(s.db, tracking, { type: 'candidates.found', candidates: [candidate(2)] });
    const list = await s.call('GET', `/jobs/${job.job_id}/candidates`);
    expect(list.body.autodetection.status).toBe('running');
    expect(list.body.candidates.map((c: any) => c.track_id)).toEqual([2]);
    expect((await s.call('POST', `/jobs/${job.job_id}/select-track`, { player_ref: 7 })).status).toBe(400);
    expect((await s.call('POST', `/jobs/${job.job_id}/select-track`, { player_ref: 2 })).body.status).toBe('WAITING_FOR_TARGET');
    await s.call('POST', `/jobs/${job.job_id}/select-target`, { frame_key: 'f000012', bbox: box });
    expect((await s.call('POST', `/jobs/${job.job_id}/enqueue`)).body.status).toBe('QUEUED');
    // Tracking is stopped: its late results are dropped.
    expect(await completeStep(s.db, tracking, { candidates: [candidate(2), candidate(9)] })).toBe(false);
  });

  it('keeps a target saved before the player when asked to (keep_target), → READY_TO_ENQUEUE', async () => {
    const job = await newJob();
    await s.call('POST', `/jobs/${job.job_id}/select-target`, { frame_key: 'f000037', bbox: box });
    await finishIntake(s.db, job.job_id, { tracks: [4] });
    const { body } = await s.call('POST', `/jobs/${job.job_id}/select-track`, { player_ref: 4, keep_target: true });
    expect(body).toMatchObject({ status: 'READY_TO_ENQUEUE', player_ref: 'track_4' });
    expect(body.target.selections).toEqual([{ frame_key: 'f000037', frame_time_sec: 1.48, bbox: box }]);
  });
});

describe('Select target: POST /jobs/{job_id}/select-target', () => {
  it('saves the confirmed target with frame_key and moves to READY_TO_ENQUEUE', async () => {
    const job = await newJob();
    await finishIntake(s.db, job.job_id, { tracks: [3] });
    await s.call('POST', `/jobs/${job.job_id}/select-track`, { player_ref: 3 });
    const { status, body } = await s.call('POST', `/jobs/${job.job_id}/select-target`, {
      selections: [
        { frame_key: 'f000012', frame_time_sec: 0.48, bbox: box },
        { frame_key: 'f000062', bbox: [40, 50, 20, 40] },
      ],
    });
    expect(status).toBe(200);
    expect(body.status).toBe('READY_TO_ENQUEUE');
    expect(body.target).toEqual({
      confirmed: true,
      source: 'select-target',
      selections: [
        { frame_key: 'f000012', frame_time_sec: 0.48, bbox: box },
        { frame_key: 'f000062', frame_time_sec: 2.48, bbox: { x: 40, y: 50, w: 20, h: 40 } },
      ],
    });
  });

  it('moves to WAITING_FOR_PLAYER when the target is saved before the player', async () => {
    const job = await newJob();
    const { body } = await s.call('POST', `/jobs/${job.job_id}/select-target`, { frame_key: 'f000012', bbox: box });
    expect(body.status).toBe('WAITING_FOR_PLAYER');
    expect(body.target.confirmed).toBe(true);
  });

  it('requires frame_key', async () => {
    const job = await newJob();
    const { status, body } = await s.call('POST', `/jobs/${job.job_id}/select-target`, { frame_time_sec: 0.48, bbox: box });
    expect(status).toBe(400);
    expect(body.error.code).toBe('VALIDATION_FAILED');
    expect(body.error.issues).toEqual([{ field: 'selections.0.frame_key', message: expect.stringContaining('required') }]);
  });
});

describe('Save target (legacy): POST /jobs/{job_id}/target and /selection', () => {
  for (const endpoint of ['target', 'selection']) {
    it(`${endpoint}: saves the selections, marks target.confirmed=true, stores frame_key when provided`, async () => {
      const job = await newJob();
      await finishIntake(s.db, job.job_id, { error: NO_DETECTOR });
      await s.call('POST', `/jobs/${job.job_id}/select-track`, { player_ref: 1 });
      const { status, body } = await s.call('POST', `/jobs/${job.job_id}/${endpoint}`, {
        selections: [{ frame_time_sec: 1.2, bbox: box }, { frame_key: 'f000087', frame_time_sec: 3.48, bbox: box }],
      });
      expect(status).toBe(200);
      expect(body.status).toBe('READY_TO_ENQUEUE');
      expect(body.target).toEqual({
        confirmed: true,
        source: endpoint,
        selections: [
          { frame_time_sec: 1.2, bbox: box },
          { frame_key: 'f000087', frame_time_sec: 3.48, bbox: box },
        ],
      });
    });
  }
});

describe('Enqueue: POST /jobs/{job_id}/enqueue and its alias confirm-selection', () => {
  it('answers 400 NOT_READY listing every missing prerequisite, in the spec’s shape', async () => {
    const job = await newJob();
    const none = await s.call('POST', `/jobs/${job.job_id}/enqueue`);
    expect(none.status).toBe(400);
    expect(none.body).toMatchObject({ ok: false, error: { code: 'NOT_READY', missing: ['player_ref', 'target'] } });
    await finishIntake(s.db, job.job_id, { tracks: [2] });
    await s.call('POST', `/jobs/${job.job_id}/select-track`, { player_ref: 2 });
    const noTarget = await s.call('POST', `/jobs/${job.job_id}/confirm-selection`);
    expect(noTarget.body.error).toMatchObject({ code: 'NOT_READY', missing: ['target'] });

    const other = await newJob();
    await s.call('POST', `/jobs/${other.job_id}/selection`, { frame_time_sec: 1, bbox: box });
    const noPlayer = await s.call('POST', `/jobs/${other.job_id}/enqueue`);
    expect(noPlayer.body.error).toMatchObject({ code: 'NOT_READY', missing: ['player_ref'] });
    expect((await s.call('GET', `/jobs/${other.job_id}`)).body.status).toBe('WAITING_FOR_PLAYER');
  });

  for (const endpoint of ['enqueue', 'confirm-selection']) {
    it(`${endpoint}: sets QUEUED and launches the analysis; the worker sets RUNNING`, async () => {
      const job = await newJob();
      await s.call('POST', `/jobs/${job.job_id}/select-target`, { frame_key: 'f000012', bbox: box });
      await completeStep(s.db, await claimStep(s.db, job.job_id, 'previews'), { previews: [] });
      await failStep(s.db, await claimStep(s.db, job.job_id, 'candidates'), NO_DETECTOR);
      await s.call('POST', `/jobs/${job.job_id}/select-track`, { player_ref: 2, keep_target: true });
      const queued = await s.call('POST', `/jobs/${job.job_id}/${endpoint}`);
      expect(queued.status).toBe(200);
      expect(queued.body.status).toBe('QUEUED');
      const items = await listWorkItems(s.db, job.job_id);
      expect(items.map((i) => [i.src, i.state])).toEqual([
        ['extractPreviews', 'done'],
        ['trackCandidates', 'failed'],
        ['runAnalysis', 'pending'],
      ]);
      const analysis = await claimStep(s.db, job.job_id, 'analysis');
      expect((await s.call('GET', `/jobs/${job.job_id}`)).body.status).toBe('RUNNING');
      await completeStep(s.db, analysis, { outcome: 'completed', results: { coverage: 1 } });
      const done = await s.call('GET', `/jobs/${job.job_id}`);
      expect(done.body).toMatchObject({ status: 'COMPLETED', results: { coverage: 1 } });
    });
  }

  it('ends PARTIAL or FAILED as the analysis reports, keeping what succeeded', async () => {
    const partial = await readyJob();
    await s.call('POST', `/jobs/${partial}/enqueue`);
    await completeStep(s.db, await claimStep(s.db, partial, 'analysis'), { outcome: 'partial', results: { warnings: ['coverage 0.4'] } });
    expect((await s.call('GET', `/jobs/${partial}`)).body).toMatchObject({ status: 'PARTIAL', results: { warnings: ['coverage 0.4'] } });

    const failed = await readyJob();
    await s.call('POST', `/jobs/${failed}/enqueue`);
    await failStep(s.db, await claimStep(s.db, failed, 'analysis'), { code: 'DECODE_FAILED', message: 'broken at 3 s' });
    expect((await s.call('GET', `/jobs/${failed}`)).body).toMatchObject({
      status: 'FAILED',
      error: { code: 'DECODE_FAILED', message: 'broken at 3 s' },
    });
  });

  it('a second enqueue is a 409 naming the status and the events it accepts', async () => {
    const job = await readyJob();
    await s.call('POST', `/jobs/${job}/enqueue`);
    const again = await s.call('POST', `/jobs/${job}/enqueue`);
    expect(again.status).toBe(409);
    expect(again.body).toEqual({
      ok: false,
      error: {
        code: 'INVALID_TRANSITION',
        message: 'ENQUEUE is not accepted while the job is QUEUED',
        status: 'QUEUED',
        event: 'ENQUEUE',
        accepted_events: ['CANCEL'],
      },
    });
  });
});

async function readyJob(): Promise<string> {
  const job = await newJob();
  await finishIntake(s.db, job.job_id, { tracks: [2] });
  await s.call('POST', `/jobs/${job.job_id}/select-track`, { player_ref: 2 });
  await s.call('POST', `/jobs/${job.job_id}/select-target`, { frame_key: 'f000012', bbox: box });
  return job.job_id;
}

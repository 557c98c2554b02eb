import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listWorkItems } from '../../src/store/work-items';
import { startTestSpotlight, type TestSpotlight } from '../support/spotlight';
import { videoForm } from '../support/upload';
import { lavfiVideo } from '../support/videos';
import { claimStep, completeStep, failStep, finishIntake, NO_DETECTOR } from '../support/work';

/** Beyond the spec: cancel, retry, the job's history, and listing. */

let s: TestSpotlight;
let video: string;
const box = { x: 10, y: 20, w: 30, h: 60 };

beforeAll(async () => {
  s = await startTestSpotlight({ SPOTLIGHT_ROLE: 'api' });
  video = await lavfiVideo({ seconds: 4, width: 320, height: 240, fps: 25 });
});
afterAll(() => s?.stop());

async function newJob(): Promise<string> {
  const created = await s.call('POST', '/jobs', await videoForm(video, { preview_count: '4' }));
  expect(created.status).toBe(201);
  return created.body.job_id;
}

async function readyJob(): Promise<string> {
  const id = await newJob();
  await finishIntake(s.db, id, { tracks: [2] });
  await s.call('POST', `/jobs/${id}/select-track`, { player_ref: 2 });
  await s.call('POST', `/jobs/${id}/select-target`, { frame_key: 'f000012', bbox: box });
  return id;
}

describe('POST /jobs/{job_id}/cancel', () => {
  it('cancels during setup and stops the queued and running work', async () => {
    const id = await newJob();
    const running = await claimStep(s.db, id, 'previews');
    const { status, body } = await s.call('POST', `/jobs/${id}/cancel`, { reason: 'wrong video' });
    expect(status).toBe(200);
    expect(body).toMatchObject({ status: 'CANCELLED', error: { code: 'CANCELLED', message: 'wrong video' } });
    expect((await listWorkItems(s.db, id)).map((i) => i.state)).toEqual(['cancelled']);
    // The worker that held it can no longer report: its result is dropped.
    expect(await completeStep(s.db, running, { previews: [] })).toBe(false);
    expect((await s.call('GET', `/jobs/${id}`)).body.status).toBe('CANCELLED');
  });

  it('cancels a running analysis', async () => {
    const id = await readyJob();
    await s.call('POST', `/jobs/${id}/enqueue`);
    await claimStep(s.db, id, 'analysis');
    expect((await s.call('POST', `/jobs/${id}/cancel`)).body.status).toBe('CANCELLED');
    expect((await listWorkItems(s.db, id)).map((i) => [i.src, i.state])).toEqual([
      ['extractPreviews', 'done'],
      ['trackCandidates', 'done'],
      ['runAnalysis', 'cancelled'],
    ]);
  });

  it('is refused in a final state', async () => {
    const id = await newJob();
    await s.call('POST', `/jobs/${id}/cancel`);
    const again = await s.call('POST', `/jobs/${id}/cancel`);
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({ code: 'INVALID_TRANSITION', status: 'CANCELLED', accepted_events: [] });
  });
});

describe('POST /jobs/{job_id}/retry', () => {
  it('re-runs a failed analysis with the same selection', async () => {
    const id = await readyJob();
    await s.call('POST', `/jobs/${id}/enqueue`);
    await failStep(s.db, await claimStep(s.db, id, 'analysis'), { code: 'DECODE_FAILED', message: 'x' });
    const retried = await s.call('POST', `/jobs/${id}/retry`);
    expect(retried.body).toMatchObject({ status: 'QUEUED', error: null, player_ref: 'track_2' });
    expect((await listWorkItems(s.db, id)).filter((i) => i.state === 'pending').map((i) => i.src)).toEqual(['runAnalysis']);
  });

  it('re-runs a failed preview extraction and keeps the selection made meanwhile', async () => {
    const id = await newJob();
    const extraction = await claimStep(s.db, id, 'previews');
    await s.call('POST', `/jobs/${id}/select-target`, { frame_key: 'f000037', bbox: box });
    await failStep(s.db, extraction, { code: 'DECODE_FAILED', message: 'broken file' });
    const failed = await s.call('GET', `/jobs/${id}`);
    expect(failed.body).toMatchObject({ status: 'FAILED', error: { code: 'DECODE_FAILED' }, steps: { previews: { state: 'failed' } } });
    const retried = await s.call('POST', `/jobs/${id}/retry`);
    expect(retried.body).toMatchObject({ status: 'WAITING_FOR_PLAYER', error: null, target: { confirmed: true } });
    expect((await listWorkItems(s.db, id)).map((i) => [i.src, i.state])).toEqual([
      ['extractPreviews', 'failed'],
      ['extractPreviews', 'pending'],
    ]);
  });

  it('re-runs the analysis from PARTIAL, and is refused elsewhere', async () => {
    const id = await readyJob();
    expect((await s.call('POST', `/jobs/${id}/retry`)).status).toBe(409);
    await s.call('POST', `/jobs/${id}/enqueue`);
    await completeStep(s.db, await claimStep(s.db, id, 'analysis'), { outcome: 'partial', results: { warnings: ['w'] } });
    expect((await s.call('POST', `/jobs/${id}/retry`)).body).toMatchObject({ status: 'QUEUED', results: null });
  });
});

describe('GET /jobs/{job_id}/events', () => {
  it('lists every accepted event in order with the status it led to', async () => {
    const id = await readyJob();
    await s.call('POST', `/jobs/${id}/enqueue`);
    const { body } = await s.call('GET', `/jobs/${id}/events`);
    expect(body.events.map((e: any) => [e.version, e.type, e.status])).toEqual([
      [1, 'xstate.init', 'WAITING_FOR_SELECTION'],
      [2, 'previews.started', 'EXTRACTING_PREVIEWS'],
      [3, 'xstate.done.actor.previews', 'PREVIEWS_READY'],
      [4, 'candidates.started', 'TRACKING_CANDIDATES'],
      [5, 'xstate.done.actor.candidates', 'PREVIEWS_READY'],
      [6, 'SELECT_TRACK', 'WAITING_FOR_TARGET'],
      [7, 'SELECT_TARGET', 'READY_TO_ENQUEUE'],
      [8, 'ENQUEUE', 'QUEUED'],
    ]);
    expect(body.events[5].payload).toEqual({ player_ref: 2 });
    const page = await s.call('GET', `/jobs/${id}/events?after_version=6&limit=1`);
    expect(page.body.events.map((e: any) => e.version)).toEqual([7]);
  });

  it('records refused events nowhere', async () => {
    const id = await newJob();
    await s.call('POST', `/jobs/${id}/retry`);
    await s.call('POST', `/jobs/${id}/enqueue`);
    const { body } = await s.call('GET', `/jobs/${id}/events`);
    expect(body.events).toHaveLength(1);
    expect((await s.call('GET', `/jobs/${id}`)).body.version).toBe(1);
  });
});

describe('GET /jobs', () => {
  it('lists newest first, filters by status, pages with a cursor', async () => {
    const a = await newJob();
    const b = await newJob();
    const c = await newJob();
    await s.call('POST', `/jobs/${b}/cancel`);
    const first = await s.call('GET', '/jobs?limit=2');
    expect(first.body.jobs.map((j: any) => j.job_id)).toEqual([c, b]);
    const second = await s.call('GET', `/jobs?limit=2&cursor=${first.body.next_cursor}`);
    expect(second.body.jobs[0].job_id).toBe(a);
    const cancelled = await s.call('GET', '/jobs?status=CANCELLED');
    expect(cancelled.body.jobs.map((j: any) => j.job_id)).toContain(b);
    expect(cancelled.body.jobs.every((j: any) => j.status === 'CANCELLED')).toBe(true);
    expect((await s.call('GET', '/jobs?status=DONE')).status).toBe(400);
    expect((await s.call('GET', '/jobs?cursor=nope')).body.error).toMatchObject({ code: 'VALIDATION_FAILED' });
  });
});

describe('select-track once autodetection is done', () => {
  it('takes any track id when autodetection found no candidate: no dead end in WAITING_FOR_PLAYER', async () => {
    const id = await newJob();
    await s.call('POST', `/jobs/${id}/select-target`, { frame_key: 'f000012', bbox: box });
    await finishIntake(s.db, id, { tracks: [] });
    const waiting = await s.call('GET', `/jobs/${id}`);
    expect(waiting.body).toMatchObject({ status: 'WAITING_FOR_PLAYER' });
    expect(waiting.body.accepted_events).toContain('SELECT_TRACK');

    const picked = await s.call('POST', `/jobs/${id}/select-track`, { player_ref: 7, keep_target: true });
    expect(picked.status).toBe(200);
    expect(picked.body).toMatchObject({ status: 'READY_TO_ENQUEUE', player_ref: 'track_7', notice: expect.stringContaining('not one of the candidates') });
    expect((await s.call('POST', `/jobs/${id}/enqueue`)).body.status).toBe('QUEUED');
  });

  it('takes a track the candidates missed beside the ones found', async () => {
    const id = await newJob();
    await finishIntake(s.db, id, { tracks: [2, 4] });
    const picked = await s.call('POST', `/jobs/${id}/select-track`, { player_ref: 'track_9' });
    expect(picked.status).toBe(200);
    expect(picked.body).toMatchObject({ status: 'WAITING_FOR_TARGET', player_ref: 'track_9' });
  });

  it('still refuses an unknown track while autodetection works, saying it will take it once done', async () => {
    const id = await newJob();
    await completeStep(s.db, await claimStep(s.db, id, 'previews'), { previews: [] });
    const refused = await s.call('POST', `/jobs/${id}/select-track`, { player_ref: 9 });
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toMatch(/found none yet.*once it is done any track id is accepted/);
  });

  it('refuses what names no track at any time', async () => {
    const id = await newJob();
    await finishIntake(s.db, id, { tracks: [] });
    const refused = await s.call('POST', `/jobs/${id}/select-track`, { player_ref: 'striker' });
    expect(refused.status).toBe(400);
    expect(refused.body.error.issues[0].field).toBe('player_ref');
  });
});

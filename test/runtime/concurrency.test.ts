import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initialTransition, transition } from 'xstate';
import { jobMachine } from '../../machines/job.machine';
import type { JobEvent, JobInput } from '../../machines/job.types';
import { statusOf } from '../../machines/status';
import { restoreJobSnapshot } from '../../src/runtime/job-snapshot';
import { listJobEvents } from '../../src/store/job-events';
import { findJob } from '../../src/store/jobs';
import { listWorkItems } from '../../src/store/work-items';
import { usingPostgres } from '../support/database';
import { startTestSpotlight, type TestSpotlight } from '../support/spotlight';
import { videoForm } from '../support/upload';
import { lavfiVideo } from '../support/videos';
import { finishIntake } from '../support/work';

/**
 * 50 conflicting requests at once on one job. On PostgreSQL they really run in parallel
 * transactions (a pool of 10); on PGlite they interleave on its one session. Either way events
 * must serialize: nothing lost, nothing applied twice, and the stored history must replay, event
 * by event, through the machine to the stored state.
 */

let s: TestSpotlight;
let video: string;

beforeAll(async () => {
  s = await startTestSpotlight({ SPOTLIGHT_ROLE: 'api' });
  video = await lavfiVideo({ seconds: 4, width: 320, height: 240, fps: 25 });
});
afterAll(() => s?.stop());

/** Rounds 0 and 1 race selections and enqueues; rounds 2 and 3 add cancels to the mix. */
function requests(jobId: string, round: number) {
  const calls: Array<() => Promise<{ status: number; body: any }>> = [];
  for (let i = 0; i < 50; i++) {
    const kind = (i * 7 + round) % 10;
    if (kind < 4) calls.push(() => s.call('POST', `/jobs/${jobId}/select-track`, { player_ref: 1 + (i % 4) }));
    else if (kind < 8) calls.push(() => s.call('POST', `/jobs/${jobId}/select-target`, { frame_key: 'f000012', bbox: [i, 10, 20, 40] }));
    else if (kind < 9 || round < 2) calls.push(() => s.call('POST', `/jobs/${jobId}/${i % 2 ? 'enqueue' : 'confirm-selection'}`));
    else calls.push(() => s.call('POST', `/jobs/${jobId}/cancel`, { reason: `request ${i}` }));
  }
  return calls;
}

describe(`50 concurrent conflicting requests on one job (${usingPostgres ? 'PostgreSQL' : 'PGlite'})`, () => {
  it.each([0, 1, 2, 3])('round %i: serialized, complete, replayable', async (round) => {
    const created = await s.call('POST', '/jobs', await videoForm(video, { preview_count: '4' }));
    const jobId: string = created.body.job_id;
    await finishIntake(s.db, jobId, { tracks: [1, 2, 3, 4] });

    const responses = await Promise.all(requests(jobId, round).map((call) => call()));
    for (const r of responses) {
      expect([200, 400, 409], JSON.stringify(r.body)).toContain(r.status);
      if (r.status === 400) expect(r.body.error.code).toBe('NOT_READY');
      if (r.status === 409) expect(r.body.error.status).toMatch(/QUEUED|CANCELLED/);
      if (r.status === 409) expect(r.body.error.code).toBe('INVALID_TRANSITION');
    }
    const accepted = responses.filter((r) => r.status === 200).length;
    expect(accepted).toBeGreaterThan(0);

    const row = (await findJob(s.db, jobId))!;
    const history = await listJobEvents(s.db, jobId, { afterVersion: 0, limit: 1000 });
    expect(history).toHaveLength(5 + accepted); // creation and the four intake events, then the requests
    expect(history.map((e) => e.version)).toEqual(history.map((_, i) => i + 1));
    expect(row.version).toBe(history.length);

    // Replaying the history through the pure machine must land exactly on the stored state.
    let [snapshot] = initialTransition(jobMachine, history[0].payload as JobInput);
    for (const event of history.slice(1)) {
      const next = { type: event.type, ...(event.payload as object) } as JobEvent;
      expect(snapshot.can(next), `${event.type} at version ${event.version}`).toBe(true);
      [snapshot] = transition(jobMachine, snapshot, next);
      expect(statusOf(snapshot)).toBe(event.status);
    }
    const stored = restoreJobSnapshot(row.snapshot);
    expect(snapshot.value).toEqual(stored.value);
    expect(row.status).toBe(statusOf(stored));

    // Work matches the state: a cancelled or queued job has exactly the work its state invokes.
    const live = (await listWorkItems(s.db, jobId)).filter((i) => i.state === 'pending' || i.state === 'running');
    if (row.status === 'CANCELLED') expect(live).toEqual([]);
    if (row.status === 'QUEUED') expect(live.map((i) => i.src)).toEqual(['runAnalysis']);
  });
});

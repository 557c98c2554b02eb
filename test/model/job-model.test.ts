import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobEvent } from '../../machines/job.types';
import { statusOf } from '../../machines/status';
import type { WorkItemRow } from '../../src/store/database';
import { listJobEvents } from '../../src/store/job-events';
import { startTestSpotlight, type TestSpotlight } from '../support/spotlight';
import { videoForm } from '../support/upload';
import { lavfiVideo } from '../support/videos';
import { claimStep, completeStep, failStep, publishStep } from '../support/work';
import { boundedSimplePaths, type JobModelSnapshot, MODEL_FRAME_KEY, shortestPaths } from './job-model';

/**
 * Model-based: paths through the job statechart (@xstate/graph) replayed on the real app — HTTP
 * for the user's events, the runtime's own queue for the worker's — on the real database, with
 * the spec status checked after every step.
 */

const SIMPLE_PATH_STEPS = 5;

let spotlight: TestSpotlight;
let video: string;

beforeAll(async () => {
  // No worker: the test plays the worker's part itself, step by step.
  spotlight = await startTestSpotlight({ SPOTLIGHT_ROLE: 'api' });
  video = await lavfiVideo({ seconds: 4, width: 320, height: 240, fps: 25 });
});
afterAll(() => spotlight?.stop());

type Path = { steps: { event: JobEvent; state: JobModelSnapshot }[] };

async function replay(path: Path, index: number) {
  const created = await spotlight.call('POST', '/jobs', await videoForm(video, { preview_count: '4' }));
  expect(created.status).toBe(201);
  expect(created.body.status).toBe('WAITING_FOR_SELECTION');
  const jobId: string = created.body.job_id;
  const claimed = new Map<string, WorkItemRow>();
  let expectedVersion = 1;

  for (const { event, state } of path.steps) {
    if ((event.type as string) === 'xstate.init') continue;
    const expected = statusOf(state);
    const [, step] = /^(?:xstate\.(?:done|error)\.actor\.)?(previews|candidates|analysis)(?:\.started|\.found)?$/.exec(event.type) ?? [];
    let status: string;
    if (event.type === 'candidates.found') {
      expect(await publishStep(spotlight.db, claimed.get(step)!, event)).toBe(true);
      status = (await spotlight.call('GET', `/jobs/${jobId}`)).body.status;
    } else if (event.type.endsWith('.started')) {
      claimed.set(step, await claimStep(spotlight.db, jobId, step));
      status = (await spotlight.call('GET', `/jobs/${jobId}`)).body.status;
    } else if (event.type.startsWith('xstate.done.actor.')) {
      expect(await completeStep(spotlight.db, claimed.get(step)!, (event as { output: unknown }).output)).toBe(true);
      status = (await spotlight.call('GET', `/jobs/${jobId}`)).body.status;
    } else if (event.type.startsWith('xstate.error.actor.')) {
      expect(await failStep(spotlight.db, claimed.get(step)!, (event as { error: any }).error)).toBe(true);
      status = (await spotlight.call('GET', `/jobs/${jobId}`)).body.status;
    } else {
      const response = await sendUserEvent(jobId, event, index);
      expect(response.status, JSON.stringify(response.body)).toBe(200);
      status = response.body.status;
    }
    expectedVersion += 1;
    expect(status, `after ${event.type}`).toBe(expected);
  }

  const history = await listJobEvents(spotlight.db, jobId, { afterVersion: 0, limit: 100 });
  const events = path.steps.map((s) => s.event.type as string).filter((t) => t !== 'xstate.init');
  expect(history.map((e) => e.type)).toEqual(['xstate.init', ...events]);
  expect(history.at(-1)?.version).toBe(expectedVersion);
}

function sendUserEvent(jobId: string, event: JobEvent, index: number) {
  switch (event.type) {
    case 'SELECT_TRACK':
      return spotlight.call('POST', `/jobs/${jobId}/select-track`, {
        player_ref: event.player_ref,
        ...(event.keep_target ? { keep_target: true } : {}),
      });
    case 'SELECT_TARGET':
      return spotlight.call('POST', `/jobs/${jobId}/select-target`, {
        frame_key: MODEL_FRAME_KEY,
        bbox: event.selections[0].bbox,
      });
    case 'ENQUEUE':
      // Both names of the endpoint, alternately.
      return spotlight.call('POST', `/jobs/${jobId}/${index % 2 ? 'confirm-selection' : 'enqueue'}`);
    case 'CANCEL':
      return spotlight.call('POST', `/jobs/${jobId}/cancel`);
    case 'RETRY':
      return spotlight.call('POST', `/jobs/${jobId}/retry`);
    default:
      throw new Error(`no HTTP call for ${event.type}`);
  }
}

describe('job statechart replayed over HTTP', () => {
  const shortest = shortestPaths();
  const simple = boundedSimplePaths(SIMPLE_PATH_STEPS);

  it('the paths reach every status of the spec', () => {
    const reached = new Set([...shortest, ...simple].flatMap((p) => p.steps.map((s) => statusOf(s.state))));
    expect([...reached].sort()).toEqual(
      [
        'WAITING_FOR_SELECTION', 'EXTRACTING_PREVIEWS', 'PREVIEWS_READY', 'TRACKING_CANDIDATES', 'WAITING_FOR_TARGET',
        'WAITING_FOR_PLAYER', 'READY_TO_ENQUEUE', 'QUEUED', 'RUNNING', 'COMPLETED', 'PARTIAL', 'FAILED', 'CANCELLED',
      ].sort(),
    );
    expect(simple.length).toBeGreaterThan(50);
  });

  it.each(shortest.map((p, i) => [i, p.steps.map((s) => s.event.type).join(' → ') || '(initial)', p] as const))(
    'shortest path %i: %s',
    async (index, _name, path) => {
      await replay(path as unknown as Path, index);
    },
  );

  it.each(simple.map((p, i) => [i, p.steps.map((s) => s.event.type).join(' → '), p] as const))(
    'simple path %i: %s',
    async (index, _name, path) => {
      await replay(path as unknown as Path, index);
    },
  );
});

import { getAdjacencyMap, type StatePath, TestModel } from '@xstate/graph';
import type { SnapshotFrom } from 'xstate';
import { jobMachine } from '../../machines/job.machine';
import type { Candidate, JobEvent, JobInput } from '../../machines/job.types';

/**
 * The job machine as a test model: which events each state is offered, and how states are told
 * apart. Service completions and failures are modelled as the `xstate.done.actor.*` /
 * `xstate.error.actor.*` events a worker sends; a step can only end once it has started, as with
 * a real worker, which always reports `<step>.started` when it claims the work.
 */

export type JobModelSnapshot = SnapshotFrom<typeof jobMachine>;

/** The preview the model's target is drawn on; the replayed job's plan must contain it. */
export const MODEL_FRAME_KEY = 'f000012';

export const modelInput: JobInput = {
  jobId: 'model',
  source: { key: 'model', kind: 'upload', filename: null },
  video: {
    duration_sec: 4,
    fps: 25,
    width: 320,
    height: 240,
    codec: 'h264',
    frame_count: 100,
    rotation: 0,
    has_audio: false,
    start_time_sec: 0,
    container: 'mp4',
    bit_rate: null,
  },
  options: { preview_count: 4, analysis_fps: 10, static_camera: false, calibration: null },
  previewPlan: [{ frame_key: MODEL_FRAME_KEY, frame_index: 12, frame_time_sec: 0.48 }],
};

const error = (code: string) => ({ code, message: `modelled ${code}` });

/** The candidate the model's user picks: found by autodetection (partially or at its end). */
export const MODEL_TRACK = 3;
const modelCandidate: Candidate = {
  track_id: MODEL_TRACK,
  frames: [{ frame_key: MODEL_FRAME_KEY, frame_time_sec: 0.48, bbox: { x: 10, y: 20, w: 30, h: 60 }, score: 0.8 }],
  length: 1,
  mean_score: 0.8,
};

function phase(snapshot: JobModelSnapshot, step: 'previews' | 'candidates' | 'analysis'): string | undefined {
  const value = snapshot.value as Record<string, any>;
  if (typeof value !== 'object') return undefined;
  return step === 'analysis' ? value.analysis : value.setup?.intake?.[step];
}

function modelEvents(snapshot: JobModelSnapshot): JobEvent[] {
  const events: JobEvent[] = [
    { type: 'SELECT_TRACK', player_ref: MODEL_TRACK },
    { type: 'SELECT_TRACK', player_ref: MODEL_TRACK, keep_target: true },
    {
      type: 'SELECT_TARGET',
      source: 'select-target',
      selections: [{ frame_key: MODEL_FRAME_KEY, frame_time_sec: 0.48, bbox: { x: 10, y: 20, w: 30, h: 60 } }],
    },
    { type: 'ENQUEUE' },
    { type: 'CANCEL' },
    { type: 'RETRY' },
  ];
  for (const step of ['previews', 'candidates', 'analysis'] as const) {
    const p = phase(snapshot, step);
    if (p === 'queued') events.push({ type: `${step}.started` });
    if (p !== 'running') continue;
    if (step === 'previews') events.push({ type: 'xstate.done.actor.previews', output: { previews: [] } });
    if (step === 'candidates') {
      if (snapshot.context.candidates === null) events.push({ type: 'candidates.found', candidates: [modelCandidate] });
      events.push({ type: 'xstate.done.actor.candidates', output: { candidates: [modelCandidate] } });
    }
    if (step === 'analysis') {
      events.push({ type: 'xstate.done.actor.analysis', output: { outcome: 'completed', results: { modelled: true } } });
      events.push({ type: 'xstate.done.actor.analysis', output: { outcome: 'partial', results: { modelled: true } } });
    }
    events.push({ type: `xstate.error.actor.${step}`, error: error(`${step.toUpperCase()}_FAILED`) });
  }
  return events;
}

/** States differ by value and by the context facts that change what comes next. */
function serializeState(snapshot: JobModelSnapshot): string {
  const c = snapshot.context;
  return JSON.stringify([
    snapshot.value,
    c.playerRef !== null,
    c.target !== null,
    c.failedStep,
    c.previews !== null,
    c.candidates !== null,
    c.candidatesError !== null,
  ]);
}

const traversal = { events: modelEvents, serializeState, input: modelInput };

export const jobTestModel = new TestModel(jobMachine, traversal);

/** The shortest path to every distinct state. */
export function shortestPaths(): StatePath<JobModelSnapshot, JobEvent>[] {
  return jobTestModel.getShortestPaths();
}

/**
 * Every simple path (no state visited twice) of at most `maxSteps` events, from the initial
 * state: the full set is tens of thousands of paths, most of them long permutations.
 */
export function boundedSimplePaths(maxSteps: number): StatePath<JobModelSnapshot, JobEvent>[] {
  const adjacency = getAdjacencyMap(jobMachine, traversal);
  const [initialKey] = Object.keys(adjacency);
  const paths: StatePath<JobModelSnapshot, JobEvent>[] = [];
  const visit = (key: string, steps: StatePath<JobModelSnapshot, JobEvent>['steps'], seen: Set<string>) => {
    if (steps.length > 0) paths.push({ state: steps[steps.length - 1].state, steps: [...steps], weight: steps.length });
    if (steps.length === maxSteps) return;
    for (const { event, state } of Object.values(adjacency[key as keyof typeof adjacency].transitions)) {
      const next = serializeState(state);
      if (seen.has(next)) continue;
      seen.add(next);
      visit(next, [...steps, { event, state }], seen);
      seen.delete(next);
    }
  };
  visit(initialKey, [], new Set([initialKey]));
  return paths;
}

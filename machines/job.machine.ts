import { and, assign, fromPromise, not, or, setup, stateIn } from 'xstate';
import type {
  AnalysisInput,
  AnalysisOutput,
  CandidatesInput,
  CandidatesOutput,
  JobContext,
  JobError,
  JobEvent,
  JobInput,
  PreviewsInput,
  PreviewsOutput,
} from './job.types';
import { mergeCandidates } from './candidates';
import { normalisePlayerRef } from './player-ref';
import { missingPrerequisites } from './prerequisites';
import { checkPlayerRef } from './selection-rules';

/**
 * The machine only declares its services; a worker runs them (src/runtime) and reports back with
 * `xstate.done.actor.<id>` / `xstate.error.actor.<id>`. Nothing here ever runs a promise.
 */
function declaredService<TOutput, TInput>(src: string) {
  return fromPromise<TOutput, TInput>(async () => {
    throw new Error(`${src} runs in a worker, never inside the machine`);
  });
}

const errorOf = (event: JobEvent): JobError =>
  'error' in event ? event.error : { code: 'UNKNOWN', message: `unexpected ${event.type}` };

/**
 * The Spotlight job: a parallel `setup` phase (background intake of previews and candidates
 * beside the user's selection), then the analysis, then an end state.
 * Statuses of the spec are derived from the state value by `statusOf` (status.ts).
 */
export const jobMachine = setup({
  types: {} as {
    context: JobContext;
    events: JobEvent;
    input: JobInput;
  },
  actors: {
    extractPreviews: declaredService<PreviewsOutput, PreviewsInput>('extractPreviews'),
    trackCandidates: declaredService<CandidatesOutput, CandidatesInput>('trackCandidates'),
    runAnalysis: declaredService<AnalysisOutput, AnalysisInput>('runAnalysis'),
  },
  guards: {
    prerequisitesMet: ({ context }) => missingPrerequisites(context).length === 0,
    hasPlayerAndTarget: ({ context }) => context.playerRef != null && context.target != null,
    hasPlayer: ({ context }) => context.playerRef != null,
    hasTarget: ({ context }) => context.target != null,
    autodetectionDone: stateIn('#job.setup.intake.done'),
    playerRefAcceptableWhileWorking: ({ context, event }) =>
      event.type === 'SELECT_TRACK' && checkPlayerRef(event.player_ref, context, 'working') === null,
    playerRefAcceptableOnceDone: ({ context, event }) =>
      event.type === 'SELECT_TRACK' && checkPlayerRef(event.player_ref, context, 'done') === null,
    // Which rule applies depends on the intake region's state, so the guard reads it (stateIn).
    playerRefAcceptable: or([
      and(['autodetectionDone', 'playerRefAcceptableOnceDone']),
      and([not('autodetectionDone'), 'playerRefAcceptableWhileWorking']),
    ]),
    keepsTarget: ({ context, event }) =>
      event.type === 'SELECT_TRACK' && event.keep_target === true && context.target != null,
    analysisPartial: ({ event }) =>
      event.type === 'xstate.done.actor.analysis' && event.output.outcome === 'partial',
    failedInAnalysis: ({ context }) => context.failedStep === 'analysis',
  },
  actions: {
    savePlayerRef: assign({
      playerRef: ({ event }) => (event.type === 'SELECT_TRACK' ? event.player_ref : null),
    }),
    resetTarget: assign({ target: null }),
    saveTarget: assign({
      target: ({ event, context }) =>
        event.type === 'SELECT_TARGET'
          ? { confirmed: true as const, selections: event.selections, source: event.source }
          : context.target,
    }),
    savePreviews: assign({
      previews: ({ event, context }) =>
        event.type === 'xstate.done.actor.previews' ? event.output.previews : context.previews,
    }),
    saveCandidates: assign({
      candidates: ({ event, context }) =>
        event.type === 'xstate.done.actor.candidates' ? event.output.candidates : context.candidates,
      candidatesError: null,
    }),
    addFoundCandidates: assign({
      candidates: ({ event, context }) =>
        event.type === 'candidates.found' ? mergeCandidates(context.candidates, event.candidates) : context.candidates,
    }),
    recordCandidatesError: assign({ candidatesError: ({ event }) => errorOf(event) }),
    clearCandidates: assign({ candidates: null, candidatesError: null }),
    saveResults: assign({
      results: ({ event, context }) =>
        event.type === 'xstate.done.actor.analysis' ? event.output.results : context.results,
    }),
    clearResults: assign({ results: null }),
    recordPreviewsFailure: assign({ error: ({ event }) => errorOf(event), failedStep: 'previews' as const }),
    recordAnalysisFailure: assign({ error: ({ event }) => errorOf(event), failedStep: 'analysis' as const }),
    recordCancellation: assign({
      error: ({ event }) => ({
        code: 'CANCELLED',
        message: event.type === 'CANCEL' && event.reason ? event.reason : 'cancelled by the user',
      }),
    }),
    clearError: assign({ error: null, failedStep: null }),
  },
}).createMachine({
  id: 'job',
  initial: 'setup',
  context: ({ input }) => ({
    ...input,
    previews: null,
    candidates: null,
    candidatesError: null,
    playerRef: null,
    target: null,
    results: null,
    error: null,
    failedStep: null,
  }),
  states: {
    setup: {
      type: 'parallel',
      on: {
        ENQUEUE: { guard: 'prerequisitesMet', target: 'analysis' },
        CANCEL: { target: 'cancelled', actions: 'recordCancellation' },
      },
      states: {
        intake: {
          initial: 'previews',
          states: {
            previews: {
              initial: 'queued',
              entry: 'clearCandidates',
              invoke: {
                id: 'previews',
                src: 'extractPreviews',
                input: ({ context }) => ({
                  jobId: context.jobId,
                  source: context.source,
                  video: context.video,
                  frames: context.previewPlan,
                }),
                onDone: { target: 'candidates', actions: 'savePreviews' },
                onError: { target: '#job.failed', actions: 'recordPreviewsFailure' },
              },
              states: {
                queued: { on: { 'previews.started': 'running' } },
                running: {},
              },
            },
            candidates: {
              initial: 'queued',
              invoke: {
                id: 'candidates',
                src: 'trackCandidates',
                input: ({ context }) => ({
                  jobId: context.jobId,
                  source: context.source,
                  video: context.video,
                  previews: context.previews ?? [],
                }),
                onDone: { target: 'done', actions: 'saveCandidates' },
                // Autodetection is a help, not a prerequisite: the target's bbox identifies the player.
                onError: { target: 'done', actions: 'recordCandidatesError' },
              },
              states: {
                queued: { on: { 'candidates.started': 'running' } },
                running: { on: { 'candidates.found': { actions: 'addFoundCandidates' } } },
              },
            },
            done: {},
          },
        },
        selection: {
          initial: 'resolving',
          on: {
            SELECT_TRACK: [
              { guard: and(['playerRefAcceptable', 'keepsTarget']), target: '.ready', actions: 'savePlayerRef' },
              { guard: 'playerRefAcceptable', target: '.waitingForTarget', actions: ['savePlayerRef', 'resetTarget'] },
            ],
            SELECT_TARGET: [
              { guard: 'hasPlayer', target: '.ready', actions: 'saveTarget' },
              { target: '.waitingForPlayer', actions: 'saveTarget' },
            ],
          },
          states: {
            // Re-entering setup (RETRY after a failed extraction) resumes the user's selection.
            resolving: {
              always: [
                { guard: 'hasPlayerAndTarget', target: 'ready' },
                { guard: 'hasPlayer', target: 'waitingForTarget' },
                { guard: 'hasTarget', target: 'waitingForPlayer' },
                { target: 'none' },
              ],
            },
            none: {},
            waitingForTarget: {},
            waitingForPlayer: {},
            ready: {},
          },
        },
      },
    },
    analysis: {
      initial: 'queued',
      entry: 'clearResults',
      on: {
        CANCEL: { target: 'cancelled', actions: 'recordCancellation' },
      },
      invoke: {
        id: 'analysis',
        src: 'runAnalysis',
        input: ({ context }) => ({
          jobId: context.jobId,
          source: context.source,
          video: context.video,
          options: context.options,
          playerRef: normalisePlayerRef(context.playerRef) ?? '',
          target: context.target!,
          candidates: context.candidates,
        }),
        onDone: [
          { guard: 'analysisPartial', target: 'partial', actions: 'saveResults' },
          { target: 'completed', actions: 'saveResults' },
        ],
        onError: { target: 'failed', actions: 'recordAnalysisFailure' },
      },
      states: {
        queued: { on: { 'analysis.started': 'running' } },
        running: {},
      },
    },
    completed: { type: 'final' },
    partial: {
      on: { RETRY: { target: 'analysis' } },
    },
    failed: {
      on: {
        RETRY: [
          { guard: 'failedInAnalysis', target: 'analysis', actions: 'clearError' },
          { target: 'setup', actions: 'clearError' },
        ],
      },
    },
    cancelled: { type: 'final' },
  },
});

export type JobMachine = typeof jobMachine;

import type { StateValue } from 'xstate';
import type { JobContext, StepId } from './job.types';

export type StepState = 'pending' | 'running' | 'completed' | 'partial' | 'failed' | 'stopped';

type Value = Record<string, any>;

/** The phase (`queued`/`running`) of a step whose invoke is live, else undefined. */
function livePhase(value: StateValue, step: StepId): string | undefined {
  if (typeof value === 'string') return undefined;
  const v = value as Value;
  if (step === 'analysis') return v.analysis;
  const intake = v.setup?.intake;
  return intake && typeof intake === 'object' ? intake[step] : undefined;
}

/**
 * Where each durable step of a job stands, derived from its state value and context.
 *
 * @example stepStates({ analysis: 'running' }, context).analysis // 'running'
 */
export function stepStates(
  value: StateValue,
  context: Pick<JobContext, 'previews' | 'candidates' | 'candidatesError' | 'failedStep'>,
): Record<StepId, StepState> {
  const state = (step: StepId, completed: boolean, failed: boolean, notYet: boolean): StepState => {
    const phase = livePhase(value, step);
    if (phase) return phase === 'running' ? 'running' : 'pending';
    if (failed) return 'failed';
    if (completed) return 'completed';
    return notYet ? 'pending' : 'stopped';
  };
  const inSetup = typeof value === 'object' && 'setup' in value;
  return {
    previews: state('previews', context.previews !== null, context.failedStep === 'previews', false),
    candidates: state('candidates', context.candidates !== null, context.candidatesError !== null, inSetup),
    analysis:
      value === 'completed'
        ? 'completed'
        : value === 'partial'
          ? 'partial'
          : state('analysis', false, context.failedStep === 'analysis', inSetup),
  };
}

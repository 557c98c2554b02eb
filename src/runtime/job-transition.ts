import { type AnyActorScope, type AnyStateMachine, createActor, type ExecutableActionsFrom } from 'xstate';
import { jobMachine } from '../../machines/job.machine';
import type { JobEvent } from '../../machines/job.types';
import type { JobSnapshot } from './job-snapshot';

type JobAction = ExecutableActionsFrom<typeof jobMachine>;

let actions: JobAction[] = [];

/**
 * One inert scope for every transition. xstate 5's `transition()` builds a throwaway actor per
 * call, which computes the machine's whole initial snapshot — half the cost of a transition and
 * a tenth of an HTTP event's (upstream removes it in v6: statelyai/xstate#5632). The scope is safe
 * to share: its actor is never started, its effects are no-ops, the machine gives no invoke a
 * systemId (so nothing is registered in its system), and a transition runs synchronously.
 */
const inert = createActor(jobMachine as AnyStateMachine);
const scope = {
  self: inert,
  id: '',
  sessionId: '',
  logger: () => {},
  defer: () => {},
  emit: () => {},
  system: inert.system,
  stopChild: () => {},
  actionExecutor: (action) => void actions.push(action as JobAction),
} satisfies AnyActorScope;

/**
 * The next snapshot and the actions to execute, as xstate's pure `transition(jobMachine, …)`
 * returns them. An event the state does not accept returns the very same snapshot.
 */
export function transitionJob(snapshot: JobSnapshot, event: JobEvent): [JobSnapshot, JobAction[]] {
  actions = [];
  const next = jobMachine.transition(snapshot, event, scope);
  return [next, actions];
}

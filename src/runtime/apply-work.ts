import type { AnyStateMachine, StateValue } from 'xstate';
import { activeInvokeIds } from '../../machines/introspection';
import type { Executor } from '../store/database';
import { cancelWorkItemsExcept, cancelWorkItemsOf, insertWorkItem } from '../store/work-items';
import type { WorkPolicy } from './work-policy';

/** An action as `transition()` returns it; assign actions are already applied and never appear. */
export interface TransitionAction {
  type: string;
  params?: unknown;
}

/**
 * Turns the actions of a pure transition into durable work, inside the caller's transaction:
 * every spawned child becomes a work item (the outbox), and live items of children the new
 * state no longer invokes are cancelled. Returns the ids of the spawned actors.
 */
export async function applyWork(
  trx: Executor,
  machine: AnyStateMachine,
  jobId: string,
  value: StateValue,
  actions: readonly TransitionAction[],
  policy: WorkPolicy,
): Promise<string[]> {
  const spawned: string[] = [];
  let stopped = false;
  for (const action of actions) {
    if (action.type === 'xstate.spawnChild') {
      const { id, src, input } = action.params as { id: string; src: string; input: unknown };
      await cancelWorkItemsOf(trx, jobId, id);
      await insertWorkItem(trx, { jobId, actorId: id, src, input, maxAttempts: policy.maxAttempts });
      spawned.push(id);
    } else if (action.type === 'xstate.stopChild') {
      stopped = true;
    } else {
      // A delayed event or a custom action would be lost on restart: refuse it loudly.
      throw new Error(`the job runtime cannot run action '${action.type}' durably`);
    }
  }
  // A restored snapshot has no live children, so stopChild carries no id: reconcile instead.
  if (stopped) await cancelWorkItemsExcept(trx, jobId, activeInvokeIds(machine, value));
  return spawned;
}

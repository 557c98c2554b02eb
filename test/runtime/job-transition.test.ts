import { initialTransition, transition } from 'xstate';
import { describe, expect, it } from 'vitest';
import { jobMachine } from '../../machines/job.machine';
import type { JobEvent } from '../../machines/job.types';
import { type JobSnapshot, persistJobSnapshot, restoreJobSnapshot } from '../../src/runtime/job-snapshot';
import { transitionJob } from '../../src/runtime/job-transition';
import { boundedSimplePaths, modelInput, shortestPaths } from '../model/job-model';

/** What a transition's actions amount to for the runtime: their types and the children they name. */
function actionSummary(actions: readonly { type: string; params?: unknown }[]) {
  return actions.map((a) => {
    const params = a.params as { id?: string; src?: string } | undefined;
    return [a.type, params?.id ?? null, typeof params?.src === 'string' ? params.src : null];
  });
}

describe('transitionJob (one shared inert scope) against xstate’s transition()', () => {
  const paths = [...shortestPaths(), ...boundedSimplePaths(4)];

  it(`gives the same snapshots and actions along ${paths.length} model paths, refusals included`, () => {
    let refusals = 0;
    for (const path of paths) {
      let [ours] = initialTransition(jobMachine, modelInput) as [JobSnapshot, unknown];
      let theirs = ours;
      for (const { event } of path.steps.slice(1)) {
        // As the runtime does: each event starts from a snapshot restored from its stored JSON.
        const fromStore = () => restoreJobSnapshot(JSON.parse(JSON.stringify(persistJobSnapshot(ours))));
        const [nextOurs, ourActions] = transitionJob(fromStore(), event as JobEvent);
        const [nextTheirs, theirActions] = transition(jobMachine, restoreJobSnapshot(JSON.parse(JSON.stringify(persistJobSnapshot(theirs)))), event as JobEvent);
        expect(persistJobSnapshot(nextOurs)).toEqual(persistJobSnapshot(nextTheirs));
        expect(actionSummary(ourActions)).toEqual(actionSummary(theirActions));
        ours = nextOurs;
        theirs = nextTheirs;
      }
      // An event the final state refuses leaves the very snapshot it was given.
      const current = restoreJobSnapshot(persistJobSnapshot(ours));
      const [same] = transitionJob(current, { type: 'SELECT_TRACK', player_ref: 'not a track' } as JobEvent);
      if (same === current) refusals++;
    }
    expect(refusals).toBeGreaterThan(0);
  });
});

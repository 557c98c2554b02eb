import type { JobContext } from './job.types';
import { normalisePlayerRef } from './player-ref';

export type Prerequisite = 'player_ref' | 'target';

/**
 * The enqueue prerequisites of the spec that the job does not meet yet, in the spec's order.
 *
 * @example missingPrerequisites({ playerRef: 'track_3', target: null }) // ['target']
 */
export function missingPrerequisites(context: Pick<JobContext, 'playerRef' | 'target'>): Prerequisite[] {
  const missing: Prerequisite[] = [];
  if (normalisePlayerRef(context.playerRef) === null) missing.push('player_ref');
  if (context.target?.confirmed !== true || context.target.selections.length === 0) missing.push('target');
  return missing;
}

import type { Candidate } from './job.types';

/**
 * Candidates found so far, updated with the ones a tracking step just reported (each reported
 * candidate is complete, so it replaces its earlier version), in track id order.
 *
 * @example mergeCandidates([{ track_id: 1, ... }], [{ track_id: 2, ... }]).map((c) => c.track_id) // [1, 2]
 */
export function mergeCandidates(known: Candidate[] | null, found: Candidate[]): Candidate[] {
  const byId = new Map((known ?? []).map((c) => [c.track_id, c]));
  for (const candidate of found) byId.set(candidate.track_id, candidate);
  return [...byId.values()].sort((a, b) => a.track_id - b.track_id);
}

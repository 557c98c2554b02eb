import type { Box } from '../tracking/box';
import { centreDistance } from './follow-candidates';

/** A box the tracker holds this frame under an id. */
export interface TrackedBox {
  id: number;
  box: Box;
}

/** How far a companion's box may move or change size between two sightings before it no longer counts. */
export interface JumpLimits {
  /** Centre distance (box sizes, see `centreDistance`): `moveBase + movePerSec · seconds between sightings`. */
  moveBase: number;
  movePerSec: number;
  /** |ln(height ratio)|: `sizeBase + sizePerSec · seconds`. */
  sizeBase: number;
  sizePerSec: number;
}

/**
 * Tracks seen at the same time as the sure target and apart from it: other people, who are never
 * candidates for the target. A companion stops being one when the tracker forgets it, when it
 * overlaps the target (a swap becomes possible), or when its box jumps between two sightings (the
 * tracker may have switched it to someone else — maybe to the target). Memory: one box per live
 * track.
 *
 * @example
 * const companions = new Companions(limits);
 * companions.note(otherTracks, frame.timeSec);
 * companions.has(candidate.trackId)
 */
export class Companions {
  private readonly known = new Map<number, { box: Box; time: number }>();

  constructor(private readonly limits: JumpLimits) {}

  /** Whether a track is a known other person. @example companions.has(7) */
  has(id: number): boolean {
    return this.known.has(id);
  }

  /** Records tracks seen apart from the sure target at `timeSec`. @example companions.note([{ id: 3, box }], 12.4) */
  note(tracks: readonly TrackedBox[], timeSec: number): void {
    for (const t of tracks) this.known.set(t.id, { box: t.box, time: timeSec });
  }

  /** Forgets one track (it touched the target). @example companions.forget(3) */
  forget(id: number): void {
    this.known.delete(id);
  }

  /** Forgets all (a seed showed the follower was on someone else). @example companions.clear() */
  clear(): void {
    this.known.clear();
  }

  /**
   * Updates the companions with this frame's tracked boxes: drops those whose box jumped, and
   * those not in `alive` (tracked or lost) any more.
   *
   * @example companions.review(trackedBoxes, new Set([...trackedIds, ...lostIds]), frame.timeSec)
   */
  review(tracked: readonly TrackedBox[], alive: ReadonlySet<number>, timeSec: number): void {
    if (this.known.size === 0) return;
    const l = this.limits;
    for (const t of tracked) {
      const before = this.known.get(t.id);
      if (before === undefined) continue;
      const dt = timeSec - before.time;
      const jumped = centreDistance(t.box, before.box) > l.moveBase + l.movePerSec * dt || Math.abs(Math.log(t.box.h / before.box.h)) > l.sizeBase + l.sizePerSec * dt;
      if (jumped) this.known.delete(t.id);
      else this.known.set(t.id, { box: t.box, time: timeSec });
    }
    for (const id of [...this.known.keys()]) if (!alive.has(id)) this.known.delete(id);
  }
}

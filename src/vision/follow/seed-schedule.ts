import type { FollowSeed } from './follow-types';

/**
 * The user's seeds in time order, handed out as the analysed frames reach them. A seed is due at
 * the first frame no earlier than half a nominal frame before it, so a seed placed between two
 * analysed frames (every 3rd frame analysed, say) applies at the next one.
 *
 * @example
 * const schedule = new SeedSchedule(seeds, 30);
 * schedule.take(frame.timeSec) // the seed to apply at this frame, or null
 */
export class SeedSchedule {
  private readonly seeds: FollowSeed[];
  private next = 0;
  private readonly tolerance: number;

  constructor(seeds: readonly FollowSeed[], frameRate: number) {
    if (seeds.length === 0) throw new RangeError('at least one seed is required');
    seeds.forEach((s, i) => {
      const b = s.bbox;
      if (!Number.isFinite(s.timeSec)) throw new RangeError(`seed ${i}: timeSec must be finite, got ${s.timeSec}`);
      if (![b.x, b.y, b.w, b.h].every(Number.isFinite) || !(b.w > 0) || !(b.h > 0)) {
        throw new RangeError(`seed ${i}: bbox must be finite with positive width and height, got ${JSON.stringify(b)}`);
      }
    });
    // Stable sort: seeds at the same time keep the caller's order, the last one wins.
    this.seeds = seeds.map((s, i) => ({ s, i })).sort((a, b) => a.s.timeSec - b.s.timeSec || a.i - b.i).map(({ s }) => s);
    this.tolerance = 0.5 / frameRate;
  }

  /** Time of the earliest seed. @example schedule.firstTime // 12.4 */
  get firstTime(): number {
    return this.seeds[0].timeSec;
  }

  /**
   * The latest seed due at `timeSec` that was not handed out yet (earlier due ones are skipped:
   * the latest confirmation is the one that describes this frame), or null.
   *
   * @example schedule.take(12.4)
   */
  take(timeSec: number): FollowSeed | null {
    let due: FollowSeed | null = null;
    while (this.next < this.seeds.length && this.seeds[this.next].timeSec <= timeSec + this.tolerance) due = this.seeds[this.next++];
    return due;
  }
}

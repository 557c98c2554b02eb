/**
 * Finds the cuts between camera shots (broadcast football cuts and dissolves from one view to
 * another): across a cut nobody stays where he was, so nearly every track the tracker held a
 * moment ago is lost at once. A frame where fewer than `keptShare` of the tracks seen `lagFrames`
 * before are still seen (at least `minTracks` of them: among four or five people a few leaving
 * at once is ordinary, as on MOT17-11; among four or five, none kept and three or more new) starts
 * a new shot. Comparing a few frames
 * apart catches a dissolve, which fades one view into the other over several frames; a pan keeps
 * the tracks, and so does a static scene. (Measured against a picture-difference test, which could
 * not tell the soccer clip's dissolve from people walking near the camera on the one-by-one clip.)
 * Across a cut positions mean nothing: motion cannot link, only appearance.
 *
 * @example const cuts = new ShotCuts(3); if (cuts.isCut(trackIdsSeenNow)) startNewShot();
 */
export class ShotCuts {
  private readonly history: Array<ReadonlySet<number>> = [];

  constructor(
    private readonly lagFrames: number,
    private readonly keptShare = 0.25,
    private readonly minTracks = 6,
  ) {}

  /** Takes the ids of the tracks seen in this frame; true when this frame starts a new shot. */
  isCut(seen: readonly number[]): boolean {
    const now = new Set(seen);
    const before = this.history.length >= this.lagFrames ? this.history[this.history.length - this.lagFrames] : undefined;
    this.history.push(now);
    if (this.history.length > this.lagFrames) this.history.shift();
    if (!before) return false;
    let kept = 0;
    for (const id of before) if (now.has(id)) kept += 1;
    // Among few people one may leave as others come: only a complete change of cast is a cut.
    if (before.size < this.minTracks) return before.size >= 4 && kept === 0 && now.size >= 3;
    return kept / before.size < this.keptShare;
  }

  /** Forgets the shot before: the next comparison is within the new one. */
  reset(): void {
    this.history.length = 0;
  }
}

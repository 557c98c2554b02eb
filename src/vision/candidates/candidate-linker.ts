import type { Candidate, CandidateFrame } from '../../../machines/job.types';
import { bodyColourSimilarity } from '../appearance/body-colours';
import { assignWithThreshold } from '../tracking/matching';

/** A player tracked through one segment: where he is on the segment's previews, and his mean body colours. */
export interface SegmentTrack {
  frames: CandidateFrame[];
  appearance: Float32Array;
}

export interface LinkerOptions {
  /** Body-colour similarity (0..1, see bodyColourSimilarity) below which two tracks are never the same player. */
  minSimilarity: number;
  /** How much better than every other pairing a link must be: teammates look alike, so most are not linked. */
  margin: number;
  /**
   * Other people a link must have been compared with (earlier candidates, this segment's other
   * tracks): a kit matched against nobody else is no evidence of one person.
   */
  minRivals: number;
}

interface Linked {
  trackId: number;
  frames: CandidateFrame[];
  appearance: Float32Array;
}

const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits;

/**
 * Forms candidates from segment after segment. Within a segment, a track is one player (motion
 * linked it). Across segments only appearance is left, so a track joins an earlier candidate
 * only when their body colours match, no other pairing comes close, and there were others to
 * compare with (a distinctive kit: a goalkeeper, the referee); otherwise it becomes a new
 * candidate. Ids are given in order of first appearance and never change.
 *
 * @example const linker = new CandidateLinker({ minSimilarity: 0.9, margin: 0.1, minRivals: 2 }); linker.addSegment(tracks)
 */
export class CandidateLinker {
  private readonly linked: Linked[] = [];

  constructor(private readonly options: LinkerOptions) {}

  /** Adds one segment's tracks (in time order of segments); returns the candidates it created or extended. */
  addSegment(tracks: readonly SegmentTrack[]): Candidate[] {
    const { minSimilarity, margin, minRivals } = this.options;
    const existing = [...this.linked];
    const cost = new Float64Array(tracks.length * existing.length);
    tracks.forEach((track, t) =>
      existing.forEach((candidate, c) => {
        cost[t * existing.length + c] = 1 - bodyColourSimilarity(track.appearance, candidate.appearance);
      }),
    );
    const { matches } = assignWithThreshold({ rows: tracks.length, cols: existing.length, data: cost }, 1 - minSimilarity);
    const clearMatch = new Map<number, Linked>();
    for (const [t, c] of matches) {
      const similarity = 1 - cost[t * existing.length + c];
      const rivals = [
        ...existing.flatMap((_, other) => (other === c ? [] : [1 - cost[t * existing.length + other]])),
        ...tracks.flatMap((_, other) => (other === t ? [] : [1 - cost[other * existing.length + c]])),
      ];
      if (rivals.length >= minRivals && similarity - Math.max(0, ...rivals) >= margin) clearMatch.set(t, existing[c]);
    }

    const touched: Linked[] = [];
    tracks.forEach((track, t) => {
      const target = clearMatch.get(t);
      if (target) {
        target.frames = [...target.frames, ...track.frames].sort((a, b) => a.frame_time_sec - b.frame_time_sec);
        for (let i = 0; i < target.appearance.length; i++) target.appearance[i] = (target.appearance[i] + track.appearance[i]) / 2;
        touched.push(target);
      } else {
        const created = { trackId: this.linked.length + 1, frames: [...track.frames], appearance: Float32Array.from(track.appearance) };
        this.linked.push(created);
        touched.push(created);
      }
    });
    return touched.map(toCandidate);
  }

  /** Every candidate so far, by track id. */
  all(): Candidate[] {
    return this.linked.map(toCandidate);
  }
}

function toCandidate(linked: Linked): Candidate {
  const frames = linked.frames.map((f) => ({
    ...f,
    bbox: { x: round(f.bbox.x, 1), y: round(f.bbox.y, 1), w: round(f.bbox.w, 1), h: round(f.bbox.h, 1) },
    score: round(f.score, 3),
  }));
  const mean = frames.reduce((sum, f) => sum + f.score, 0) / frames.length;
  return { track_id: linked.trackId, frames, length: frames.length, mean_score: round(mean, 3) };
}

import { describe, expect, it } from 'vitest';
import { mergeCandidates } from '../../machines/candidates';
import type { Candidate } from '../../machines/job.types';

const candidate = (track_id: number, keys: string[]): Candidate => ({
  track_id,
  frames: keys.map((frame_key, i) => ({ frame_key, frame_time_sec: i, bbox: { x: 0, y: 0, w: 1, h: 2 }, score: 0.5 })),
  length: keys.length,
  mean_score: 0.5,
});

describe('mergeCandidates', () => {
  it('adds new candidates and replaces extended ones, in track id order', () => {
    const merged = mergeCandidates([candidate(2, ['f000001']), candidate(1, ['f000001'])], [candidate(2, ['f000001', 'f000050']), candidate(5, ['f000050'])]);
    expect(merged.map((c) => [c.track_id, c.length])).toEqual([
      [1, 1],
      [2, 2],
      [5, 1],
    ]);
  });
  it('starts from nothing', () => {
    expect(mergeCandidates(null, [candidate(4, ['f000001'])]).map((c) => c.track_id)).toEqual([4]);
  });
});

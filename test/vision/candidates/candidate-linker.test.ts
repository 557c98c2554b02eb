import { describe, expect, it } from 'vitest';
import { CandidateLinker, type SegmentTrack } from '../../../src/vision/candidates/candidate-linker';
import { BODY_COLOURS_SIZE } from '../../../src/vision/appearance/body-colours';

/** Body colours with shirt and shorts each in one bin (the shorts' bin 28 on), blurred a little into the next. */
function colours(bin: number, spread = 0): Float32Array {
  const h = new Float32Array(BODY_COLOURS_SIZE);
  const part = BODY_COLOURS_SIZE / 2;
  for (const offset of [0, part]) {
    h[offset + bin] = 1 - spread;
    h[offset + ((bin + 1) % part)] += spread;
  }
  return h;
}

const track = (key: string, time: number, appearance: Float32Array, score = 0.6): SegmentTrack => ({
  frames: [{ frame_key: key, frame_time_sec: time, bbox: { x: 1.234, y: 2, w: 10, h: 20 }, score }],
  appearance,
});

describe('CandidateLinker', () => {
  const options = { minSimilarity: 0.9, margin: 0.1, minRivals: 2 };

  it('links a track to the one earlier candidate whose colours match clearly', () => {
    const linker = new CandidateLinker(options);
    const first = linker.addSegment([track('f000010', 0.4, colours(0)), track('f000010', 0.4, colours(10)), track('f000010', 0.4, colours(20))]);
    expect(first.map((c) => c.track_id)).toEqual([1, 2, 3]);
    const second = linker.addSegment([track('f000500', 20, colours(10, 0.05), 0.8)]);
    expect(second).toEqual([
      {
        track_id: 2,
        frames: [
          { frame_key: 'f000010', frame_time_sec: 0.4, bbox: { x: 1.2, y: 2, w: 10, h: 20 }, score: 0.6 },
          { frame_key: 'f000500', frame_time_sec: 20, bbox: { x: 1.2, y: 2, w: 10, h: 20 }, score: 0.8 },
        ],
        length: 2,
        mean_score: 0.7,
      },
    ]);
  });

  it('does not link a kit compared with nobody else: no evidence it is one person', () => {
    const linker = new CandidateLinker(options);
    linker.addSegment([track('f000010', 0.4, colours(0))]);
    expect(linker.addSegment([track('f000500', 20, colours(0))]).map((c) => c.track_id)).toEqual([2]);
  });

  it('does not guess between look-alikes (teammates): a new candidate instead', () => {
    const linker = new CandidateLinker(options);
    linker.addSegment([track('f000010', 0.4, colours(4)), track('f000010', 0.4, colours(4, 0.02))]);
    const next = linker.addSegment([track('f000500', 20, colours(4, 0.01)), track('f000500', 20, colours(12))]);
    expect(next.map((c) => c.track_id)).toEqual([3, 4]);
    expect(linker.all().map((c) => c.length)).toEqual([1, 1, 1, 1]);
  });

  it('never links dissimilar players', () => {
    const linker = new CandidateLinker(options);
    linker.addSegment([track('f000010', 0.4, colours(0))]);
    expect(linker.addSegment([track('f000500', 20, colours(12))]).map((c) => c.track_id)).toEqual([2]);
  });
});

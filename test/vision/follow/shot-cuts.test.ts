import { describe, expect, it } from 'vitest';
import { ShotCuts } from '../../../src/vision/follow/shot-cuts';

describe('ShotCuts', () => {
  it('finds the frame where nearly every track of a moment ago is gone, across a dissolve', () => {
    const cuts = new ShotCuts(3);
    const before = [1, 2, 3, 4, 5, 6, 7, 8];
    const frames = [before, before, before, before, [1, 2, 3, 9], [1, 10, 11], [12, 13, 14, 15, 16], [12, 13, 14, 15, 16]];
    const found = frames.map((ids) => {
      const cut = cuts.isCut(ids);
      if (cut) cuts.reset();
      return cut;
    });
    // Frame 5 keeps one of the eight tracks of frame 2.
    expect(found).toEqual([false, false, false, false, false, true, false, false]);
  });

  it('takes a complete change of cast among four or five people for a cut', () => {
    const cuts = new ShotCuts(3);
    const frames = [[1, 2, 3, 4, 5], [1, 2, 3, 4, 5], [1, 2, 3, 4, 5], [2, 3, 4], [6, 7, 8], [6, 7, 8]];
    const found = frames.map((ids) => {
      const cut = cuts.isCut(ids);
      if (cut) cuts.reset();
      return cut;
    });
    // Frame 4 keeps none of the five tracks of frame 1.
    expect(found).toEqual([false, false, false, false, true, false]);
  });

  it('takes no pan, no churn and no small group for a cut', () => {
    const cuts = new ShotCuts(3);
    // Tracks come and go one or two at a time, then three of seven leave; then among four, three
    // leave as two come (as on MOT17-11); then the last two give way to two others.
    const group = [8, 9, 10, 11];
    const few = [11, 20, 21];
    const frames = [[1, 2, 3, 4, 5, 6, 7], [1, 2, 3, 4, 5, 6, 8], [2, 3, 4, 5, 6, 8, 9], [3, 4, 5, 6, 8, 9, 10], [3, 4, 5, 8, 9, 10, 11], group, group, group, few, few, few, [40, 41], [40, 41], [40, 41], [50, 51]];
    expect(frames.map((ids) => cuts.isCut(ids))).not.toContain(true);
  });
});

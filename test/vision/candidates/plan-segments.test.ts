import { describe, expect, it } from 'vitest';
import type { PreviewFrame } from '../../../machines/job.types';
import { planSegments } from '../../../src/vision/candidates/plan-segments';

const preview = (t: number): PreviewFrame => ({ frame_key: `f${String(t * 25).padStart(6, '0')}`, frame_index: t * 25, frame_time_sec: t, width: 10, height: 10 });

describe('planSegments', () => {
  it('tracks close previews together and starts a new segment after a long gap', () => {
    const segments = planSegments([preview(9), preview(1), preview(2), preview(3.5), preview(10)], { marginSec: 0.5, bridgeSec: 2, durationSec: 10.2 });
    expect(segments.map((s) => [s.startSec, s.endSec, s.previews.map((p) => p.frame_time_sec)])).toEqual([
      [0.5, 4, [1, 2, 3.5]],
      [8.5, 10.2, [9, 10]],
    ]);
  });

  it('clamps to the video and handles no previews', () => {
    expect(planSegments([preview(0)], { marginSec: 0.5, bridgeSec: 2, durationSec: 4 })[0]).toMatchObject({ startSec: 0, endSec: 0.5 });
    expect(planSegments([], { marginSec: 0.5, bridgeSec: 2, durationSec: 4 })).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { cameraShift } from '../../../src/vision/tracking/camera-shift';
import { ByteTracker } from '../../../src/vision/tracking/byte-tracker';

const player = (x: number, y: number) => ({ x, y, w: 16, h: 40, score: 0.9 });
/** A spread-out squad of small players, as a wide broadcast shot shows them. */
const squad = (dx: number) => [player(100 + dx, 200), player(260 + dx, 150), player(420 + dx, 320), player(600 + dx, 260), player(820 + dx, 180), player(990 + dx, 400)];

describe('cameraShift', () => {
  it('finds a pan that moves everybody by more than his width', () => {
    const shift = cameraShift(squad(0), squad(-45));
    expect(shift!.dx).toBeCloseTo(-45, 5);
    expect(shift!.dy).toBeCloseTo(0, 5);
  });

  it('finds nothing when the camera is still, however people move', () => {
    const moved = squad(0).map((p, i) => ({ ...p, x: p.x + (i % 2 ? 3 : -2) }));
    expect(cameraShift(squad(0), moved)).toBeNull();
  });

  it('takes no camera motion from one player alone', () => {
    expect(cameraShift(squad(0).slice(0, 1), squad(-45).slice(0, 1))).toBeNull();
  });
});

describe('ByteTracker with compensateCamera', () => {
  it('keeps every id through a fast pan that IoU alone loses', () => {
    const run = (compensateCamera: boolean) => {
      const tracker = new ByteTracker({ frameRate: 10, compensateCamera });
      const ids: number[][] = [];
      // Still for a second, then the camera pans by 30 px a frame (players are 16 px wide).
      for (let f = 0; f < 20; f++) ids.push(tracker.update(squad(f < 10 ? 0 : -30 * (f - 9)), f / 10).map((t) => t.id));
      return ids;
    };
    const compensated = run(true);
    expect(new Set(compensated.flat()).size).toBe(6);
    expect(compensated.at(-1)).toHaveLength(6);
    // Without it every track is lost on the first panned frame, and no new one lives two frames.
    expect(run(false).at(-1)).toHaveLength(0);
  });
});

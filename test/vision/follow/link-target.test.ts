import { describe, expect, it } from 'vitest';
import { followOffline } from '../../../src/vision/follow/follow-offline';
import type { FollowDetection, FollowFrame } from '../../../src/vision/follow/follow-types';

/** Frames at 10 fps; each person is a function of time giving a box, or null while unseen. */
function scene(seconds: number, people: Array<(t: number) => FollowDetection | null>): FollowFrame[] {
  const frames: FollowFrame[] = [];
  for (let index = 0; index < seconds * 10; index++) {
    const t = index / 10;
    frames.push({ index, timeSec: t, detections: people.map((p) => p(t)).filter((d): d is FollowDetection => d !== null) });
  }
  return frames;
}

const walker = (x0: number, vx: number, hidden: (t: number) => boolean = () => false) => (t: number) =>
  hidden(t) ? null : { x: x0 + vx * t, y: 100, w: 40, h: 100, score: 0.9 };

const statesBetween = (points: ReturnType<typeof followOffline>, from: number, to: number) =>
  new Set(points.filter((p) => p.time_sec >= from - 1e-9 && p.time_sec < to - 1e-9).map((p) => p.state));

describe('the offline follow engine without images', () => {
  it('follows forwards and backwards from a seed in the middle', () => {
    const frames = scene(6, [walker(100, 30), walker(600, -20)]);
    const points = followOffline(frames, [{ timeSec: 3, bbox: { x: 190, y: 100, w: 40, h: 100 } }], { frameRate: 10 });
    expect(points).toHaveLength(60);
    expect(points.filter((p) => p.state === 'observed').length).toBeGreaterThanOrEqual(58);
    expect(points[0].bbox!.x).toBeCloseTo(100, 0);
    expect(points[59].bbox!.x).toBeCloseTo(100 + 30 * 5.9, 0);
  });

  it('links him across an occlusion where motion leads, and interpolates the gap', () => {
    const hidden = (t: number) => t >= 2 && t < 3;
    const frames = scene(6, [walker(100, 30, hidden), walker(700, -25)]);
    const points = followOffline(frames, [{ timeSec: 0.5, bbox: { x: 115, y: 100, w: 40, h: 100 } }], { frameRate: 10 });
    expect(statesBetween(points, 2.1, 2.9)).toEqual(new Set(['interpolated']));
    expect(statesBetween(points, 3.5, 6)).toEqual(new Set(['observed']));
    expect(points[45].bbox!.x).toBeCloseTo(100 + 30 * 4.5, 0);
  });

  it('does not link when two people come out of the gap where he could be', () => {
    // Hidden longer than the tracker keeps a lost track (2 s), so the engine's linking decides.
    const hidden = (t: number) => t >= 2 && t < 4.5;
    // A second person appears beside where the walker reappears, at the same time.
    const twin = (t: number) => (t >= 4.5 ? { x: 100 + 30 * t + 8, y: 100, w: 40, h: 100, score: 0.9 } : null);
    const frames = scene(7, [walker(100, 30, hidden), twin]);
    const points = followOffline(frames, [{ timeSec: 0.5, bbox: { x: 115, y: 100, w: 40, h: 100 } }], { frameRate: 10 });
    expect(statesBetween(points, 4.5, 7)).toEqual(new Set(['missing']));
    // Alone, he is linked.
    const alone = followOffline(scene(7, [walker(100, 30, hidden)]), [{ timeSec: 0.5, bbox: { x: 115, y: 100, w: 40, h: 100 } }], { frameRate: 10 });
    expect(statesBetween(alone, 4.6, 7)).toEqual(new Set(['observed']));
  });

  it('does not take someone else who starts far from where he was going', () => {
    const gone = (t: number) => t >= 2;
    const other = (t: number) => (t >= 2.5 ? { x: 600, y: 100, w: 40, h: 100, score: 0.9 } : null);
    const points = followOffline(scene(5, [walker(100, 30, gone), other]), [{ timeSec: 0.5, bbox: { x: 115, y: 100, w: 40, h: 100 } }], { frameRate: 10 });
    expect(statesBetween(points, 2, 5)).toEqual(new Set(['missing']));
  });

  it('keeps the user’s box where the detector missed him, and follows on from it', () => {
    const missedAtSeed = (t: number) => t > 0.95 && t < 1.05;
    const frames = scene(3, [walker(100, 30, missedAtSeed)]);
    const points = followOffline(frames, [{ timeSec: 1, bbox: { x: 130, y: 100, w: 40, h: 100 } }], { frameRate: 10 });
    expect(points[10]).toMatchObject({ state: 'observed', bbox: { x: 130, y: 100, w: 40, h: 100 } });
    expect(points.filter((p) => p.state === 'observed').length).toBeGreaterThanOrEqual(28);
  });

  it('takes the camera’s pan out of the motion: he is linked where he is in the scene', () => {
    // The walker goes right at 30 px/s in the scene and is hidden for 2.5 s (past the tracker's
    // 2 s), while the camera pans at 60 px/s: everybody moves left in the picture, him too.
    const pan = (t: number) => (t < 2 ? 0 : -60 * (t - 2));
    const inPicture = (x0: number, y: number, vx: number, hidden: (t: number) => boolean = () => false) => (t: number) =>
      hidden(t) ? null : { x: x0 + vx * t + pan(t), y, w: 40, h: 100, score: 0.9 };
    const bystanders = [200, 400, 600, 800].map((x) => inPicture(x, 300, 0));
    const walker = inPicture(300, 100, 30, (t) => t >= 2 && t < 4.5);
    const frames = scene(7, [walker, ...bystanders]);
    const points = followOffline(frames, [{ timeSec: 0.5, bbox: { x: 315, y: 100, w: 40, h: 100 } }], { frameRate: 10 });
    expect(statesBetween(points, 4.6, 7)).toEqual(new Set(['observed']));
    expect(points[50].bbox!.x).toBeCloseTo(300 + 30 * 5 - 60 * 3, 0);
  });
});

import { describe, expect, it } from 'vitest';
import { followOffline } from '../../../src/vision/follow/follow-offline';
import type { FollowDetection, FollowFrame } from '../../../src/vision/follow/follow-types';
import { DEFAULT_LINK_SETTINGS, linkTarget } from '../../../src/vision/follow/link-target';
import type { Tracklet } from '../../../src/vision/follow/tracklets';

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

const statesBetween = (points: Awaited<ReturnType<typeof followOffline>>, from: number, to: number) =>
  new Set(points.filter((p) => p.time_sec >= from - 1e-9 && p.time_sec < to - 1e-9).map((p) => p.state));

describe('the offline follow engine without images', async () => {
  it('follows forwards and backwards from a seed in the middle', async () => {
    const frames = scene(6, [walker(100, 30), walker(600, -20)]);
    const points = await followOffline(frames, { frameRate: 10, seeds: [{ timeSec: 3, bbox: { x: 190, y: 100, w: 40, h: 100 } }] });
    expect(points).toHaveLength(60);
    expect(points.filter((p) => p.state === 'observed').length).toBeGreaterThanOrEqual(58);
    expect(points[0].bbox!.x).toBeCloseTo(100, 0);
    expect(points[59].bbox!.x).toBeCloseTo(100 + 30 * 5.9, 0);
  });

  it('links him across an occlusion where motion leads, and interpolates the gap', async () => {
    const hidden = (t: number) => t >= 2 && t < 3;
    const frames = scene(6, [walker(100, 30, hidden), walker(700, -25)]);
    const points = await followOffline(frames, { frameRate: 10, seeds: [{ timeSec: 0.5, bbox: { x: 115, y: 100, w: 40, h: 100 } }] });
    expect(statesBetween(points, 2.1, 2.9)).toEqual(new Set(['interpolated']));
    expect(statesBetween(points, 3.5, 6)).toEqual(new Set(['observed']));
    expect(points[45].bbox!.x).toBeCloseTo(100 + 30 * 4.5, 0);
  });

  it('does not link when two people come out of the gap where he could be', async () => {
    // Hidden longer than the tracker keeps a lost track (2 s), so the engine's linking decides.
    const hidden = (t: number) => t >= 2 && t < 4.5;
    // A second person appears beside where the walker reappears, at the same time.
    const twin = (t: number) => (t >= 4.5 ? { x: 100 + 30 * t + 8, y: 100, w: 40, h: 100, score: 0.9 } : null);
    const frames = scene(7, [walker(100, 30, hidden), twin]);
    const points = await followOffline(frames, { frameRate: 10, seeds: [{ timeSec: 0.5, bbox: { x: 115, y: 100, w: 40, h: 100 } }] });
    expect(statesBetween(points, 4.5, 7)).toEqual(new Set(['missing']));
    // Alone, he is linked.
    const alone = await followOffline(scene(7, [walker(100, 30, hidden)]), { frameRate: 10, seeds: [{ timeSec: 0.5, bbox: { x: 115, y: 100, w: 40, h: 100 } }] });
    expect(statesBetween(alone, 4.6, 7)).toEqual(new Set(['observed']));
  });

  it('does not take someone else who starts far from where he was going', async () => {
    const gone = (t: number) => t >= 2;
    const other = (t: number) => (t >= 2.5 ? { x: 600, y: 100, w: 40, h: 100, score: 0.9 } : null);
    const points = await followOffline(scene(5, [walker(100, 30, gone), other]), { frameRate: 10, seeds: [{ timeSec: 0.5, bbox: { x: 115, y: 100, w: 40, h: 100 } }] });
    expect(statesBetween(points, 2, 5)).toEqual(new Set(['missing']));
  });

  it('keeps the user’s box where the detector missed him, and follows on from it', async () => {
    const missedAtSeed = (t: number) => t > 0.95 && t < 1.05;
    const frames = scene(3, [walker(100, 30, missedAtSeed)]);
    const points = await followOffline(frames, { frameRate: 10, seeds: [{ timeSec: 1, bbox: { x: 130, y: 100, w: 40, h: 100 } }] });
    expect(points[10]).toMatchObject({ state: 'observed', bbox: { x: 130, y: 100, w: 40, h: 100 } });
    expect(points.filter((p) => p.state === 'observed').length).toBeGreaterThanOrEqual(28);
  });

  it('takes the camera’s pan out of the motion: he is linked where he is in the scene', async () => {
    // The walker goes right at 30 px/s in the scene and is hidden for 2.5 s (past the tracker's
    // 2 s), while the camera pans at 60 px/s: everybody moves left in the picture, him too.
    const pan = (t: number) => (t < 2 ? 0 : -60 * (t - 2));
    const inPicture = (x0: number, y: number, vx: number, hidden: (t: number) => boolean = () => false) => (t: number) =>
      hidden(t) ? null : { x: x0 + vx * t + pan(t), y, w: 40, h: 100, score: 0.9 };
    const bystanders = [200, 400, 600, 800].map((x) => inPicture(x, 300, 0));
    const walker = inPicture(300, 100, 30, (t) => t >= 2 && t < 4.5);
    const frames = scene(7, [walker, ...bystanders]);
    const points = await followOffline(frames, { frameRate: 10, seeds: [{ timeSec: 0.5, bbox: { x: 315, y: 100, w: 40, h: 100 } }] });
    expect(statesBetween(points, 4.6, 7)).toEqual(new Set(['observed']));
    expect(points[50].bbox!.x).toBeCloseTo(300 + 30 * 5 - 60 * 3, 0);
  });
});

/** Two kits as looks: red and white, compared by their overlap. */
const RED = Float32Array.of(1, 0);
const WHITE = Float32Array.of(0, 1);
const KITS = { similarity: (a: Float32Array, b: Float32Array) => a[0] * b[0] + a[1] * b[1], same: 0.9, different: 0.6, identifies: false };
/** Looks that identify a person (as an embedding does), compared the same way. */
const FACES = { ...KITS, identifies: true };

/** A tracklet of a walker at 10 fps from `from` to `to` seconds, every point with his look. */
function tracklet(id: number, shot: number, from: number, to: number, x: (t: number) => number, look: Float32Array): Tracklet {
  const points = [];
  for (let i = Math.round(from * 10); i <= Math.round(to * 10); i++) {
    points.push({ index: i, timeSec: i / 10, box: { x: x(i / 10), y: 100, w: 40, h: 100 }, score: 0.9, appearance: look, panned: { dx: 0, dy: 0 } });
  }
  return { id, shot, points };
}

const timeline = (seconds: number) => Array.from({ length: seconds * 10 }, (_, index) => ({ index, timeSec: index / 10 }));

describe('the offline follow engine with looks', () => {
  const seeds = [{ timeSec: 0.5, bbox: { x: 115, y: 100, w: 40, h: 100 }, appearance: RED }];

  it('takes the one in his kit when two people come out of the gap where he could be', () => {
    const him = tracklet(1, 0, 0, 2, (t) => 100 + 30 * t, RED);
    const back = tracklet(2, 0, 4.5, 6.9, (t) => 100 + 30 * t, RED);
    const other = tracklet(3, 0, 4.5, 6.9, (t) => 108 + 30 * t, WHITE);
    const withLooks = linkTarget([him, back, other], timeline(7), seeds, DEFAULT_LINK_SETTINGS, KITS);
    expect(new Set(withLooks.slice(46).map((p) => p.state))).toEqual(new Set(['observed']));
    expect(withLooks[60].bbox!.x).toBeCloseTo(100 + 30 * 6, 5);
    // Motion alone cannot tell them apart: nobody is claimed.
    const motionOnly = linkTarget([him, back, other], timeline(7), seeds);
    expect(new Set(motionOnly.slice(46).map((p) => p.state))).toEqual(new Set(['missing']));
  });

  it('never claims someone in the other kit, however well he moves', () => {
    const him = tracklet(1, 0, 0, 2, (t) => 100 + 30 * t, RED);
    const other = tracklet(2, 0, 2.5, 6.9, (t) => 100 + 30 * t, WHITE);
    const points = linkTarget([him, other], timeline(7), seeds, DEFAULT_LINK_SETTINGS, KITS);
    expect(new Set(points.slice(21).map((p) => p.state))).toEqual(new Set(['missing']));
  });

  it('links across a camera cut by looks that identify him alone, where positions mean nothing', () => {
    const him = tracklet(1, 0, 0, 2, (t) => 100 + 30 * t, RED);
    const afterCut = tracklet(2, 1, 2.1, 6.9, () => 700, RED);
    const points = linkTarget([him, afterCut], timeline(7), seeds, DEFAULT_LINK_SETTINGS, FACES);
    expect(points[50]).toMatchObject({ state: 'observed', bbox: { x: 700 } });
    // A look-alike after the cut as well: no telling who is who, nobody is claimed.
    const lookAlike = tracklet(3, 1, 2.1, 6.9, () => 300, RED);
    const unsure = linkTarget([him, afterCut, lookAlike], timeline(7), seeds, DEFAULT_LINK_SETTINGS, FACES);
    expect(new Set(unsure.slice(22).map((p) => p.state))).toEqual(new Set(['missing']));
    // Colours tell a kit, not a player: they never link across a cut.
    const byKit = linkTarget([him, afterCut], timeline(7), seeds, DEFAULT_LINK_SETTINGS, KITS);
    expect(new Set(byKit.slice(22).map((p) => p.state))).toEqual(new Set(['missing']));
  });
});

describe('the gallery check', () => {
  it('does not claim a tracklet never seen apart from others: there is no look of it to check', () => {
    const seeds = [{ timeSec: 0.5, bbox: { x: 115, y: 100, w: 40, h: 100 }, appearance: RED }];
    const him = tracklet(1, 0, 0, 2, (t) => 100 + 30 * t, RED);
    const later = tracklet(2, 0, 2.5, 4, (t) => 100 + 30 * t, RED);
    const unseen = { ...later, points: later.points.map(({ appearance: _, ...p }) => p) };
    const points = linkTarget([him, unseen], timeline(5), seeds, DEFAULT_LINK_SETTINGS, KITS);
    expect(points[35]).toMatchObject({ state: 'missing' });
    // Motion alone (no describer) takes it.
    expect(linkTarget([him, unseen], timeline(5), seeds)[35]).toMatchObject({ state: 'observed' });
  });
});

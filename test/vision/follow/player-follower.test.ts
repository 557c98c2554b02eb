import { describe, expect, it } from 'vitest';
import type { TrajectoryPoint } from '../../../src/analysis/trajectory';
import { PlayerFollower } from '../../../src/vision/follow/player-follower';
import { iou } from '../../../src/vision/tracking/box';
import { FPS, HEIGHT, WIDTH, follow, lookVector, path, render, walker, whoIs, type Actor } from './scene';

const statesOf = (points: TrajectoryPoint[], from: number, to: number) => new Set(points.filter((p) => p.time_sec >= from && p.time_sec < to).map((p) => p.state));
const between = (points: TrajectoryPoint[], from: number, to: number) => points.filter((p) => p.time_sec >= from - 1e-9 && p.time_sec < to - 1e-9);

describe('PlayerFollower on hand-made scenes', () => {
  it('keeps a player walking straight as observed, on the right box, with a confident score', () => {
    const a = walker('A', 0, 100, 300, 120, 0);
    const b = walker('B', 1, 600, 100, -50, 20);
    const points = follow(render([a, b], 6), a);
    expect(points).toHaveLength(6 * FPS);
    expect(points.every((p) => p.state === 'observed' && whoIs(p, [a, b]) === 'A')).toBe(true);
    expect(Math.min(...points.map((p) => p.confidence))).toBeGreaterThan(0.5);
    expect(points.map((p) => p.index)).toEqual(points.map((_, i) => i));
  });

  it('interpolates an occlusion shorter than the gap limit and leaves a longer one missing', () => {
    const short = walker('A', 0, 100, 300, 120, 0, (t) => t < 2 || t >= 2.3);
    const shortPoints = follow(render([short], 5), short);
    const hidden = between(shortPoints, 2, 2.3);
    const truth = walker('A', 0, 100, 300, 120, 0);
    expect(hidden).toHaveLength(9);
    for (const p of hidden) {
      expect(p.state).toBe('interpolated');
      expect(iou(p.bbox!, truth.box(p.time_sec)!)).toBeGreaterThan(0.8);
      expect(p.confidence).toBeGreaterThan(0);
      expect(p.confidence).toBeLessThan(between(shortPoints, 1.9, 2)[0].confidence);
    }

    const long = walker('A', 0, 100, 300, 120, 0, (t) => t < 2 || t >= 2.8);
    const longPoints = follow(render([long], 5), long);
    expect(statesOf(longPoints, 2, 2.8)).toEqual(new Set(['missing']));
    expect(between(longPoints, 2, 2.8).every((p) => p.bbox === null && p.confidence === 0)).toBe(true);
    // Where it is expected again, it is the same player again.
    expect(between(longPoints, 2.9, 5).every((p) => whoIs(p, [truth]) === 'A')).toBe(true);
  });

  describe('two players crossing', () => {
    // A walks right, B left a little lower; A is hidden behind B for a few frames at the crossing.
    const a = walker('A', 0, 250, 300, 100, 0, (t) => !(t >= 3.45 && t < 3.6));
    const b = walker('B', 1, 950, 310, -100, 0);
    const actors = [a, b];

    it('with appearance: never on B, and on A as soon as A is visible again', () => {
      const points = follow(render(actors, 6, { withAppearance: true }), a);
      expect(points.filter((p) => whoIs(p, actors) === 'B' && p.state !== 'interpolated')).toEqual([]);
      expect(between(points, 3.6, 6).every((p) => p.state === 'observed' && whoIs(p, actors) === 'A')).toBe(true);
    });

    it('without appearance: the overlap is uncertain, never an observed box on B; motion sorts it out afterwards', () => {
      const points = follow(render(actors, 6), a);
      const onB = points.filter((p) => whoIs(p, actors) === 'B');
      expect(onB.length).toBeGreaterThan(0);
      expect(onB.every((p) => p.state === 'uncertain' || p.state === 'interpolated')).toBe(true);
      expect(statesOf(points, 3.4, 3.6).has('uncertain')).toBe(true);
      expect(between(points, 3.7, 6).every((p) => p.state === 'observed' && whoIs(p, actors) === 'A')).toBe(true);
    });

    it('keeps the identity at every 3rd frame too', () => {
      for (const withAppearance of [false, true]) {
        const points = follow(render(actors, 6, { step: 3, withAppearance }), a);
        expect(points).toHaveLength(60);
        expect(points.filter((p) => p.state === 'observed' && whoIs(p, actors) === 'B')).toEqual([]);
        expect(between(points, 3.7, 6).every((p) => p.state === 'observed' && whoIs(p, actors) === 'A')).toBe(true);
      }
    });
  });

  it('players who meet and turn back: appearance keeps A; without it the swap is reported uncertain, not observed', () => {
    const a = path('A', 0, [[0, 200, 300], [2, 590, 300], [2.6, 590, 300], [5, 200, 300]], (t) => !(t >= 2.1 && t < 2.5));
    const b = path('B', 1, [[0, 1000, 305], [2, 610, 305], [2.6, 610, 305], [5, 1000, 305]]);
    const actors = [a, b];

    const seen = follow(render(actors, 5, { withAppearance: true }), a);
    expect(seen.filter((p) => whoIs(p, actors) === 'B')).toEqual([]);
    expect(between(seen, 2.8, 5).every((p) => p.state === 'observed' && whoIs(p, actors) === 'A')).toBe(true);

    const blind = follow(render(actors, 5), a);
    const onB = blind.filter((p) => whoIs(p, actors) === 'B');
    expect(onB.length).toBeGreaterThan(0);
    expect(onB.every((p) => p.state === 'uncertain')).toBe(true);
  });

  it('two players walking together then parting: without appearance it stays uncertain, with appearance it becomes sure', () => {
    const a = path('A', 0, [[0, 100, 300], [2, 500, 300], [4, 900, 150]]);
    const b = path('B', 1, [[0, 110, 300], [2, 510, 300], [4, 910, 450]]);
    const actors = [a, b];
    const blind = follow(render(actors, 4), a);
    expect(statesOf(blind, 0.1, 4)).toEqual(new Set(['uncertain']));
    const seen = follow(render(actors, 4, { withAppearance: true }), a);
    expect(between(seen, 3, 4).every((p) => p.state === 'observed' && whoIs(p, actors) === 'A')).toBe(true);
    expect(seen.filter((p) => whoIs(p, actors) === 'B' && p.state === 'observed')).toEqual([]);
  });

  it('re-acquires a player who left the picture and came back far away, by appearance only', () => {
    const a = path('A', 0, [[0, 900, 300], [3, 1350, 300], [5, -60, 420], [8, 400, 420]], (t) => t < 3 || t >= 5);
    const others = [walker('B', 1, 200, 100, 30, 10), walker('C', 2, 600, 500, -20, -10)];
    const actors = [a, ...others];

    const seen = follow(render(actors, 8, { withAppearance: true }), a);
    expect(seen.filter((p) => p.bbox !== null && whoIs(p, actors) !== 'A')).toEqual([]);
    expect(between(seen, 5.5, 8).every((p) => p.state === 'observed' && whoIs(p, actors) === 'A')).toBe(true);

    const blind = follow(render(actors, 8), a);
    expect(blind.filter((p) => p.bbox !== null && whoIs(p, actors) !== 'A')).toEqual([]);
    expect(statesOf(blind, 5.5, 8)).toEqual(new Set(['missing']));
  });

  it('with appearance that tells kits, not people, apart: the same re-acquisition is reported uncertain', () => {
    const a = path('A', 0, [[0, 900, 300], [3, 1350, 300], [5, -60, 420], [8, 400, 420]], (t) => t < 3 || t >= 5);
    const actors = [a, walker('B', 1, 200, 100, 30, 10), walker('C', 2, 600, 500, -20, -10)];
    const seen = follow(render(actors, 8, { withAppearance: true }), a, { appearanceIdentifies: false });
    expect(seen.filter((p) => p.bbox !== null && whoIs(p, actors) !== 'A')).toEqual([]);
    expect(between(seen, 0, 2.5).some((p) => p.state === 'observed')).toBe(true);
    expect(statesOf(seen, 5.5, 8)).toEqual(new Set(['uncertain']));
  });

  it('follows the one candidate in the gate by motion when a poor seed look (a cross-fade) matches it only loosely', () => {
    // A appears at 1 s and is seeded there, so the tracker has no confirmed track for it yet.
    const a = walker('A', 0, 100, 300, 120, 0, (t) => t >= 1);
    const b = walker('B', 1, 900, 100, -30, 10);
    const crossFaded = lookVector(0).map((v, i) => v + lookVector(5)[i]); // cosine ≈ 0.75 with A's look
    const follower = new PlayerFollower({ frameRate: FPS, frameWidth: WIDTH, frameHeight: HEIGHT, seeds: [{ timeSec: 1, bbox: a.box(1)!, appearance: crossFaded }] });
    for (const frame of render([a, b], 4, { withAppearance: true })) follower.push(frame);
    const points = between(follower.finish(), 1, 4);
    expect(points.filter((p) => p.state !== 'observed' || whoIs(p, [a, b]) !== 'A')).toEqual([]);
  });

  it('after a gap, an identifying look that does not accept someone in the gate outweighs motion', () => {
    // A vanishes at 2 s; 1.5 s later (the tracker has dropped A's track) I walks on where A was
    // heading, looking only somewhat like A.
    const a = walker('A', 0, 100, 300, 120, 0, (t) => t < 2);
    const impostor = walker('I', 0, 100, 300, 120, 0, (t) => t >= 3.5);
    const frames = render([a, impostor], 5, { withAppearance: true });
    const alike = lookVector(0).map((v, i) => v + lookVector(5)[i]); // cosine ≈ 0.75 with A's look
    for (const frame of frames) if (frame.timeSec >= 3.5) for (const d of frame.detections) d.appearance = alike;
    const identifying = between(follow(frames, a), 3.5, 5);
    expect(identifying.every((p) => p.state === 'missing')).toBe(true);
    // A look that only tells kits apart cannot say so: motion takes I, reported uncertain.
    const kitsOnly = between(follow(frames, a, { appearanceIdentifies: false }), 3.5, 5);
    expect(kitsOnly.length).toBeGreaterThan(0);
    expect(kitsOnly.every((p) => p.state === 'uncertain')).toBe(true);
  });

  it('does not take a look-alike-free distractor that appears where the target vanished', () => {
    const a = walker('A', 0, 100, 300, 150, 0, (t) => t < 2 || t >= 4.2);
    const d = path('D', 3, [[2.3, 100 + 150 * 2.3, 300], [6, 100 + 150 * 2.3 - 100, 300]]);
    const b = walker('B', 1, 900, 100, -30, 0);
    const actors = [a, d, b];
    const points = follow(render(actors, 6, { withAppearance: true }), a);
    expect(points.filter((p) => whoIs(p, actors) === 'D')).toEqual([]);
    expect(between(points, 4.5, 6).every((p) => p.state === 'observed' && whoIs(p, actors) === 'A')).toBe(true);
  });

  it('moves the search with a camera pan that starts while the target is hidden', () => {
    const pan = (t: number) => (t < 2 ? 0 : -200 * (t - 2));
    const mover = (name: string, look: number, x0: number, y0: number, vx: number, visible = (_t: number) => true): Actor => ({
      name,
      look,
      box: (t) => (visible(t) ? { x: x0 + vx * t + pan(t), y: y0, w: 40, h: 100 } : null),
    });
    const a = mover('A', 0, 300, 300, 60, (t) => !(t >= 1.8 && t < 2.6));
    const actors = [a, mover('B', 1, 600, 100, 0), mover('C', 2, 800, 500, 0), mover('D', 3, 1000, 200, 0), mover('E', 4, 1100, 420, 0)];
    const frames = render(actors, 3.6);
    const compensated = follow(frames, a);
    expect(between(compensated, 2.7, 3.6).every((p) => p.state === 'observed' && whoIs(p, actors) === 'A')).toBe(true);
    const fixed = follow(frames, a, { compensateCameraMotion: false });
    expect(statesOf(fixed, 2.7, 3.6)).toEqual(new Set(['missing']));
  });

  it('is deterministic', () => {
    const a = walker('A', 0, 250, 300, 100, 0, (t) => !(t >= 3.45 && t < 3.6));
    const b = walker('B', 1, 950, 310, -100, 0);
    const frames = render([a, b], 6, { withAppearance: true });
    expect(follow(frames, a)).toEqual(follow(frames, a));
  });

  describe('seeds', () => {
    const a = walker('A', 0, 100, 300, 100, 0);
    const b = walker('B', 1, 100, 500, 100, 0);

    it('leaves the frames before the first seed missing and follows from it', () => {
      const points = follow(render([a, b], 4), a, { seedTime: 1 });
      expect(statesOf(points, 0, 1 - 1e-6)).toEqual(new Set(['missing']));
      expect(between(points, 1, 4).every((p) => p.state === 'observed' && whoIs(p, [a, b]) === 'A')).toBe(true);
      expect(points.find((p) => Math.abs(p.time_sec - 1) < 1e-9)?.confidence).toBe(1);
    });

    it('applies a seed that falls between analysed frames at the next one', () => {
      const frames = render([a, b], 2, { step: 3 });
      const follower = new PlayerFollower({ frameRate: FPS, frameWidth: WIDTH, frameHeight: HEIGHT, seeds: [{ timeSec: 0.5 + 1 / FPS, bbox: a.box(0.5 + 1 / FPS)! }] });
      for (const f of frames) follower.push(f);
      const points = follower.finish();
      expect(points.filter((p) => p.time_sec < 0.5).every((p) => p.state === 'missing')).toBe(true);
      expect(points.filter((p) => p.time_sec > 0.5).every((p) => p.state === 'observed' && whoIs(p, [a, b]) === 'A')).toBe(true);
    });

    it('a later seed on someone else re-anchors the target and withdraws the sure boxes before it', () => {
      const frames = render([a, b], 4);
      const follower = new PlayerFollower({
        frameRate: FPS,
        frameWidth: WIDTH,
        frameHeight: HEIGHT,
        seeds: [
          { timeSec: 0, bbox: a.box(0)! },
          { timeSec: 2, bbox: b.box(2)! },
        ],
      });
      const pushed = frames.map((f) => follower.push(f));
      expect(pushed.filter((p) => p.time_sec > 0 && p.time_sec < 2 - 1e-9).every((p) => p.state === 'observed')).toBe(true);
      const points = follower.finish();
      expect(between(points, 1 / FPS, 2).every((p) => p.state === 'uncertain' && whoIs(p, [a, b]) === 'A')).toBe(true);
      expect(between(points, 2, 4).every((p) => p.state === 'observed' && whoIs(p, [a, b]) === 'B')).toBe(true);
      expect(points[0].state).toBe('observed');
    });

    it('starts from the seed box itself when no detection matches it, then takes the detection that appears there', () => {
      const late = walker('A', 0, 100, 300, 100, 0, (t) => t >= 0.3);
      const seedBox = { x: 100, y: 300, w: 40, h: 100 };
      const follower = new PlayerFollower({ frameRate: FPS, frameWidth: WIDTH, frameHeight: HEIGHT, seeds: [{ timeSec: 0, bbox: seedBox }] });
      for (const f of render([late, b], 2)) follower.push(f);
      const points = follower.finish();
      expect(points[0]).toMatchObject({ state: 'observed', bbox: seedBox, confidence: 1 });
      expect(between(points, 0.5, 2).every((p) => p.bbox !== null && whoIs(p, [late, b]) === 'A')).toBe(true);
    });
  });

  it('rejects bad input with a message', () => {
    const seeds = [{ timeSec: 0, bbox: { x: 0, y: 0, w: 10, h: 20 } }];
    expect(() => new PlayerFollower({ frameRate: 0, frameWidth: 0, frameHeight: 0, seeds })).toThrow(/frameRate must be > 0/);
    expect(() => new PlayerFollower({ frameRate: 30, frameWidth: 0, frameHeight: 0, seeds: [] })).toThrow(/at least one seed/);
    expect(() => new PlayerFollower({ frameRate: 30, frameWidth: 0, frameHeight: 0, seeds: [{ timeSec: 0, bbox: { x: 0, y: 0, w: 0, h: 20 } }] })).toThrow(/positive width/);
    expect(() => new PlayerFollower({ frameRate: 30, frameWidth: 0, frameHeight: 0, seeds, gateMax: 0.1 })).toThrow(/gateMax/);
    const follower = new PlayerFollower({ frameRate: 30, frameWidth: 0, frameHeight: 0, seeds });
    follower.push({ index: 0, timeSec: 1, detections: [] });
    expect(() => follower.push({ index: 1, timeSec: 1, detections: [] })).toThrow(/timeSec must increase/);
    follower.finish();
    expect(() => follower.push({ index: 1, timeSec: 2, detections: [] })).toThrow(/after finish/);
  });
});

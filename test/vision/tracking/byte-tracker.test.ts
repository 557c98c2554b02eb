import { describe, expect, it } from 'vitest';
import { ByteTracker, type TrackSnapshot } from '../../../src/vision/tracking/byte-tracker';
import { maxLostFrames, resolveByteTrackerConfig } from '../../../src/vision/tracking/byte-tracker-config';
import type { TrackerDetection } from '../../../src/vision/tracking/track';

const FPS = 30;

/** A 60×120 box whose top-left moves at (vx, vy) px per frame from (x0, y0). */
function movingBox(frame: number, score = 0.9, x0 = 100, y0 = 200, vx = 5, vy = 1): TrackerDetection {
  return { x: x0 + vx * frame, y: y0 + vy * frame, w: 60, h: 120, score };
}

/** Feeds frames [from, to) of one moving box (absent where `visible` says so) and collects outputs per frame. */
function run(tracker: ByteTracker, frames: number[], detect: (frame: number) => TrackerDetection[]): TrackSnapshot[][] {
  return frames.map((f) => tracker.update(detect(f), f / FPS));
}

const range = (from: number, to: number, step = 1) => Array.from({ length: Math.ceil((to - from) / step) }, (_, i) => from + i * step);
const idsOf = (outputs: TrackSnapshot[][]) => new Set(outputs.flat().map((t) => t.id));

describe('ByteTracker', () => {
  it('keeps one id for a box moving at constant speed, reported in every frame', () => {
    const tracker = new ByteTracker({ frameRate: FPS });
    const outputs = run(tracker, range(0, 120), (f) => [movingBox(f)]);
    expect(outputs.every((o) => o.length === 1)).toBe(true);
    expect(idsOf(outputs)).toEqual(new Set([1]));
    const last = outputs[119][0];
    expect(last.bbox.x).toBeCloseTo(movingBox(119).x, 0);
    expect(last.framesSeen).toBe(120);
    expect(last.startTime).toBe(0);
    expect(last.detectionIndex).toBe(0);
    expect(last.state).toBe('tracked');
  });

  it('keeps the id through an occlusion within the buffer (30 frames) and loses it beyond', () => {
    expect(maxLostFrames(resolveByteTrackerConfig({ frameRate: FPS }))).toBe(30);
    for (const [missing, sameId] of [
      [20, true],
      [30, true],
      [31, false],
    ] as const) {
      const tracker = new ByteTracker({ frameRate: FPS });
      const hidden = (f: number) => f >= 40 && f < 40 + missing;
      const outputs = run(tracker, range(0, 40 + missing + 20), (f) => (hidden(f) ? [] : [movingBox(f)]));
      expect(outputs.slice(40, 40 + missing).every((o) => o.length === 0)).toBe(true);
      expect(idsOf(outputs), `${missing} missing frames`).toEqual(sameId ? new Set([1]) : new Set([1, 2]));
    }
  });

  it('reports a lost track with its predicted box while it is occluded', () => {
    const tracker = new ByteTracker({ frameRate: FPS });
    run(tracker, range(0, 40), (f) => [movingBox(f)]);
    run(tracker, range(40, 50), () => []);
    const [lost] = tracker.lostTracks();
    expect(lost).toMatchObject({ id: 1, state: 'lost', detectionIndex: null, lastSeenTime: 39 / FPS });
    // Still moving with the learned velocity (5 px/frame) during the occlusion.
    expect(lost.bbox.x).toBeCloseTo(movingBox(49).x, -1);
  });

  it('lets low-score detections continue a track but never start one', () => {
    const lowOnly = new ByteTracker({ frameRate: FPS });
    expect(run(lowOnly, range(0, 20), (f) => [movingBox(f, 0.3)]).flat()).toEqual([]);
    // Above the high threshold (0.5) but below the new-track threshold (0.6): still no track.
    const almost = new ByteTracker({ frameRate: FPS });
    expect(run(almost, range(0, 20), (f) => [movingBox(f, 0.55)]).flat()).toEqual([]);

    const tracker = new ByteTracker({ frameRate: FPS });
    const outputs = run(tracker, range(0, 40), (f) => [movingBox(f, f < 10 ? 0.9 : 0.3)]);
    expect(outputs.every((o) => o.length === 1)).toBe(true);
    expect(idsOf(outputs)).toEqual(new Set([1]));
    expect(outputs[39][0].score).toBe(0.3);

    // Below the low threshold a detection is ignored altogether.
    const ignored = new ByteTracker({ frameRate: FPS });
    const out2 = run(ignored, range(0, 20), (f) => [movingBox(f, f < 10 ? 0.9 : 0.05)]);
    expect(out2.slice(10).every((o) => o.length === 0)).toBe(true);
  });

  it('re-finds a lost track only with a high-score detection', () => {
    const tracker = new ByteTracker({ frameRate: FPS });
    run(tracker, range(0, 10), (f) => [movingBox(f)]);
    run(tracker, range(10, 15), () => []);
    expect(run(tracker, range(15, 20), (f) => [movingBox(f, 0.3)]).flat()).toEqual([]);
    const back = run(tracker, range(20, 22), (f) => [movingBox(f, 0.9)]);
    expect(back.map((o) => o.map((t) => t.id))).toEqual([[1], [1]]);
  });

  it('confirms a new track on its second detection (except on the first update)', () => {
    const tracker = new ByteTracker({ frameRate: FPS });
    const first = tracker.update([movingBox(0)], 0);
    expect(first.map((t) => t.id)).toEqual([1]); // born on the first update: reported at once
    const other = (f: number) => movingBox(f, 0.9, 900, 500, -3, 0);
    const out = run(tracker, range(1, 4), (f) => (f === 1 ? [movingBox(f), other(f)] : f === 3 ? [movingBox(f), other(f)] : [movingBox(f)]));
    // The second box seen once (frame 1) is dropped; seen again at frame 3 it starts over unconfirmed.
    expect(out.map((o) => o.map((t) => t.id))).toEqual([[1], [1], [1]]);
    const later = tracker.update([movingBox(4), other(4)], 4 / FPS);
    expect(later.map((t) => [t.id, t.framesSeen])).toEqual([
      [1, 5],
      [2, 2],
    ]);
  });

  it('follows timestamps: irregular gaps between updates move the prediction by elapsed time', () => {
    // Every 4th frame, then a 12-frame hiccup: 6 px/frame means a 72 px jump on a 60 px wide box.
    const frames = [...range(0, 40, 4), ...range(52, 100, 4)];
    const timed = new ByteTracker({ frameRate: FPS });
    const outputs = run(timed, frames, (f) => [movingBox(f, 0.9, 100, 200, 6, 0)]);
    expect(idsOf(outputs)).toEqual(new Set([1]));
    expect(outputs.every((o) => o.length === 1)).toBe(true);

    // The same detections with one update = one frame lose the object at the hiccup.
    const untimed = new ByteTracker({ frameRate: FPS });
    const naive = frames.map((f, k) => untimed.update([movingBox(f, 0.9, 100, 200, 6, 0)], k / FPS));
    expect(idsOf(naive).size).toBeGreaterThan(1);
  });

  it('measures the lost buffer in time, not in updates, at a reduced frame rate', () => {
    // 6 updates per second (every 5th frame at 30 fps); the buffer is 1 s whatever the rate.
    const keep = new ByteTracker({ frameRate: FPS });
    const shortGap = run(keep, range(0, 300, 5), (f) => (f >= 100 && f < 125 ? [] : [movingBox(f, 0.9, 100, 200, 2, 0)]));
    expect(idsOf(shortGap)).toEqual(new Set([1]));

    // A 2 s gap is only 12 updates (less than track_buffer = 30) but longer than 1 s: a new id.
    const lose = new ByteTracker({ frameRate: FPS });
    const longGap = run(lose, range(0, 300, 5), (f) => (f >= 100 && f < 160 ? [] : [movingBox(f, 0.9, 100, 200, 2, 0)]));
    expect(idsOf(longGap)).toEqual(new Set([1, 2]));
  });

  it('is deterministic, numbers ids in order of confirmation and reports the matched detection index', () => {
    const scene = (f: number): TrackerDetection[] => {
      if (f === 0) return [];
      const a = movingBox(f, 0.9, 100, 200, 3, 0);
      const b = movingBox(f, 0.8, 800, 300, -2, 1);
      return f % 2 === 0 ? [a, b] : [b, a]; // detection order changes every frame
    };
    const once = run(new ByteTracker({ frameRate: FPS }), range(0, 30), scene);
    const twice = run(new ByteTracker({ frameRate: FPS }), range(0, 30), scene);
    expect(twice).toEqual(once);

    // Both appear at frame 1 (b listed first), are confirmed together at frame 2 in birth order.
    expect(once[2].map((t) => t.id)).toEqual([1, 2]);
    for (const [k, tracks] of once.entries()) {
      const dets = scene(k);
      for (const t of tracks) {
        const d = dets[t.detectionIndex as number];
        expect(Math.abs(d.x - t.bbox.x)).toBeLessThan(5);
      }
    }
  });

  it('ignores degenerate boxes but keeps indices into the array passed in', () => {
    const tracker = new ByteTracker({ frameRate: FPS });
    const broken = [
      { x: 0, y: 0, w: 0, h: 100, score: 0.9 },
      { x: Number.NaN, y: 0, w: 10, h: 100, score: 0.9 },
    ];
    const outputs = run(tracker, range(0, 5), (f) => [...broken, movingBox(f)]);
    expect(outputs.every((o) => o.length === 1 && o[0].detectionIndex === 2)).toBe(true);
  });

  it('rejects time going backwards and invalid settings', () => {
    const tracker = new ByteTracker({ frameRate: FPS });
    tracker.update([], 1);
    expect(() => tracker.update([], 0.5)).toThrow(/backwards/);
    expect(() => tracker.update([], Number.NaN)).toThrow(/finite/);
    expect(() => new ByteTracker({ frameRate: 0 })).toThrow(/frameRate/);
    expect(() => new ByteTracker({ lowThresh: 0.7, highThresh: 0.5 })).toThrow(/lowThresh/);
  });
});

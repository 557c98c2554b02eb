import type { Box, TrajectoryPoint } from '../../../src/analysis/trajectory';
import type { FollowDetection, FollowFrame } from '../../../src/vision/follow/follow-types';
import { PlayerFollower, type PlayerFollowerOptions } from '../../../src/vision/follow/player-follower';
import { iou } from '../../../src/vision/tracking/box';

/** A person in a synthetic scene: where its box is at a time (null when hidden or off screen), and its look (a channel of the appearance vector). */
export interface Actor {
  name: string;
  box(timeSec: number): Box | null;
  look: number;
}

export const FPS = 30;
export const WIDTH = 1280;
export const HEIGHT = 720;
const SIZE = { w: 40, h: 100 };

/** A box whose top-left moves from (x0, y0) at (vx, vy) px/s, visible when `visible(t)` says so. */
export function walker(name: string, look: number, x0: number, y0: number, vx: number, vy: number, visible: (t: number) => boolean = () => true): Actor {
  return { name, look, box: (t) => (visible(t) ? { x: x0 + vx * t, y: y0 + vy * t, ...SIZE } : null) };
}

/** An actor following waypoints [t, x, y] with straight segments between them (hidden outside [first t, last t] and where `visible` says). */
export function path(name: string, look: number, points: Array<[number, number, number]>, visible: (t: number) => boolean = () => true): Actor {
  return {
    name,
    look,
    box: (t) => {
      if (!visible(t) || t < points[0][0] || t > points[points.length - 1][0]) return null;
      let k = 0;
      while (k < points.length - 2 && t > points[k + 1][0]) k++;
      const [t0, x0, y0] = points[k];
      const [t1, x1, y1] = points[k + 1];
      const u = t1 > t0 ? (t - t0) / (t1 - t0) : 0;
      return { x: x0 + (x1 - x0) * u, y: y0 + (y1 - y0) * u, ...SIZE };
    },
  };
}

/** An appearance vector: mostly channel `k` of 8, with a small deterministic variation per frame. */
export function lookVector(k: number, frame = 0): Float32Array {
  const v = new Float32Array(8).fill(0.05);
  v[k] = 1;
  v[(k + 1) % 8] += 0.05 * Math.sin(frame);
  return v;
}

/** Deterministic ±1 px jitter so boxes are not perfectly linear (as detections never are). */
function jitter(frame: number, salt: number): number {
  return Math.sin(frame * 12.9898 + salt * 78.233) * 1;
}

/**
 * Renders frames 0, step, 2·step… below `seconds` as detections of the visible actors inside the
 * picture (score 0.9, in actor order), with the actors' appearance when `withAppearance`.
 */
export function render(actors: readonly Actor[], seconds: number, options: { step?: number; withAppearance?: boolean } = {}): FollowFrame[] {
  const step = options.step ?? 1;
  const frames: FollowFrame[] = [];
  for (let f = 0, index = 0; f < seconds * FPS; f += step, index++) {
    const t = f / FPS;
    const detections: FollowDetection[] = [];
    actors.forEach((a, i) => {
      const b = a.box(t);
      // The detector only sees people whose centre is in the picture.
      if (b === null || b.x + b.w / 2 < 0 || b.x + b.w / 2 > WIDTH || b.y + b.h / 2 < 0 || b.y + b.h / 2 > HEIGHT) return;
      const d: FollowDetection = { x: b.x + jitter(f, i), y: b.y + jitter(f, i + 10), w: b.w, h: b.h, score: 0.9 };
      if (options.withAppearance) d.appearance = lookVector(a.look, f);
      detections.push(d);
    });
    frames.push({ index, timeSec: t, detections });
  }
  return frames;
}

/** Runs a follower seeded on `target` at time `seedTime` over the frames. */
export function follow(frames: readonly FollowFrame[], target: Actor, options: Partial<PlayerFollowerOptions> & { seedTime?: number } = {}): TrajectoryPoint[] {
  const seedTime = options.seedTime ?? 0;
  const seedBox = target.box(seedTime);
  if (seedBox === null) throw new Error(`${target.name} is not visible at ${seedTime}`);
  const follower = new PlayerFollower({ frameRate: FPS, frameWidth: WIDTH, frameHeight: HEIGHT, seeds: [{ timeSec: seedTime, bbox: seedBox }], ...options });
  for (const frame of frames) follower.push(frame);
  return follower.finish();
}

/** Name of the actor whose true box the point's box overlaps at IoU ≥ 0.5, or null. */
export function whoIs(point: TrajectoryPoint, actors: readonly Actor[]): string | null {
  if (point.bbox === null) return null;
  let best: string | null = null;
  let bestIou = 0.5;
  for (const a of actors) {
    const truth = a.box(point.time_sec);
    if (truth === null) continue;
    const v = iou(point.bbox, truth);
    if (v >= bestIou) {
      best = a.name;
      bestIou = v;
    }
  }
  return best;
}

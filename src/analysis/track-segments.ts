import type { Box, TrajectoryPoint } from './trajectory';
import { isTrusted } from './trajectory-sampling';

/** One measured position of the player's ground point (image pixels or pitch metres). */
export interface TrackSample {
  index: number;
  time_sec: number;
  x: number;
  y: number;
}

export type Point2 = readonly [number, number];

/**
 * Where the player stands: the bottom-centre of the box (the feet), the point a pitch homography
 * may map, unlike the box centre which floats above the ground.
 *
 * @example groundPoint({ x: 100, y: 50, w: 40, h: 90 }); // [120, 140]
 */
export function groundPoint(box: Box): [number, number] {
  return [box.x + box.w / 2, box.y + box.h];
}

/**
 * The trusted ground points (observed or interpolated), cut into runs of consecutive frames:
 * a run ends at any uncertain or missing frame, at a skipped index, or where `project` returns
 * null, because nothing measured says where the player went meanwhile.
 *
 * @example
 * trackSegments(points); // [[{ index: 0, time_sec: 0, x: 120, y: 140 }, …], [{ index: 31, … }, …]]
 * trackSegments(points, (p) => applyHomography(h.matrix, p)); // same runs, in metres
 */
export function trackSegments(points: readonly TrajectoryPoint[], project?: (point: Point2) => Point2 | null): TrackSample[][] {
  const segments: TrackSample[][] = [];
  let current: TrackSample[] = [];
  for (const point of points) {
    const ground = isTrusted(point) ? groundPoint(point.bbox!) : null;
    const position = ground && project ? project(ground) : ground;
    const previous = current[current.length - 1];
    if (!position || (previous && point.index !== previous.index + 1)) {
      if (current.length > 0) segments.push(current);
      current = [];
    }
    if (position) current.push({ index: point.index, time_sec: point.time_sec, x: position[0], y: position[1] });
  }
  if (current.length > 0) segments.push(current);
  return segments;
}

import type { TrajectoryPoint } from './trajectory';
import { frameIntervalOf, roundTo } from './trajectory-sampling';

export interface TrajectoryExportHeader {
  /** Analysed frames per second; inferred from the points when omitted. */
  fps?: number;
  /** The source video's display size, which the boxes are measured in. */
  video?: { width: number; height: number };
}

// Written into the JSON so the file explains itself without the API docs.
const STATE_MEANINGS = {
  observed: 'the player was detected in this frame',
  interpolated: 'not detected, but between two sure observations; the box is interpolated',
  uncertain: 'a box the follower is not sure is the player (after an occlusion, a crossing…)',
  missing: 'the player was not found (off screen, hidden); no box',
} as const;

const CSV_COLUMNS = ['index', 'time_sec', 'x', 'y', 'w', 'h', 'confidence', 'state'] as const;

/**
 * The trajectory as a JSON document: a header (format, fps, units, what each state means) then
 * one entry per analysed frame. Deterministic: same points, same text (times to the microsecond,
 * boxes to 1/100 px, confidence to 1e-4), ending with a newline.
 *
 * @example
 * trajectoryJson(points, { fps: 10, video: { width: 1280, height: 720 } });
 * // '{"format":"spotlight-trajectory","version":1,"fps":10,…,"points":[{"index":0,"time_sec":0,"bbox":{…},…}]}\n'
 */
export function trajectoryJson(points: readonly TrajectoryPoint[], header: TrajectoryExportHeader = {}): string {
  const fps = header.fps ?? 1 / frameIntervalOf(points);
  const document = {
    format: 'spotlight-trajectory',
    version: 1,
    fps: roundTo(fps, 6),
    frame_count: points.length,
    video: header.video ? { width: header.video.width, height: header.video.height } : null,
    units: {
      time_sec: 'seconds from the start of the video',
      bbox: 'source video pixels; x, y is the top-left corner, w, h the size',
      confidence: '0..1, how sure the follower is that the box is the player',
    },
    states: STATE_MEANINGS,
    points: points.map((point) => ({
      index: point.index,
      time_sec: roundTo(point.time_sec, 6),
      bbox: point.bbox ? { x: roundTo(point.bbox.x, 2), y: roundTo(point.bbox.y, 2), w: roundTo(point.bbox.w, 2), h: roundTo(point.bbox.h, 2) } : null,
      confidence: roundTo(point.confidence, 4),
      state: point.state,
    })),
  };
  return `${JSON.stringify(document)}\n`;
}

/**
 * The trajectory as CSV: `index,time_sec,x,y,w,h,confidence,state`, one row per analysed frame,
 * empty box cells when there is no box. Same rounding as trajectoryJson; `\n` line ends.
 *
 * @example
 * trajectoryCsv(points);
 * // 'index,time_sec,x,y,w,h,confidence,state\n0,0,100,50,40,90,0.92,observed\n1,0.1,,,,,0,missing\n'
 */
export function trajectoryCsv(points: readonly TrajectoryPoint[]): string {
  const rows = points.map((point) => {
    const box = point.bbox;
    const cells = [
      String(point.index),
      String(roundTo(point.time_sec, 6)),
      ...(box ? [box.x, box.y, box.w, box.h].map((value) => String(roundTo(value, 2))) : ['', '', '', '']),
      String(roundTo(point.confidence, 4)),
      point.state,
    ];
    return cells.join(',');
  });
  return `${[CSV_COLUMNS.join(','), ...rows].join('\n')}\n`;
}

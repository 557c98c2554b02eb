import { describe, expect, it } from 'vitest';
import { trajectoryCsv, trajectoryJson } from '../../src/analysis/exports';
import type { TrajectoryPoint } from '../../src/analysis/trajectory';

const points: TrajectoryPoint[] = [
  { index: 0, time_sec: 0, bbox: { x: 100, y: 50.123, w: 40, h: 90 }, confidence: 0.91234, state: 'observed' },
  { index: 1, time_sec: 0.1, bbox: { x: 101.5, y: 50, w: 40, h: 90 }, confidence: 0.5, state: 'interpolated' },
  { index: 2, time_sec: 0.2, bbox: null, confidence: 0, state: 'missing' },
  { index: 3, time_sec: 0.30000000000000004, bbox: { x: 103, y: 51, w: 41, h: 91 }, confidence: 0.3, state: 'uncertain' },
];

describe('trajectoryCsv', () => {
  it('writes one row per frame with empty box cells when missing', () => {
    expect(trajectoryCsv(points)).toBe(
      [
        'index,time_sec,x,y,w,h,confidence,state',
        '0,0,100,50.12,40,90,0.9123,observed',
        '1,0.1,101.5,50,40,90,0.5,interpolated',
        '2,0.2,,,,,0,missing',
        '3,0.3,103,51,41,91,0.3,uncertain',
        '',
      ].join('\n'),
    );
  });

  it('writes only the header for an empty trajectory', () => {
    expect(trajectoryCsv([])).toBe('index,time_sec,x,y,w,h,confidence,state\n');
  });
});

describe('trajectoryJson', () => {
  it('has a header explaining fps, units and states, then the points', () => {
    const text = trajectoryJson(points, { fps: 10, video: { width: 1280, height: 720 } });
    expect(text.endsWith('\n')).toBe(true);
    const doc = JSON.parse(text);
    expect(doc).toMatchObject({ format: 'spotlight-trajectory', version: 1, fps: 10, frame_count: 4, video: { width: 1280, height: 720 } });
    expect(Object.keys(doc.states)).toEqual(['observed', 'interpolated', 'uncertain', 'missing']);
    expect(doc.units.bbox).toMatch(/source video pixels/);
    expect(doc.points[2]).toEqual({ index: 2, time_sec: 0.2, bbox: null, confidence: 0, state: 'missing' });
    expect(doc.points[3].time_sec).toBe(0.3);
    expect(doc.points[0].bbox).toEqual({ x: 100, y: 50.12, w: 40, h: 90 });
  });

  it('infers the fps from the points and is deterministic', () => {
    expect(JSON.parse(trajectoryJson(points)).fps).toBe(10);
    expect(trajectoryJson(points)).toBe(trajectoryJson(points.map((p) => ({ ...p }))));
  });
});

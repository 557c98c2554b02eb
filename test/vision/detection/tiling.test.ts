import { describe, expect, it } from 'vitest';
import { mergeRegionDetections, planTiles, touchesSharedEdge } from '../../../src/vision/detection/tiling';
import type { Candidate } from '../../../src/vision/detection/types';

const box = (x1: number, y1: number, x2: number, y2: number, score: number): Candidate => ({ x1, y1, x2, y2, score, classId: 0 });
const frame = { width: 1280, height: 720 };

describe('planTiles', () => {
  it('covers a 720p frame with evenly spaced, overlapping tiles', () => {
    const tiles = planTiles(1280, 720, { tileSize: 416, overlap: 96 });
    expect(tiles.map((t) => t.left).slice(0, 4)).toEqual([0, 288, 576, 864]);
    expect([...new Set(tiles.map((t) => t.top))]).toEqual([0, 304]);
    expect(tiles).toHaveLength(8);
    for (const t of tiles) {
      expect(t).toMatchObject({ width: 416, height: 416 });
      expect(t.left + t.width).toBeLessThanOrEqual(1280);
      expect(t.top + t.height).toBeLessThanOrEqual(720);
    }
    expect(Math.max(...tiles.map((t) => t.left + t.width))).toBe(1280);
    expect(Math.max(...tiles.map((t) => t.top + t.height))).toBe(720);
  });

  it('keeps at least the requested overlap between neighbours', () => {
    for (const [w, h, size, overlap] of [[1920, 1080, 640, 160], [1920, 1080, 416, 104], [1000, 999, 300, 0]]) {
      const lefts = [...new Set(planTiles(w, h, { tileSize: size, overlap }).map((t) => t.left))];
      for (let i = 1; i < lefts.length; i++) expect(lefts[i - 1] + size - lefts[i]).toBeGreaterThanOrEqual(overlap);
    }
  });

  it('uses one frame-sized tile on a small frame and rejects bad options', () => {
    expect(planTiles(320, 240, { tileSize: 416, overlap: 96 })).toEqual([{ left: 0, top: 0, width: 320, height: 240 }]);
    expect(() => planTiles(1280, 720, { tileSize: 416, overlap: 416 })).toThrow(RangeError);
    expect(() => planTiles(1280, 720, { tileSize: 8, overlap: 0 })).toThrow(RangeError);
  });
});

describe('merging tile detections', () => {
  const left = { left: 0, top: 0, width: 416, height: 416 };
  const right = { left: 288, top: 0, width: 416, height: 416 };
  const full = { left: 0, top: 0, width: 1280, height: 720 };

  it('flags boxes on inner tile edges only', () => {
    expect(touchesSharedEdge(box(380, 10, 416, 60, 1), left, frame)).toBe(true); // right edge of the left tile
    expect(touchesSharedEdge(box(0, 10, 30, 60, 1), left, frame)).toBe(false); // frame border
    expect(touchesSharedEdge(box(288, 10, 320, 60, 1), right, frame)).toBe(true);
    expect(touchesSharedEdge(box(300, 10, 340, 60, 1), right, frame)).toBe(false);
  });

  it('drops a half person cut by a tile edge when a neighbour sees it whole', () => {
    const whole = box(390, 100, 430, 180, 0.7); // inside the right tile
    const half = box(390, 100, 416, 180, 0.8); // the left tile's cut-off view: IoU 0.65 and a higher score, so plain NMS would keep it instead
    const merged = mergeRegionDetections([{ region: full, boxes: [] }, { region: left, boxes: [half] }, { region: right, boxes: [whole] }], frame, 0.45, 'drop');
    expect(merged).toEqual([whole]);
  });

  it('keeps an uncovered cut box as a fallback only without a full-frame pass', () => {
    const cut = box(380, 100, 416, 400, 0.6); // a person too tall for the overlap
    const groups = [{ region: left, boxes: [cut] }, { region: right, boxes: [] }];
    expect(mergeRegionDetections(groups, frame, 0.45, 'fallback')).toEqual([cut]);
    expect(mergeRegionDetections(groups, frame, 0.45, 'drop')).toEqual([]);
    const covering = box(378, 95, 440, 405, 0.5);
    expect(mergeRegionDetections([...groups, { region: full, boxes: [covering] }], frame, 0.45, 'fallback')).toEqual([covering]);
  });

  it('merges the same person seen by the full frame and a tile with NMS', () => {
    const fromFull = box(100, 100, 130, 160, 0.4);
    const fromTile = box(101, 99, 131, 161, 0.75);
    expect(mergeRegionDetections([{ region: full, boxes: [fromFull] }, { region: left, boxes: [fromTile] }], frame, 0.45, 'drop')).toEqual([fromTile]);
  });
});

import { describe, expect, it } from 'vitest';
import { matchDetections, rates, sumCounts } from '../../../src/evaluation/detection/match-detections';
import { parseMotGroundTruth } from '../../../src/evaluation/detection/mot-ground-truth';

const gt = parseMotGroundTruth(
  [
    '1,1,0,0,10,20,1,1,1.0', // pedestrian
    '1,2,100,0,10,20,1,1,0.3', // pedestrian, mostly hidden
    '1,3,200,0,10,20,0,7,1.0', // static person: ignore class
    '1,4,300,0,10,20,0,11,1.0', // occluder: neither
    '2,1,1,0,10,20,1,1,1.0',
  ].join('\n'),
).get(1)!;

describe('matchDetections', () => {
  it('parses gt.txt rows by frame', () => {
    expect(gt).toHaveLength(4);
    expect(gt[2]).toMatchObject({ id: 3, consider: false, classId: 7, visibility: 1 });
  });

  it('counts TP by greedy IoU > 0.5, ignores detections on ignore classes, FP otherwise', () => {
    const counts = matchDetections(
      [
        { x: 0, y: 0, w: 10, h: 20, score: 0.9 }, // TP on id 1
        { x: 1, y: 0, w: 10, h: 20, score: 0.8 }, // duplicate of id 1: FP
        { x: 200, y: 1, w: 10, h: 20, score: 0.7 }, // static person: not FP
        { x: 300, y: 0, w: 10, h: 20, score: 0.6 }, // occluder: FP
        { x: 104, y: 0, w: 10, h: 20, score: 0.5 }, // IoU 6/14 with id 2: FP
      ],
      gt,
    );
    expect(counts).toEqual({ gtPedestrians: 2, gtVis50: 1, tp: 1, tpVis50: 1, fp: 3, matchedIgnore: 1 });
    expect(rates(sumCounts([counts, counts]))).toEqual({ recall: 0.5, precision: 0.25, recallVis50: 1 });
  });

  it('gives the pedestrian to the higher-scored detection', () => {
    const counts = matchDetections(
      [
        { x: 2, y: 0, w: 10, h: 20, score: 0.4 },
        { x: 0, y: 1, w: 10, h: 20, score: 0.6 },
      ],
      gt,
    );
    expect(counts).toMatchObject({ tp: 1, fp: 1 });
  });
});

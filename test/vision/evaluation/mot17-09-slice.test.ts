import { beforeAll, expect, it } from 'vitest';
import { evaluateSequence } from '../../../src/evaluation/evaluate-sequence';
import type { MotDetectionRow, MotGroundTruthRow } from '../../../src/evaluation/mot-challenge-format';
import { readDetectionsFile, readGroundTruthFile } from '../../../src/evaluation/mot-files';
import { trackMotSequence } from '../../../src/evaluation/track-mot-sequence';
import { describeWithData, testDataPath } from '../../support/test-data';

// Measured when written (MOT17-09, frames 1–150, public FRCNN detections, default ByteTrack):
// MOTA 62.6 %, IDF1 77.3 %, 0 IDSW; every 3rd frame: MOTA 61.1 %, IDF1 76.4 %. Floors sit ~3 points below.
const FRAMES = 150;

describeWithData('ByteTrack on MOT17-09 (first 150 frames) scored against the full ground truth', ['sequences', 'MOT17-mini'], () => {
  describeWithData('with the MOTChallenge ground truth', ['sequences', 'MOTChallenge-gt', 'MOT17-train', 'MOT17-09-FRCNN'], () => {
    let detections: MotDetectionRow[];
    let gt: MotGroundTruthRow[];

    beforeAll(async () => {
      detections = await readDetectionsFile(testDataPath('sequences/MOT17-mini/train/MOT17-09-FRCNN/det/det.txt'));
      gt = await readGroundTruthFile(testDataPath('sequences/MOTChallenge-gt/MOT17-train/MOT17-09-FRCNN/gt/gt.txt'));
    });

    it('stays above the MOTA / IDF1 floors at full frame rate', () => {
      const results = trackMotSequence(detections, { frameRate: 30, seqLength: FRAMES });
      const m = evaluateSequence(gt, results, { benchmark: 'MOT17', seqLength: FRAMES });
      expect(m.gtDets).toBe(1110);
      expect(m.clear.mota).toBeGreaterThanOrEqual(0.59);
      expect(m.identity.idf1).toBeGreaterThanOrEqual(0.73);
      expect(m.clear.idsw).toBeLessThanOrEqual(3);
      expect(trackMotSequence(detections, { frameRate: 30, seqLength: FRAMES })).toEqual(results);
    });

    it('stays above the floors when only every 3rd frame is tracked (timestamps kept)', () => {
      const results = trackMotSequence(detections, { frameRate: 30, seqLength: FRAMES, frameStep: 3 });
      const scoredGt = gt.filter((r) => (r.frame - 1) % 3 === 0);
      const m = evaluateSequence(scoredGt, results, { benchmark: 'MOT17', seqLength: FRAMES });
      expect(m.clear.mota).toBeGreaterThanOrEqual(0.58);
      expect(m.identity.idf1).toBeGreaterThanOrEqual(0.72);
    });
  });
});

import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PersonDetector, readRgbImage, SessionCache } from '../../../src/vision/detection';
import { xywhIou } from '../../../src/vision/detection/box-iou';
import { matchDetections, rates, sumCounts } from '../../../src/evaluation/detection/match-detections';
import { readMotSequence } from '../../../src/evaluation/detection/mot-ground-truth';
import { readVideoFrame } from '../../../src/evaluation/detection/video-frame';
import { describeWithData, hasTestData, testDataPath } from '../../support/test-data';

/**
 * Ultralytics exports are not part of the shared data (their weights are AGPL-3.0), so this file
 * runs only when SPOTLIGHT_ULTRALYTICS_MODELS names some (comma-separated paths; see
 * vitest.config.ts). Every path named must exist.
 */
const models = (process.env.SPOTLIGHT_ULTRALYTICS_MODELS ?? '').split(',').filter(Boolean);
const absent = models.filter((p) => !existsSync(p));
if (absent.length > 0) throw new Error(`SPOTLIGHT_ULTRALYTICS_MODELS names missing files: ${absent.join(', ')}`);

// Measured on MOT17-04 and MOT17-09 frame 1 at score 0.3 (recall / precision):
// yolov8n_int8 (640) 0.458 / 0.786, yolo11n_int8 (320) 0.125 / 0.750. Unknown models get a bare sanity floor.
const FLOORS: Record<string, { recall: number; precision: number }> = {
  'yolov8n_int8.onnx': { recall: 0.4, precision: 0.7 },
  'yolo11n_int8.onnx': { recall: 0.1, precision: 0.6 },
};
// The person on frame 80 of one-by-one-person-detection.mp4 as YOLOX-Nano boxes it (reference JSON).
const ONE_BY_ONE_PERSON = { x: 373.6, y: 16.2, w: 149.3, h: 383.1, score: 0.868 };

describeWithData('PersonDetector with Ultralytics exports', ['sequences', 'MOT17-mini', 'train', 'MOT17-09-FRCNN'], () => {
  describe.each(models)('%s', (modelPath) => {
    const sessions = new SessionCache();
    let detector: PersonDetector;
    beforeAll(async () => {
      detector = await PersonDetector.load(modelPath, { threads: 2, sessions });
    });
    afterAll(() => sessions.releaseAll());

    it('is recognised as the YOLOv8/YOLO11 family', () => {
      expect(detector.family).toBe('yolov8');
      expect(detector.inputSize.width % 32).toBe(0);
    });

    it.skipIf(!hasTestData('videos', 'one-by-one-person-detection.mp4'))('boxes a lone person where YOLOX does (centre letterbox undone)', async () => {
      const frame = await readVideoFrame(process.env.FFMPEG_PATH ?? 'ffmpeg', testDataPath('videos', 'one-by-one-person-detection.mp4'), 80);
      const found = await detector.detect(frame, { scoreThreshold: 0.5 });
      expect(found).toHaveLength(1);
      expect(xywhIou(found[0], ONE_BY_ONE_PERSON)).toBeGreaterThan(0.85);
    });

    it('finds MOT17 pedestrians above the measured floor', async () => {
      const counts = [];
      for (const name of ['MOT17-04-FRCNN', 'MOT17-09-FRCNN']) {
        const seq = await readMotSequence(testDataPath('sequences', 'MOT17-mini', 'train', name));
        const found = await detector.detect(await readRgbImage(seq.images.get(1)!), { scoreThreshold: 0.3 });
        counts.push(matchDetections(found, seq.groundTruth.get(1) ?? []));
      }
      const floor = FLOORS[path.basename(modelPath)] ?? { recall: 0.05, precision: 0.5 };
      const { recall, precision } = rates(sumCounts(counts));
      expect(recall).toBeGreaterThanOrEqual(floor.recall);
      expect(precision).toBeGreaterThanOrEqual(floor.precision);
    });
  });
});

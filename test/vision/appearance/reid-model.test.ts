import { existsSync } from 'node:fs';
import type { Target } from '../../../machines/job.types';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { decodeFrames } from '../../../src/media/decode-frames';
import { resolveFfmpegBinaries } from '../../../src/media/ffmpeg-binaries';
import { probeVideo } from '../../../src/media/probe';
import { followThroughVideo } from '../../../src/services/analysis/follow-through-video';
import { seedsFromTarget } from '../../../src/services/analysis/seeds-from-target';
import { reidDescriber } from '../../../src/vision/appearance/appearance-describer';
import { ReidEmbedder } from '../../../src/vision/appearance/reid-embedder';
import { PersonDetector, SessionCache } from '../../../src/vision/detection';
import { describeWithData, testDataPath } from '../../support/test-data';

/**
 * The re-identification path for real, on the shared data's OSNet x0.25 (MSMT17) ONNX export
 * (testing only, never shipped); SPOTLIGHT_REID_MODEL names another model to try.
 */
const modelPath = process.env.SPOTLIGHT_REID_MODEL ?? testDataPath('models', 'osnet_x0_25_msmt17.onnx');
if (process.env.SPOTLIGHT_REID_MODEL && !existsSync(modelPath)) throw new Error(`SPOTLIGHT_REID_MODEL names a missing file: ${modelPath}`);

const binaries = resolveFfmpegBinaries();
const sessions = new SessionCache();
let reid: ReidEmbedder;
let detector: PersonDetector;

describeWithData('a re-identification model on the one-by-one clip', ['models', 'osnet_x0_25_msmt17.onnx'], () => {
  const source = testDataPath('videos', 'one-by-one-person-detection.mp4');
  beforeAll(async () => {
    reid = await ReidEmbedder.load(modelPath, { threads: 2, sessions });
    detector = await PersonDetector.load(testDataPath('models', 'yolox_nano.onnx'), { threads: 2, sessions });
  });
  afterAll(() => sessions.releaseAll());

  /** The embedding of the largest person at a time of the clip. */
  async function personAt(timeSec: number): Promise<Float32Array> {
    for await (const frame of decodeFrames(source, { binaries, startSec: timeSec, durationSec: 0.05 })) {
      const [person] = (await detector.detect(frame, { scoreThreshold: 0.5 })).sort((a, b) => b.h - a.h);
      const [embedding] = await reid.embed(frame, [person]);
      return embedding!;
    }
    throw new Error(`no frame at ${timeSec}`);
  }

  it('tells two women in alike grey cardigans apart, and knows each again seconds later', async () => {
    const [blondeA, blondeB, darkA, darkB] = await Promise.all([8, 16, 100, 110].map(personAt));
    const { similarity } = reidDescriber(reid);
    const same = Math.min(similarity(blondeA, blondeB), similarity(darkA, darkB));
    const different = Math.max(similarity(blondeA, darkA), similarity(blondeB, darkB));
    expect(same).toBeGreaterThan(0.85);
    expect(different).toBeLessThan(0.8);
  });

  it('lets the analysis follow the chosen woman only, never another walker, and be sure of it', async () => {
    const video = await probeVideo(source, { binaries });
    // The woman as the candidates of the end-to-end run boxed her at 98.7 s (frame 987).
    const target: Target = {
      confirmed: true,
      source: 'select-target',
      selections: [{ frame_key: 'f000987', frame_time_sec: 98.7, bbox: { x: 384.4, y: 9.3, w: 140.1, h: 379 } }],
    };
    const seeds = seedsFromTarget(target, { fps: video.fps, playerRef: 'track_1', candidates: null });
    const { points } = await followThroughVideo({ source, binaries, detector, detectOptions: { scoreThreshold: 0.1 }, fps: 10, video, seeds, describer: reidDescriber(reid) });
    const observed = points.filter((p) => p.state === 'observed');
    expect(points.filter((p) => p.state === 'uncertain')).toHaveLength(0);
    expect(observed.length).toBeGreaterThan(200);
    // She walks in at about 93 s and out at about 119 s; the other walkers come before and after.
    const times = observed.map((p) => p.time_sec);
    expect(Math.min(...times)).toBeGreaterThan(90);
    expect(Math.max(...times)).toBeLessThan(122);
  }, 240_000);
});

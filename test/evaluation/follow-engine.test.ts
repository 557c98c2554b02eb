import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ENGINE_AND_BASELINE, evaluateIdentities, identitySeeds } from '../../src/evaluation/follow-identities';
import { videoPass } from '../../src/evaluation/video-pass';
import { BODY_COLOURS, loadDescriber } from '../../src/vision/appearance/appearance-describer';
import { resolveFfmpegBinaries } from '../../src/media/ffmpeg-binaries';
import { PersonDetector } from '../../src/vision/detection/person-detector';
import { devSequences } from '../../src/evaluation/dev-sequences';
import { readDetectionsFile, readGroundTruthFile, readSeqInfoFile } from '../../src/evaluation/mot-files';
import type { FollowScore } from '../../src/evaluation/follow-score';
import { summariseFollowing } from '../../src/evaluation/follow-summary';
import { describeWithData, testDataPath } from '../support/test-data';

/**
 * The follow engine's evaluations as regression checks, with the figures they measure today
 * (docs/analysis.md): claimed boxes must be right, and linking must beat keeping the seed's
 * tracker id.
 */
describeWithData('the follow engine without images on the development sequences', ['sequences', 'MOTChallenge-gt'], () => {
  it('claims boxes ≥ 90 % right and follows better than the tracker id (median F1 over 216 identities)', async () => {
    const pooled: Record<string, FollowScore[]> = { engine: [], trackerId: [] };
    for (const seq of devSequences(testDataPath())) {
      const [detections, gt, info] = await Promise.all([readDetectionsFile(seq.detPath), readGroundTruthFile(seq.gtPath), readSeqInfoFile(seq.seqInfoPath)]);
      const scores = evaluateIdentities({ detections, gt, info, benchmark: seq.benchmark }, ENGINE_AND_BASELINE);
      pooled.engine.push(...scores.engine);
      pooled.trackerId.push(...scores.trackerId);
    }
    const engine = summariseFollowing(pooled.engine);
    const trackerId = summariseFollowing(pooled.trackerId);
    expect(engine.identities).toBe(216);
    expect(engine.precision).toBeGreaterThanOrEqual(0.9);
    expect(engine.f1PerIdentity.median).toBeGreaterThan(trackerId.f1PerIdentity.median + 0.05);
    expect(engine.f1).toBeGreaterThan(trackerId.f1);
  });
});

describeWithData('the follow engine on a video with ground truth', ['videos-gt', 'PETS09-S3MF1'], () => {
  it.each([
    ['the body colours', () => BODY_COLOURS],
    ['the re-identification model', () => loadDescriber(testDataPath('models', 'osnet_x0_25_msmt17.onnx'), { threads: 2 })],
  ])('follows the PETS09 walkers on the pictures with %s, claimed boxes ≥ 90 %% right', async (_, describer) => {
    const folder = testDataPath('videos-gt', 'PETS09-S3MF1');
    const [gt, info] = await Promise.all([readGroundTruthFile(path.join(folder, 'gt', 'gt.txt')), readSeqInfoFile(path.join(folder, 'seqinfo.ini'))]);
    const detector = await PersonDetector.load(testDataPath('models', 'yolox_nano.onnx'), { threads: 2 });
    const input = { detections: [], gt, info, benchmark: 'MOT15' as const };
    const seeds = identitySeeds(input, 30).map((s) => s.seed);
    const pass = await videoPass(path.join(folder, 'video.mp4'), {
      binaries: resolveFfmpegBinaries(),
      detector,
      detectOptions: { scoreThreshold: 0.1 },
      describer: await describer(),
      videoWidth: info.imWidth,
      frameRate: info.frameRate,
      seeds,
    });
    expect(pass.seedLooks?.size).toBe(7);
    const scores = evaluateIdentities(input, ENGINE_AND_BASELINE, { minLifeFrames: 30, pass });
    const engine = summariseFollowing(scores.engine);
    expect(engine.identities).toBe(7);
    expect(engine.precision).toBeGreaterThanOrEqual(0.9);
    expect(engine.f1PerIdentity.median).toBeGreaterThanOrEqual(0.85);
    expect(engine.f1).toBeGreaterThanOrEqual(summariseFollowing(scores.trackerId).f1);
  }, 120_000);
});

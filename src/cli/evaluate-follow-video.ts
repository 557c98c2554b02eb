/**
 * The follow engine on a video with full tracking ground truth (`../shared/data/videos-gt/
 * PETS09-S3MF1/`), on the pictures as the analysis runs it: the detector on every frame, the
 * tracker, and what identifies people — the body colours (the default), the re-identification
 * model (REID_MODEL, default the shared OSNet when present), and motion alone for comparison.
 * Every identity living at least `--min-life` frames is seeded mid-life (the sequence has no
 * visibility column), followed over every frame and scored over its whole life, as
 * `npm run eval:follow` does on detection files; beside it, the baseline of keeping the seed's
 * tracker id.
 *
 * @example npm run eval:follow-video
 * @example DETECTOR_MODEL=yolox_s.onnx npm run eval:follow-video -- --json
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { existsSync } from 'node:fs';
import { ENGINE_AND_BASELINE, evaluateIdentities, identitySeeds } from '../evaluation/follow-identities';
import { videoPass } from '../evaluation/video-pass';
import { type AppearanceDescriber, BODY_COLOURS, loadDescriber } from '../vision/appearance/appearance-describer';
import type { FollowScore } from '../evaluation/follow-score';
import { resolveFfmpegBinaries } from '../media/ffmpeg-binaries';
import { PersonDetector } from '../vision/detection/person-detector';
import { readGroundTruthFile, readSeqInfoFile } from '../evaluation/mot-files';
import { summariseFollowing } from '../evaluation/follow-summary';
import { numberOption, runCli, UsageError } from './tracker-cli-options';

const USAGE = `Usage: npm run eval:follow-video -- [options]

  --data DIR             shared data folder (default $SPOTLIGHT_TEST_DATA or ../shared/data)
  --video NAME           the folder under videos-gt/ (default PETS09-S3MF1)
  --min-life N           follow identities living at least N frames (default 30: the clip has 107)
  --json                 print the summaries as JSON
  --help                 show this help

DETECTOR_MODEL names the detector (default: the shared yolox_nano.onnx), REID_MODEL the
re-identification model (default: the shared osnet_x0_25_msmt17.onnx, when present).`;

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    options: {
      data: { type: 'string', default: process.env.SPOTLIGHT_TEST_DATA ?? '../shared/data' },
      video: { type: 'string', default: 'PETS09-S3MF1' },
      'min-life': { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
    allowPositionals: true,
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
  const minLifeFrames = numberOption(values['min-life'], '--min-life', { min: 1, integer: true }) ?? 30;
  const folder = path.resolve(values.data, 'videos-gt', values.video);
  const model = process.env.DETECTOR_MODEL ?? path.resolve(values.data, 'models', 'yolox_nano.onnx');
  const [gt, info] = await Promise.all([readGroundTruthFile(path.join(folder, 'gt', 'gt.txt')), readSeqInfoFile(path.join(folder, 'seqinfo.ini'))]);
  const detector = await PersonDetector.load(model, { threads: 2 });
  const input = { detections: [], gt, info, benchmark: 'MOT15' as const };
  const seeds = identitySeeds(input, minLifeFrames).map((s) => s.seed);
  const reidModel = process.env.REID_MODEL ?? path.resolve(values.data, 'models', 'osnet_x0_25_msmt17.onnx');
  const describers: Record<string, AppearanceDescriber | undefined> = {
    motion: undefined,
    colours: BODY_COLOURS,
    ...(existsSync(reidModel) ? { reid: await loadDescriber(reidModel, { threads: 2 }) } : {}),
  };
  const scores: Record<string, FollowScore[]> = {};
  for (const [kind, describer] of Object.entries(describers)) {
    const pass = await videoPass(path.join(folder, 'video.mp4'), {
      binaries: resolveFfmpegBinaries(),
      detector,
      detectOptions: { scoreThreshold: 0.1 },
      ...(describer ? { describer } : {}),
      videoWidth: info.imWidth,
      frameRate: info.frameRate,
      seeds,
    });
    const byFollower = evaluateIdentities(input, ENGINE_AND_BASELINE, { minLifeFrames, pass });
    scores[`engine+${kind}`] = byFollower.engine;
    if (!describer) scores.trackerId = byFollower.trackerId;
  }
  const summaries = Object.fromEntries(Object.entries(scores).map(([name, s]) => [name, summariseFollowing(s)]));
  if (values.json) {
    process.stdout.write(`${JSON.stringify({ video: values.video, model: path.basename(model), minLifeFrames, summaries, perIdentity: scores }, null, 1)}\n`);
    return;
  }
  process.stdout.write(`${values.video} (${path.basename(model)}), identities living ≥ ${minLifeFrames} frames, seeded mid-life, scored over their whole life:\n`);
  for (const [name, s] of Object.entries(summaries)) {
    const f1 = s.f1PerIdentity;
    process.stdout.write(
      `  ${name.padEnd(16)} ${s.identities} ids  P ${s.precision.toFixed(3)}  R ${s.recall.toFixed(3)}  F1 ${s.f1.toFixed(3)}  per identity q1/median/q3 ${f1.q1.toFixed(3)}/${f1.median.toFixed(3)}/${f1.q3.toFixed(3)}\n`,
    );
  }
}

await runCli(main, 'eval:follow-video');

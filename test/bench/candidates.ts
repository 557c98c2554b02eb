/**
 * `npm run bench:candidates` — candidate tracking of a job against the detector alone on the same
 * frames, side by side in one run (goal: wall time ≤ 1.15× the detector-only time).
 *
 * The job: 24 previews of the soccer clip, tracked as trackCandidates does (segments decoded once,
 * streamed, detection on the previews and at CANDIDATE_FPS between them, ByteTrack, torso colours,
 * linking). The reference: the same frames, decoded beforehand in small batches, and only
 * `detector.detect` timed. Runs alternate; medians compared.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { PreviewFrame } from '../../machines/job.types';
import { candidateSettings, detectorSettings, loadConfig } from '../../src/config';
import { type DecodedFrame, decodeFrames } from '../../src/media/decode-frames';
import { extractFrames } from '../../src/media/extract-frames';
import { resolveFfmpegBinaries } from '../../src/media/ffmpeg-binaries';
import { planPreviews } from '../../src/media/preview-plan';
import { probeVideo } from '../../src/media/probe';
import { trackCandidatesService } from '../../src/services/track-candidates';
import { localMediaStore } from '../../src/storage/media-store';
import { planSegments } from '../../src/vision/candidates/plan-segments';
import { PersonDetector } from '../../src/vision/detection/person-detector';
import { testDataPath } from '../support/test-data';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const source = process.env.BENCH_VIDEO ?? testDataPath('videos', 'soccer_laliga_broadcast_720p.mp4');

async function main() {
  const binaries = resolveFfmpegBinaries();
  const config = loadConfig({ DETECTOR_MODEL: testDataPath('models', 'yolox_nano.onnx') });
  const settings = detectorSettings(config);
  const video = await probeVideo(source, { binaries });
  const work = await mkdtemp(path.join(tmpdir(), 'spotlight-bench-candidates-'));
  const extracted = await extractFrames(source, planPreviews(video, 24), { binaries, outputDir: work, concurrency: 2 });
  const previews: PreviewFrame[] = extracted.map(({ file: _file, ...frame }) => frame);
  const detector = await PersonDetector.load(settings.model!, { threads: settings.threads });
  const service = trackCandidatesService({
    store: localMediaStore(path.dirname(source)),
    binaries,
    detector: settings,
    candidates: candidateSettings(config),
  });

  const tracking = async () => {
    const started = performance.now();
    const { candidates } = (await service(
      { jobId: 'bench', source: { key: path.basename(source), kind: 'import', filename: null }, video, previews },
      {
        jobId: 'bench',
        attempt: 1,
        signal: new AbortController().signal,
        reportProgress: () => {},
        publish: async () => {},
      },
    )) as { candidates: unknown[] };
    return { seconds: (performance.now() - started) / 1000, candidates: candidates.length };
  };

  // The frames trackCandidates runs the detector on: previews, and CANDIDATE_FPS between them.
  const { detectFps } = candidateSettings(config);
  const halfFrame = 0.5 / video.fps;
  const detectorOnly = async () => {
    let detectMs = 0;
    let frames = 0;
    for (const segment of planSegments(previews, { ...candidateSettings(config), durationSec: video.duration_sec })) {
      let batch: DecodedFrame[] = [];
      const flush = async () => {
        for (const frame of batch) {
          const t = performance.now();
          await detector.detect(frame, settings.detectOptions);
          detectMs += performance.now() - t;
          frames += 1;
        }
        batch = [];
      };
      const firstFrame = Math.ceil(segment.startSec * video.fps - 1e-6);
      const sample = { every: Math.max(1, Math.round(video.fps / detectFps)), also: segment.previews.map((p) => p.frame_index - firstFrame) };
      for await (const frame of decodeFrames(source, { binaries, startSec: segment.startSec, durationSec: segment.endSec - segment.startSec + halfFrame, sample })) {
        batch.push(frame);
        if (batch.length === 16) await flush();
      }
      await flush();
    }
    return { seconds: detectMs / 1000, frames };
  };

  await detectorOnly(); // warm-up
  const wall: number[] = [];
  const detect: number[] = [];
  let frames = 0;
  for (let round = 0; round < ROUNDS; round++) {
    for (const which of round % 2 ? ['detector', 'tracking'] : ['tracking', 'detector']) {
      if (which === 'tracking') {
        const r = await tracking();
        wall.push(r.seconds);
        console.log(`round ${round + 1} candidate tracking: ${r.seconds.toFixed(2)} s, ${r.candidates} candidates`);
      } else {
        const r = await detectorOnly();
        detect.push(r.seconds);
        frames = r.frames;
        console.log(`round ${round + 1} detector only: ${r.seconds.toFixed(2)} s over ${r.frames} frames`);
      }
    }
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  console.log(`\n| ${path.basename(source)}, 24 previews, ${frames} frames detected | seconds (median) |\n| --- | --- |`);
  console.log(`| candidate tracking (decode + detect + track + colours + link) | ${median(wall).toFixed(2)} |`);
  console.log(`| detector alone, same frames | ${median(detect).toFixed(2)} |`);
  console.log(`\nratio = ${(median(wall) / median(detect)).toFixed(2)} (goal ≤ 1.15)`);
  await rm(work, { recursive: true, force: true });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

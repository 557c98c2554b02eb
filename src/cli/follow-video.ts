import { detectorSettings, loadConfig } from '../config';
import { resolveFfmpegBinaries } from '../media/ffmpeg-binaries';
import { probeVideo } from '../media/probe';
import { followThroughVideo } from '../services/analysis/follow-through-video';
import { loadDescriber } from '../vision/appearance/appearance-describer';
import { PersonDetector } from '../vision/detection/person-detector';
import type { FollowVideoArgs } from './follow';
import { writeMotResults } from './mot-sequence-cli';
import { UsageError } from './tracker-cli-options';

/**
 * `npm run follow -- --video`: the analysis's own pass (followThroughVideo) with the service's
 * settings from the environment, the seeds given as 1-based video frames.
 */
export async function followVideo(args: FollowVideoArgs): Promise<void> {
  const config = loadConfig(process.env);
  const settings = detectorSettings(config);
  if (!settings.model) throw new UsageError('no person detector: set DETECTOR_MODEL to a YOLOX or YOLOv8/YOLO11 ONNX file');
  const binaries = resolveFfmpegBinaries();
  const video = await probeVideo(args.video, { binaries });
  const lastFrame = Math.round(video.duration_sec * video.fps);
  const outside = args.seeds.find((s) => s.frame > lastFrame);
  if (outside) throw new UsageError(`--seed-frame ${outside.frame} is past the video's last frame (${lastFrame})`);
  const detector = await PersonDetector.load(settings.model, { threads: settings.threads });
  const describer = await loadDescriber(settings.reidModel, { threads: settings.threads });
  const { points, endedEarly } = await followThroughVideo({
    source: args.video,
    binaries,
    detector,
    detectOptions: settings.detectOptions,
    fps: args.fps === 'full' ? video.fps : (args.fps ?? config.DEFAULT_ANALYSIS_FPS),
    video,
    seeds: args.seeds.map((s) => ({ timeSec: (s.frame - 1) / video.fps, bbox: s.box })),
    describer,
    tracker: settings.tracker,
  });
  const written = points.filter((p) => p.bbox !== null && p.state !== 'missing' && (p.state !== 'uncertain' || args.uncertain));
  await writeMotResults(
    args.out,
    written.map((p) => ({ frame: Math.round(p.time_sec * video.fps) + 1, id: 1, bbox: p.bbox!, score: p.confidence })),
  );
  const count = (state: string) => points.filter((p) => p.state === state).length;
  process.stderr.write(
    `follow: ${describer.kind}, ${points.length} frames: ${count('observed')} observed, ${count('interpolated')} interpolated, ${count('uncertain')} uncertain, ${count('missing')} missing${endedEarly ? ` (decode ended at ${endedEarly.analysed_until_sec.toFixed(1)} s: ${endedEarly.reason})` : ''}; wrote ${args.out}\n`,
  );
}

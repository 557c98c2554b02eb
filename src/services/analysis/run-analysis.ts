import { buildAnalysisResults } from '../../analysis/analysis-results';
import { imageMovement } from '../../analysis/movement-image';
import { pitchMovement } from '../../analysis/movement-pitch';
import { presenceOf } from '../../analysis/presence';
import type { AnalysisInput, AnalysisOutput } from '../../../machines/job.types';
import type { FfmpegBinaries } from '../../media/ffmpeg-binaries';
import { type Service, ServiceError } from '../../runtime/service';
import { mediaKeys } from '../../storage/media-keys';
import type { MediaStore } from '../../storage/media-store';
import { loadDescriber } from '../../vision/appearance/appearance-describer';
import { PersonDetector } from '../../vision/detection/person-detector';
import type { DetectorSettings } from '../../vision/detector-settings';
import { followThroughVideo } from './follow-through-video';
import { renderArtefacts } from './render-artefacts';
import { seedsFromTarget } from './seeds-from-target';

export interface RunAnalysisDeps {
  store: MediaStore;
  binaries: FfmpegBinaries;
  detector: DetectorSettings;
}

/** Share of the progress bar the pass over the video takes; rendering the artefacts takes the rest. */
const FOLLOW_SHARE = 0.8;

/**
 * The machine's `runAnalysis`: follows the selected player through the whole video and turns the
 * trajectory into results and artefacts. Ends `partial` (results.warnings says why) when the
 * player is seldom or unsurely seen, an artefact fails, or the video breaks halfway; throws (the
 * job ends FAILED) only when nothing could be analysed. Idempotent: a rerun rewrites every file.
 */
export function runAnalysisService(deps: RunAnalysisDeps): Service {
  return async (input: AnalysisInput, context): Promise<AnalysisOutput> => {
    const { model, threads, detectOptions } = deps.detector;
    if (!model) {
      throw new ServiceError('MODEL_NOT_CONFIGURED', 'no person detector: set DETECTOR_MODEL to a YOLOX or YOLOv8/YOLO11 ONNX file');
    }
    const detector = await PersonDetector.load(model, { threads });
    const describer = await loadDescriber(deps.detector.reidModel, { threads });
    const source = deps.store.pathOf(input.source.key);
    const { video, options, target } = input;

    const seeds = seedsFromTarget(target, { fps: video.fps, playerRef: input.playerRef, candidates: input.candidates });
    const followed = await followThroughVideo({
      source,
      binaries: deps.binaries,
      detector,
      detectOptions,
      fps: options.analysis_fps,
      video,
      seeds,
      describer,
      tracker: deps.detector.tracker,
      signal: context.signal,
      onProgress: (f) => context.reportProgress(FOLLOW_SHARE * f, 'tracking'),
    });
    const { points } = followed;
    const presence = presenceOf(points);

    context.reportProgress(FOLLOW_SHARE, 'rendering');
    const firstPreview = input.target.selections.find((s) => s.frame_key)?.frame_key;
    const background = firstPreview ? deps.store.pathOf(mediaKeys.preview(input.jobId, firstPreview)) : null;
    const rendered = await renderArtefacts({
      source,
      outputDir: await deps.store.ensureDir(mediaKeys.results(input.jobId)),
      points,
      presence,
      video,
      staticCamera: options.static_camera,
      calibration: options.calibration,
      backgroundJpeg: background && (await deps.store.sizeOf(mediaKeys.preview(input.jobId, firstPreview!))) ? background : null,
      binaries: deps.binaries,
      signal: context.signal,
      onProgress: (f) => context.reportProgress(FOLLOW_SHARE + (1 - FOLLOW_SHARE) * f, 'rendering'),
    });

    return buildAnalysisResults({
      points,
      presence,
      imageMovement: imageMovement(points, presence.spans),
      pitchMovement: pitchMovement(points, { calibration: options.calibration, staticCamera: options.static_camera }),
      staticCamera: options.static_camera,
      heatmap: rendered.heatmap,
      artefacts: rendered.artefacts,
      failedSteps: rendered.failedSteps,
      decodeEndedEarly: followed.endedEarly,
    });
  };
}

import type { CandidatesInput, CandidatesOutput } from '../../machines/job.types';
import type { FfmpegBinaries } from '../media/ffmpeg-binaries';
import { type Service, ServiceError } from '../runtime/service';
import type { MediaStore } from '../storage/media-store';
import { CandidateLinker } from '../vision/candidates/candidate-linker';
import { planSegments } from '../vision/candidates/plan-segments';
import { trackSegment } from '../vision/candidates/track-segment';
import { PersonDetector } from '../vision/detection/person-detector';
import type { DetectorSettings } from '../vision/detector-settings';

export interface TrackCandidatesDeps {
  store: MediaStore;
  binaries: FfmpegBinaries;
  detector: DetectorSettings;
  candidates: {
    /** Detection rate between previews inside a segment. */
    detectFps: number;
    marginSec: number;
    bridgeSec: number;
  };
}

/**
 * The machine's `trackCandidates`: the players seen on the previews, as candidate tracks a user
 * can pick. Segments of video around the previews are tracked one after the other; after each,
 * the candidates it created or extended are published (`candidates.found`), so a user can pick
 * one before the last segment is done. See docs/candidates.md for how candidates are formed.
 */
export function trackCandidatesService(deps: TrackCandidatesDeps): Service {
  return async (input: CandidatesInput, context): Promise<CandidatesOutput> => {
    const { model, threads, detectOptions, tracker } = deps.detector;
    if (!model) {
      throw new ServiceError('MODEL_NOT_CONFIGURED', 'no person detector: set DETECTOR_MODEL to a YOLOX or YOLOv8/YOLO11 ONNX file');
    }
    const detector = await PersonDetector.load(model, { threads });
    const segments = planSegments(input.previews, { ...deps.candidates, durationSec: input.video.duration_sec });
    const linker = new CandidateLinker({ minSimilarity: 0.9, margin: 0.1, minRivals: 2 });
    const total = segments.reduce((sum, s) => sum + (s.endSec - s.startSec), 0) || 1;
    let done = 0;
    for (const [i, segment] of segments.entries()) {
      const tracks = await trackSegment(segment, {
        source: deps.store.pathOf(input.source.key),
        binaries: deps.binaries,
        detector,
        detectOptions,
        tracker,
        detectFps: deps.candidates.detectFps,
        minPreviewScore: 0.3,
        videoFps: input.video.fps,
        videoWidth: input.video.width,
        signal: context.signal,
        onProgress: (fraction) =>
          context.reportProgress((done + fraction * (segment.endSec - segment.startSec)) / total, 'tracking', `segment ${i + 1}/${segments.length}`),
      });
      done += segment.endSec - segment.startSec;
      const found = linker.addSegment(tracks);
      if (found.length > 0) await context.publish({ type: 'candidates.found', candidates: found });
    }
    return { candidates: linker.all() };
  };
}

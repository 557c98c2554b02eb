import type { FfmpegBinaries } from '../media/ffmpeg-binaries';
import type { ServiceRegistry } from '../runtime/service';
import type { MediaStore } from '../storage/media-store';
import type { DetectorSettings } from '../vision/detector-settings';
import { runAnalysisService } from './analysis/run-analysis';
import { extractPreviewsService } from './extract-previews';
import { type TrackCandidatesDeps, trackCandidatesService } from './track-candidates';

export interface ServiceDeps {
  store: MediaStore;
  binaries: FfmpegBinaries;
  ffmpegConcurrency: number;
  detector: DetectorSettings;
  candidates: TrackCandidatesDeps['candidates'];
}

/** The services workers run, by the `src` names the machine declares. */
export function createServices(deps: ServiceDeps): ServiceRegistry {
  const { store, binaries } = deps;
  return {
    extractPreviews: extractPreviewsService({ store, binaries, concurrency: deps.ffmpegConcurrency }),
    trackCandidates: trackCandidatesService({ store, binaries, detector: deps.detector, candidates: deps.candidates }),
    runAnalysis: runAnalysisService({ store, binaries, detector: deps.detector }),
  };
}

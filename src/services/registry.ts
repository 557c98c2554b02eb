import type { FfmpegBinaries } from '../media/ffmpeg-binaries';
import type { ServiceRegistry } from '../runtime/service';
import type { MediaStore } from '../storage/media-store';
import { extractPreviewsService } from './extract-previews';

export interface ServiceDeps {
  store: MediaStore;
  binaries: FfmpegBinaries;
  ffmpegConcurrency: number;
}

/**
 * The services workers run, by the `src` names the machine declares. A name missing here fails
 * its step with SERVICE_UNAVAILABLE (see worker.ts): `trackCandidates` and `runAnalysis` land
 * with their own issues.
 */
export function createServices(deps: ServiceDeps): ServiceRegistry {
  return {
    extractPreviews: extractPreviewsService({ store: deps.store, binaries: deps.binaries, concurrency: deps.ffmpegConcurrency }),
  };
}

import type { PreviewsInput, PreviewsOutput } from '../../machines/job.types';
import { extractFrames } from '../media/extract-frames';
import type { FfmpegBinaries } from '../media/ffmpeg-binaries';
import type { Service } from '../runtime/service';
import { mediaKeys } from '../storage/media-keys';
import type { MediaStore } from '../storage/media-store';

export interface ExtractPreviewsDeps {
  store: MediaStore;
  binaries: FfmpegBinaries;
  /** ffmpeg processes at once. */
  concurrency: number;
}

/**
 * The machine's `extractPreviews`: the planned preview frames as JPEGs in the job's storage.
 * Frames already written by an earlier attempt are kept, so a retry resumes.
 */
export function extractPreviewsService(deps: ExtractPreviewsDeps): Service {
  return async (input: PreviewsInput, context): Promise<PreviewsOutput> => {
    const outputDir = await deps.store.ensureDir(mediaKeys.previews(input.jobId));
    const frames = await extractFrames(deps.store.pathOf(input.source.key), input.frames, {
      binaries: deps.binaries,
      outputDir,
      concurrency: deps.concurrency,
      startTimeSec: input.video.start_time_sec,
      container: input.video.container,
      signal: context.signal,
      onProgress: (done, total) => context.reportProgress(done / total, 'extracting', `${done}/${total} frames`),
    });
    return {
      previews: frames.map(({ frame_key, frame_index, frame_time_sec, width, height }) => ({
        frame_key,
        frame_index,
        frame_time_sec,
        width,
        height,
      })),
    };
  };
}

import type { Config } from '../config';
import type { FfmpegBinaries } from '../media/ffmpeg-binaries';
import type { JobRuntime } from '../runtime/job-runtime';
import type { MediaStore } from '../storage/media-store';
import type { Db } from '../store/database';

/** What the HTTP layer is given by the entry point. */
export interface AppDeps {
  db: Db;
  runtime: JobRuntime;
  store: MediaStore;
  binaries: FfmpegBinaries;
  config: Pick<
    Config,
    | 'MAX_UPLOAD_BYTES'
    | 'MAX_JSON_BYTES'
    | 'IMPORT_DIR'
    | 'DEFAULT_PREVIEW_COUNT'
    | 'MAX_PREVIEW_COUNT'
    | 'DEFAULT_ANALYSIS_FPS'
  >;
  /** How often the live stream looks for changes. */
  streamPollMs?: number;
}

import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import type { JobOptions, JobSource } from '../../machines/job.types';
import type { FfmpegBinaries } from '../media/ffmpeg-binaries';
import { planPreviews } from '../media/preview-plan';
import { probeVideo } from '../media/probe';
import type { JobRuntime } from '../runtime/job-runtime';
import type { JobRow } from '../store/database';
import { mediaKeys } from '../storage/media-keys';
import type { MediaStore } from '../storage/media-store';
import { copyImport } from './copy-import';

export interface IntakeDeps {
  runtime: JobRuntime;
  store: MediaStore;
  binaries: FfmpegBinaries;
}

export interface IntakeRequest {
  /** The video on local disk: an upload's temporary file, or an import's path as resolveImport checked it. */
  file: string;
  filename: string | null;
  /** An upload's temporary file is moved into the job; an import is copied, its source left alone. */
  kind: JobSource['kind'];
  options: JobOptions;
}

const SAFE_EXTENSION = /^\.[a-z0-9]{1,8}$/i;

/**
 * Stores a video under a new job, probes that copy and, only if it is a video, creates the job
 * with its preview plan and first work queued. On any failure nothing is left behind: no row, no
 * file (an upload's temporary file is deleted; an import's source is never touched).
 *
 * @example const row = await createJobFromFile(deps, { file, filename: 'match.mp4', kind: 'upload', options })
 */
export async function createJobFromFile(
  deps: IntakeDeps,
  request: IntakeRequest,
): Promise<JobRow> {
  const jobId = randomUUID();
  const extension = path.extname(request.filename ?? '');
  const sourceKey = mediaKeys.source(jobId, SAFE_EXTENSION.test(extension) ? extension.toLowerCase() : '');
  try {
    // The job's own copy is what gets probed: an import is read once, from what was checked.
    await deps.store.ensureDir(mediaKeys.job(jobId));
    if (request.kind === 'upload') await deps.store.commit(request.file, sourceKey);
    else await copyImport(request.file, deps.store.pathOf(sourceKey));
    const video = await probeVideo(deps.store.pathOf(sourceKey), { binaries: deps.binaries });
    const previewPlan = planPreviews(video, request.options.preview_count);
    const source: JobSource = { key: sourceKey, kind: request.kind, filename: request.filename };
    const { row } = await deps.runtime.create({ jobId, source, video, options: request.options, previewPlan });
    return row;
  } catch (error) {
    await deps.store.removeAll(mediaKeys.job(jobId));
    if (request.kind === 'upload') await rm(request.file, { force: true });
    throw error;
  }
}

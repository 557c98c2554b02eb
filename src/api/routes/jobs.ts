import { rm } from 'node:fs/promises';
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { PitchCalibrationInput } from '../../../machines/job.types';
import { FINAL_STATUSES, type JobStatus } from '../../../machines/status';
import { CalibrationError } from '../../analysis/calibration';
import { fitHomography } from '../../analysis/homography';
import { createJobFromFile } from '../../intake/create-job-from-file';
import { ImportRejected, resolveImport } from '../../intake/resolve-import';
import { receiveUpload, UploadRejected } from '../../intake/receive-upload';
import { MediaError } from '../../media/media-error';
import { mediaKeys } from '../../storage/media-keys';
import { listJobEvents } from '../../store/job-events';
import { findJob, listJobs } from '../../store/jobs';
import type { AppDeps } from '../deps';
import { ApiError, fieldIssues, validationFailed } from '../errors';
import { existingJob } from '../existing-job';
import { jobView } from '../job-view';
import { isJobId } from '../text';
import {
  CreateJobJson,
  CreateJobMultipart,
  errorResponse,
  errorResponses,
  EventList,
  EventsQuery,
  JobIdParams,
  JobList,
  JobOptionsBody,
  JobView,
  jsonResponse,
  ListJobsQuery,
} from '../schemas';

const OptionsSchema = z.strictObject(JobOptionsBody);

const IMPORT_STATUS = { IMPORT_DISABLED: 403, SOURCE_NOT_ALLOWED: 403, SOURCE_NOT_FOUND: 400 } as const;

/** Job creation, listing, reading, history and live updates. */
export function jobRoutes(deps: AppDeps) {
  const { config } = deps;
  const app = new OpenAPIHono();

  function jobOptions(raw: Record<string, unknown>) {
    const parsed = OptionsSchema.safeParse(raw);
    if (!parsed.success) throw validationFailed(fieldIssues(parsed.error));
    const previewCount = parsed.data.preview_count ?? config.DEFAULT_PREVIEW_COUNT;
    if (previewCount > config.MAX_PREVIEW_COUNT) {
      throw validationFailed([{ field: 'preview_count', message: `at most ${config.MAX_PREVIEW_COUNT}` }]);
    }
    const calibration = (parsed.data.calibration as PitchCalibrationInput | undefined) ?? null;
    if (calibration) {
      try {
        fitHomography(calibration.points);
      } catch (error) {
        if (error instanceof CalibrationError) throw validationFailed([{ field: 'calibration', message: error.message }]);
        throw error;
      }
    }
    return {
      preview_count: previewCount,
      analysis_fps: parsed.data.analysis_fps ?? config.DEFAULT_ANALYSIS_FPS,
      static_camera: (parsed.data.static_camera as boolean | undefined) ?? false,
      calibration,
    };
  }

  async function createFromUpload(c: Context) {
    const tempDir = await deps.store.ensureDir(mediaKeys.uploads());
    const upload = await receiveUpload({
      headers: Object.fromEntries(c.req.raw.headers),
      body: c.req.raw.body,
      tempDir,
      maxBytes: config.MAX_UPLOAD_BYTES,
      fileField: 'video',
      allowedFields: ['preview_count', 'analysis_fps', 'static_camera', 'calibration'],
    }).catch((error) => {
      if (!(error instanceof UploadRejected)) throw error;
      const { problem } = error;
      if (problem.kind === 'too_large') {
        throw new ApiError(413, 'PAYLOAD_TOO_LARGE', `the video is larger than ${problem.limit} bytes`, { limit: problem.limit });
      }
      throw validationFailed([{ field: problem.field, message: problem.message }]);
    });
    let options;
    try {
      options = jobOptions(upload.fields);
    } catch (error) {
      await rm(upload.file, { force: true });
      throw error;
    }
    return createJobFromFile(deps, { file: upload.file, filename: upload.filename, kind: 'upload', options });
  }

  async function createFromImport(c: Context) {
    let body: unknown;
    try {
      body = await c.req.json();
    } catch {
      throw new ApiError(400, 'MALFORMED_JSON', 'the request body is not valid JSON');
    }
    const parsed = CreateJobJson.safeParse(body);
    if (!parsed.success) throw validationFailed(fieldIssues(parsed.error));
    const { source_url, ...rest } = parsed.data;
    const options = jobOptions(rest);
    const refused = (error: unknown): never => {
      if (!(error instanceof ImportRejected)) throw error;
      throw new ApiError(IMPORT_STATUS[error.problem.code], error.problem.code, error.problem.message, { field: 'source_url' });
    };
    const file = await resolveImport(source_url, config.IMPORT_DIR).catch(refused);
    const name = decodeURIComponent(new URL(source_url).pathname.split('/').pop() ?? '') || null;
    // The copy re-checks what it opens (the file may have been swapped since), so it can refuse too.
    return createJobFromFile(deps, { file, filename: name, kind: 'import', options }).catch(refused);
  }

  app.openAPIRegistry.registerPath({
    method: 'post',
    path: '/',
    summary: 'Create a job from an uploaded video (multipart field `video`) or an import (`source_url`)',
    request: {
      body: {
        required: true,
        content: {
          'multipart/form-data': { schema: CreateJobMultipart },
          'application/json': { schema: CreateJobJson },
        },
      },
    },
    responses: {
      201: jsonResponse(JobView, 'The job, in WAITING_FOR_SELECTION with its preview extraction queued'),
      400: errorResponses[400],
      403: errorResponse('IMPORT_DISABLED or SOURCE_NOT_ALLOWED'),
      413: errorResponse('PAYLOAD_TOO_LARGE'),
      415: errorResponse('UNSUPPORTED_MEDIA_TYPE: neither multipart/form-data nor JSON'),
      422: errorResponse('UNSUPPORTED_MEDIA: the file holds no decodable video; no job is created'),
    },
  });
  app.post('/', async (c) => {
    const type = c.req.header('content-type') ?? '';
    let row;
    try {
      if (type.startsWith('multipart/form-data')) row = await createFromUpload(c);
      else if (type.startsWith('application/json')) row = await createFromImport(c);
      else {
        throw new ApiError(415, 'UNSUPPORTED_MEDIA_TYPE', 'send the video as multipart/form-data (field "video") or JSON with "source_url"');
      }
    } catch (error) {
      if (error instanceof MediaError && (error.code === 'UNSUPPORTED_MEDIA' || error.code === 'DECODE_FAILED')) {
        throw new ApiError(422, 'UNSUPPORTED_MEDIA', error.message);
      }
      throw error;
    }
    return c.json(jobView(row), 201);
  });

  app.openapi(
    createRoute({
      method: 'get',
      path: '/',
      summary: 'List jobs, newest first',
      request: { query: ListJobsQuery },
      responses: { 200: jsonResponse(JobList, 'A page of jobs; pass next_cursor as cursor for the next'), 400: errorResponses[400] },
    }),
    async (c) => {
      const { status, limit, cursor } = c.req.valid('query');
      if (cursor && !(isJobId(cursor) && (await findJob(deps.db, cursor)))) {
        throw validationFailed([{ field: 'cursor', message: 'unknown cursor' }]);
      }
      const rows = await listJobs(deps.db, { status, limit: limit + 1, afterId: cursor });
      const page = rows.slice(0, limit).map((row) => {
        const { ok: _ok, ...job } = jobView(row);
        return job;
      });
      const nextCursor = rows.length > limit ? page[page.length - 1].job_id : null;
      return c.json({ ok: true as const, jobs: page, next_cursor: nextCursor }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/{job_id}',
      summary: 'Read a job',
      request: { params: JobIdParams },
      responses: { 200: jsonResponse(JobView, 'The job'), 404: errorResponses[404] },
    }),
    async (c) => {
      const { job_id } = c.req.valid('param');
      const row = await existingJob(deps.db, job_id);
      return c.json(jobView(row) as z.infer<typeof JobView>, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/{job_id}/events',
      summary: 'The job’s history: every accepted event with the status it led to',
      request: { params: JobIdParams, query: EventsQuery },
      responses: { 200: jsonResponse(EventList, 'Events in order'), 400: errorResponses[400], 404: errorResponses[404] },
    }),
    async (c) => {
      const { job_id } = c.req.valid('param');
      const { after_version, limit } = c.req.valid('query');
      await existingJob(deps.db, job_id);
      const events = await listJobEvents(deps.db, job_id, { afterVersion: after_version, limit });
      return c.json(
        {
          ok: true as const,
          events: events.map((e) => ({
            version: e.version,
            type: e.type,
            status: e.status,
            payload: e.payload,
            created_at: e.created_at.toISOString(),
          })),
        },
        200,
      );
    },
  );

  app.openAPIRegistry.registerPath({
    method: 'get',
    path: '/{job_id}/stream',
    summary: 'Live updates: a server-sent `job` event with the job each time its state or progress changes',
    request: { params: JobIdParams },
    responses: { 200: { description: 'text/event-stream of `job` events; ends after a final status' }, 404: errorResponses[404] },
  });
  app.get('/:job_id/stream', async (c) => {
    const jobId = c.req.param('job_id');
    const first = await existingJob(deps.db, jobId);
    return streamSSE(c, async (stream) => {
      let row = first;
      let seen = '';
      while (!stream.aborted) {
        const view = jobView(row);
        const signature = `${row.version}:${JSON.stringify(row.progress)}`;
        if (signature !== seen) {
          seen = signature;
          await stream.writeSSE({ event: 'job', id: String(row.version), data: JSON.stringify(view) });
        }
        if (FINAL_STATUSES.includes(view.status as JobStatus)) break;
        await stream.sleep(deps.streamPollMs ?? 500);
        const next = await findJob(deps.db, jobId);
        if (!next) break;
        row = next;
      }
    });
  });

  return app;
}

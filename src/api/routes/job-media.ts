import { Readable } from 'node:stream';
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { cropThumbnail } from '../../media/thumbnail';
import { mediaKeys } from '../../storage/media-keys';
import { restoreJobSnapshot } from '../../runtime/job-snapshot';
import type { AppDeps } from '../deps';
import { notFound } from '../errors';
import { existingJob } from '../existing-job';
import { autodetectionView } from '../job-view';
import { CandidateList, errorResponses, FrameKeyParams, JobIdParams, jsonResponse, PreviewList, TrackIdParams } from '../schemas';

/** What the background intake produced: preview frames and candidate tracks. */
export function jobMediaRoutes(deps: AppDeps) {
  const app = new OpenAPIHono();

  async function loadJob(jobId: string) {
    const row = await existingJob(deps.db, jobId);
    return { row, snapshot: restoreJobSnapshot(row.snapshot) };
  }

  app.openapi(
    createRoute({
      method: 'get',
      path: '/{job_id}/previews',
      summary: 'The preview frames: planned at creation, each `ready` once extracted',
      request: { params: JobIdParams },
      responses: { 200: jsonResponse(PreviewList, 'Preview frames in time order'), 404: errorResponses[404] },
    }),
    async (c) => {
      const { job_id } = c.req.valid('param');
      const { snapshot } = await loadJob(job_id);
      const { previewPlan, previews, video } = snapshot.context;
      const extracted = new Map((previews ?? []).map((p) => [p.frame_key, p]));
      const list = await Promise.all(
        previewPlan.map(async (frame) => {
          const done = extracted.get(frame.frame_key);
          const ready = done !== undefined || (await deps.store.sizeOf(mediaKeys.preview(job_id, frame.frame_key))) !== undefined;
          return {
            ...frame,
            width: done?.width ?? (ready ? video.width : null),
            height: done?.height ?? (ready ? video.height : null),
            ready,
            url: `/jobs/${job_id}/previews/${frame.frame_key}`,
          };
        }),
      );
      return c.json({ ok: true as const, ready: previews !== null, previews: list }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/{job_id}/previews/{frame_key}',
      summary: 'One preview frame as JPEG',
      request: { params: FrameKeyParams },
      responses: {
        200: { content: { 'image/jpeg': { schema: { type: 'string', format: 'binary' } } }, description: 'The frame' },
        404: errorResponses[404],
      },
    }),
    async (c) => {
      const { job_id, frame_key } = c.req.valid('param');
      const { snapshot } = await loadJob(job_id);
      if (!snapshot.context.previewPlan.some((f) => f.frame_key === frame_key)) {
        throw notFound(`preview ${frame_key} of job ${job_id}`);
      }
      const key = mediaKeys.preview(job_id, frame_key);
      const size = await deps.store.sizeOf(key);
      if (size === undefined) throw notFound(`preview ${frame_key} (not extracted yet)`);
      const body = Readable.toWeb(deps.store.read(key)) as ReadableStream;
      return c.body(body, 200, {
        'content-type': 'image/jpeg',
        'content-length': String(size),
        'cache-control': 'private, max-age=3600',
      });
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/{job_id}/candidates',
      summary: 'Autodetection status and the candidate tracks a user can pick with select-track',
      request: { params: JobIdParams },
      responses: { 200: jsonResponse(CandidateList, 'Candidates so far'), 404: errorResponses[404] },
    }),
    async (c) => {
      const { job_id } = c.req.valid('param');
      const { row, snapshot } = await loadJob(job_id);
      return c.json(
        {
          ok: true as const,
          autodetection: autodetectionView(snapshot, row.progress),
          candidates: (snapshot.context.candidates ?? []).map((candidate) => ({
            ...candidate,
            thumbnail_url: `/jobs/${job_id}/candidates/${candidate.track_id}/thumbnail`,
          })),
        },
        200,
      );
    },
  );

  app.openAPIRegistry.registerPath({
    method: 'get',
    path: '/{job_id}/results/{file}',
    summary: 'One artefact of the analysis, as listed in results.artefacts (trajectory.json/.csv, heatmap.png, overview.mp4, clips/clip-001.mp4…)',
    request: { params: JobIdParams.extend({ file: z.string().openapi({ param: { name: 'file', in: 'path' }, example: 'clips/clip-001.mp4' }) }) },
    responses: { 200: { description: 'The file, with its content type' }, 404: errorResponses[404] },
  });
  app.get('/:job_id/results/:file{.+}', async (c) => {
    const jobId = c.req.param('job_id');
    const name = c.req.param('file');
    const { snapshot } = await loadJob(jobId);
    const artefacts = (snapshot.context.results?.artefacts ?? []) as Array<{ name: string; content_type: string }>;
    const listed = artefacts.find((a) => a.name === name);
    if (!listed) throw notFound(`result ${name} of job ${jobId}`);
    const key = mediaKeys.result(jobId, name);
    const size = await deps.store.sizeOf(key);
    if (size === undefined) throw notFound(`result ${name} of job ${jobId} (file missing)`);
    return c.body(Readable.toWeb(deps.store.read(key)) as ReadableStream, 200, {
      'content-type': listed.content_type,
      'content-length': String(size),
    });
  });

  app.openapi(
    createRoute({
      method: 'get',
      path: '/{job_id}/candidates/{track_id}/thumbnail',
      summary: 'A crop of the candidate on the preview where it is seen most surely (JPEG)',
      request: { params: TrackIdParams },
      responses: {
        200: { content: { 'image/jpeg': { schema: { type: 'string', format: 'binary' } } }, description: 'The crop' },
        404: errorResponses[404],
      },
    }),
    async (c) => {
      const { job_id, track_id } = c.req.valid('param');
      const { snapshot } = await loadJob(job_id);
      const candidate = snapshot.context.candidates?.find((t) => t.track_id === track_id);
      if (!candidate) throw notFound(`candidate ${track_id} of job ${job_id}`);
      const best = candidate.frames.reduce((a, b) => (b.score > a.score ? b : a));
      const key = mediaKeys.preview(job_id, best.frame_key);
      if ((await deps.store.sizeOf(key)) === undefined) throw notFound(`preview ${best.frame_key}`);
      const jpeg = await cropThumbnail(deps.store.pathOf(key), best.bbox);
      return c.body(new Uint8Array(jpeg), 200, { 'content-type': 'image/jpeg', 'cache-control': 'private, max-age=3600' });
    },
  );

  return app;
}

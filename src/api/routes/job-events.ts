import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { TargetSource } from '../../../machines/job.types';
import { missingPrerequisites } from '../../../machines/prerequisites';
import { normalisePlayerRef } from '../../../machines/player-ref';
import { checkPlayerRef, checkSelections, isKnownCandidate } from '../../../machines/selection-rules';
import type { AppDeps } from '../deps';
import { deliver } from '../deliver';
import { ApiError, validationFailed } from '../errors';
import { jobIdOrNotFound } from '../existing-job';
import { jobView } from '../job-view';
import { CancelBody, errorResponses, JobIdParams, JobView, jsonResponse, SelectTrackBody, TargetBody } from '../schemas';

const EmptyBody = z.strictObject({}).openapi('EmptyBody');

function eventRoute(path: string, summary: string, body: z.ZodType, required: boolean) {
  return createRoute({
    method: 'post',
    path,
    summary,
    request: { params: JobIdParams, body: { required, content: { 'application/json': { schema: body } } } },
    responses: {
      200: jsonResponse(JobView, 'The job after the event'),
      ...errorResponses,
    },
  });
}

/** The spec's event endpoints (and cancel/retry): each sends one event to the job's machine. */
export function jobEventRoutes(deps: AppDeps) {
  const app = new OpenAPIHono();

  app.openapi(
    eventRoute(
      '/{job_id}/select-track',
      'Choose the player (a candidate track): saves player_ref, resets the target, → WAITING_FOR_TARGET',
      SelectTrackBody,
      true,
    ),
    async (c) => {
      const { job_id } = c.req.valid('param');
      const body = c.req.valid('json') as z.infer<typeof SelectTrackBody>;
      const playerRef = body.player_ref ?? body.track_id;
      const event = { type: 'SELECT_TRACK' as const, player_ref: playerRef, keep_target: body.keep_target };
      const outcome = await deliver(deps, jobIdOrNotFound(job_id), 'SELECT_TRACK', event, (refused) => {
        // Refused while choosing: the machine's guard found the track unknown (see checkPlayerRef).
        const autodetection = refused.snapshot.matches({ setup: { intake: 'done' } }) ? 'done' : 'working';
        const issue = refused.snapshot.matches('setup') ? checkPlayerRef(playerRef, refused.snapshot.context, autodetection) : null;
        return issue ? validationFailed([{ ...issue, field: body.player_ref === undefined ? 'track_id' : 'player_ref' }]) : undefined;
      });
      const ref = normalisePlayerRef(playerRef);
      const known = ref !== null && isKnownCandidate(ref, outcome.snapshot.context);
      const notice = known ? {} : { notice: `${ref} is not one of the candidates: the target's boxes will identify the player` };
      return c.json({ ...jobView(outcome.row, outcome.snapshot), ...notice }, 200);
    },
  );

  const targetRoutes: Array<[string, TargetSource, string]> = [
    ['select-target', 'select-target', 'Confirm the target: boxes of the player on preview frames (frame_key required) → READY_TO_ENQUEUE, or WAITING_FOR_PLAYER before a player'],
    ['target', 'target', 'Legacy: save target selections (frame_key optional) and mark target.confirmed=true'],
    ['selection', 'selection', 'Legacy: same as POST /jobs/{job_id}/target'],
  ];
  for (const [path, source, summary] of targetRoutes) {
    app.openapi(eventRoute(`/{job_id}/${path}`, summary, TargetBody, true), async (c) => {
      const { job_id } = c.req.valid('param');
      const { selections: drafts } = c.req.valid('json') as z.infer<typeof TargetBody>;
      const outcome = await deliver(deps, jobIdOrNotFound(job_id), 'SELECT_TARGET', (current) => {
        const { selections, issues } = checkSelections(drafts, current.context, { requireFrameKey: source === 'select-target' });
        if (issues.length > 0) throw validationFailed(issues);
        return { type: 'SELECT_TARGET', selections, source };
      });
      return c.json(jobView(outcome.row, outcome.snapshot), 200);
    });
  }

  for (const path of ['enqueue', 'confirm-selection']) {
    app.openapi(
      eventRoute(
        `/{job_id}/${path}`,
        path === 'enqueue'
          ? 'Check the prerequisites and queue the analysis → QUEUED (400 NOT_READY lists what is missing)'
          : 'Alias of enqueue',
        EmptyBody,
        false,
      ),
      async (c) => {
        const { job_id } = c.req.valid('param');
        const outcome = await deliver(deps, jobIdOrNotFound(job_id), 'ENQUEUE', { type: 'ENQUEUE' }, (refused) => {
          if (!refused.snapshot.matches('setup')) return undefined;
          const missing = missingPrerequisites(refused.snapshot.context);
          return new ApiError(400, 'NOT_READY', `missing: ${missing.join(', ')}`, { missing });
        });
        return c.json(jobView(outcome.row, outcome.snapshot), 200);
      },
    );
  }

  app.openapi(
    eventRoute('/{job_id}/cancel', 'Cancel the job from any non-final state; a running step is stopped', CancelBody, false),
    async (c) => {
      const { job_id } = c.req.valid('param');
      const { reason } = (c.req.valid('json') ?? {}) as z.infer<typeof CancelBody>;
      const outcome = await deliver(deps, jobIdOrNotFound(job_id), 'CANCEL', { type: 'CANCEL', ...(reason ? { reason } : {}) });
      return c.json(jobView(outcome.row, outcome.snapshot), 200);
    },
  );

  app.openapi(
    eventRoute('/{job_id}/retry', 'Run the failed step again (from FAILED), or the analysis again (from PARTIAL)', EmptyBody, false),
    async (c) => {
      const { job_id } = c.req.valid('param');
      const outcome = await deliver(deps, jobIdOrNotFound(job_id), 'RETRY', { type: 'RETRY' });
      return c.json(jobView(outcome.row, outcome.snapshot), 200);
    },
  );

  return app;
}

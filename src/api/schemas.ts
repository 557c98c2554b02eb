import { z } from '@hono/zod-openapi';
import { JOB_STATUSES } from '../../machines/status';
import { digits, MAX_INT32, text } from './text';

/** Request and response shapes: validated at the edge, and the source of docs/openapi.json. */

const finite = z.number().finite();

export const JobIdParams = z.object({
  // Not refused here but answered 404 by the routes (existingJob, jobIdOrNotFound): an id that is
  // not a UUID is simply a job that does not exist, whatever characters it holds.
  job_id: z
    .string()
    .min(1)
    .openapi({
      param: { name: 'job_id', in: 'path' },
      format: 'uuid',
      description: 'A job id (a UUID, as POST /jobs returns it). Any other value names no job: 404 NOT_FOUND.',
      example: '0b6f2c1e-4a8d-4a6b-9a51-1f6f2c9b7e10',
    }),
});

export const FrameKeyParams = JobIdParams.extend({
  frame_key: z
    .string()
    .regex(/^f\d{6,}$/, 'a frame_key looks like f000123')
    .openapi({ param: { name: 'frame_key', in: 'path' }, example: 'f000123' }),
});

export const TrackIdParams = JobIdParams.extend({
  track_id: digits(0, Number.MAX_SAFE_INTEGER).openapi({ param: { name: 'track_id', in: 'path', required: true }, example: 3 }),
});

const BBoxObject = z
  .strictObject({
    x: finite.min(0),
    y: finite.min(0),
    w: finite.positive(),
    h: finite.positive(),
  })
  .openapi('BBox', { description: 'Box in source pixels: top-left corner, width, height. `[x, y, w, h]` is accepted too.' });

export const BBox = z.preprocess(
  (v) => (Array.isArray(v) && v.length === 4 ? { x: v[0], y: v[1], w: v[2], h: v[3] } : v),
  BBoxObject,
);

export const SelectionBody = z
  .strictObject({
    frame_key: text().optional().openapi({ description: 'A preview frame key (GET /jobs/{job_id}/previews).' }),
    frame_time_sec: finite.min(0).optional(),
    bbox: BBox,
  })
  .openapi('Selection');

const SelectionsObject = z.strictObject({ selections: z.array(SelectionBody).min(1).max(64) });

/** One selection, or `{ selections: [...] }`. */
export const TargetBody = z
  .preprocess(
    (v) => (v !== null && typeof v === 'object' && !Array.isArray(v) && !('selections' in v) ? { selections: [v] } : v),
    SelectionsObject,
  )
  .openapi('TargetBody', { description: 'One selection, or `{ "selections": [ ... ] }`.' });

const PlayerRef = z
  .union([
    z.number().int().nonnegative(),
    text(),
    z.strictObject({ track_id: z.union([z.number().int().nonnegative(), text()]) }),
  ])
  .openapi('PlayerRef', { description: 'A candidate track: `3`, `"3"`, `"track_3"` or `{ "track_id": 3 }`.' });

export const SelectTrackBody = z
  .strictObject({
    player_ref: PlayerRef.optional(),
    track_id: PlayerRef.optional().openapi({ description: 'Same as player_ref.' }),
    keep_target: z
      .boolean()
      .optional()
      .openapi({ description: 'Keep a target saved before the player (WAITING_FOR_PLAYER) instead of resetting it.' }),
  })
  .refine((b) => (b.player_ref === undefined) !== (b.track_id === undefined), {
    message: 'give exactly one of player_ref or track_id',
    path: ['player_ref'],
  })
  .openapi('SelectTrackBody');

export const CancelBody = z.strictObject({ reason: text().max(500).optional() }).openapi('CancelBody');

const Point = z.tuple([finite, finite]);

export const CalibrationBody = z
  .strictObject({
    points: z.array(z.strictObject({ image: Point, pitch: Point })).min(4, 'a pitch calibration needs at least 4 image ↔ pitch points'),
  })
  .openapi('PitchCalibration', {
    description: 'Four or more spots seen in the image (`image`: source pixels) and known on the pitch (`pitch`: metres).',
  });

/** Multipart form fields are strings: `true`/`false` for a flag… */
const formBoolean = z.preprocess((v) => (v === 'true' ? true : v === 'false' ? false : v), z.boolean());

/** …and JSON for an object. */
const formJson = (schema: z.ZodType) =>
  z.preprocess((v, ctx) => {
    if (typeof v !== 'string') return v;
    try {
      return JSON.parse(v);
    } catch {
      ctx.addIssue({ code: 'custom', message: 'not valid JSON' });
      return z.NEVER;
    }
  }, schema);

export const JobOptionsBody = {
  preview_count: z.coerce.number().int().min(1).optional(),
  analysis_fps: z.coerce.number().positive().max(240).optional(),
  static_camera: formBoolean.optional().openapi({ description: 'The camera never moves (needed for metres and a pitch heatmap).' }),
  calibration: formJson(CalibrationBody).optional(),
};

export const CreateJobJson = z
  .strictObject({
    source_url: text().openapi({ example: 'file:///srv/spotlight/import/match.mp4' }),
    ...JobOptionsBody,
  })
  .openapi('CreateJobFromUrl');

export const CreateJobMultipart = z
  .object({
    video: z.any().openapi({ type: 'string', format: 'binary' }),
    preview_count: z.string().optional(),
    analysis_fps: z.string().optional(),
    static_camera: z.enum(['true', 'false']).optional(),
    calibration: z.string().optional().openapi({ description: 'PitchCalibration as JSON' }),
  })
  .openapi('CreateJobUpload');

export const ListJobsQuery = z.object({
  status: z.enum(JOB_STATUSES).optional(),
  limit: digits(1, 100, 20),
  cursor: text()
    .optional()
    .openapi({ description: 'next_cursor of the previous page (a job id); anything else is 400 VALIDATION_FAILED' }),
});

export const EventsQuery = z.object({
  // Versions are PostgreSQL integers: a larger bound would fail the query instead of matching nothing.
  after_version: digits(0, MAX_INT32, 0),
  limit: digits(1, 1000, 200),
});

// ---- responses (documentation) ----

const ErrorBody = z
  .object({
    ok: z.literal(false),
    error: z.object({ code: z.string(), message: z.string().optional() }).catchall(z.unknown()),
  })
  .openapi('Error');

const StepState = z.object({
  state: z.enum(['pending', 'running', 'completed', 'partial', 'failed', 'stopped']),
  fraction: z.number(),
  stage: z.string().nullable(),
  updated_at: z.string().nullable(),
});

export const JobView = z
  .object({
    ok: z.literal(true),
    job_id: z.string(),
    status: z.enum(JOB_STATUSES),
    version: z.number().int(),
    progress: z
      .object({ step: z.string(), fraction: z.number(), stage: z.string().nullable(), updated_at: z.string().nullable() })
      .nullable(),
    steps: z.object({ previews: StepState, candidates: StepState, analysis: StepState }),
    video: z.object({
      duration_sec: z.number(),
      fps: z.number(),
      width: z.number(),
      height: z.number(),
      codec: z.string(),
      frame_count: z.number(),
      has_audio: z.boolean(),
    }),
    source: z.object({ kind: z.enum(['upload', 'import']), filename: z.string().nullable() }),
    options: z.object({ preview_count: z.number(), analysis_fps: z.number(), static_camera: z.boolean(), calibration: z.union([CalibrationBody, z.null()]) }),
    player_ref: z.unknown(),
    target: z
      .object({ confirmed: z.literal(true), selections: z.array(SelectionBody), source: z.string() })
      .nullable(),
    results: z.record(z.string(), z.unknown()).nullable(),
    error: z.object({ code: z.string(), message: z.string() }).catchall(z.unknown()).nullable(),
    accepted_events: z.array(z.string()),
    created_at: z.string(),
    updated_at: z.string(),
    notice: z.string().optional().openapi({ description: 'Only in an event’s answer: what the client should know about it (e.g. a player_ref that names no candidate)' }),
  })
  .openapi('Job');

export const JobList = z
  .object({ ok: z.literal(true), jobs: z.array(JobView.omit({ ok: true })), next_cursor: z.string().nullable() })
  .openapi('JobList');

export const PreviewList = z
  .object({
    ok: z.literal(true),
    ready: z.boolean(),
    previews: z.array(
      z.object({
        frame_key: z.string(),
        frame_index: z.number(),
        frame_time_sec: z.number(),
        width: z.number().nullable(),
        height: z.number().nullable(),
        ready: z.boolean(),
        url: z.string(),
      }),
    ),
  })
  .openapi('PreviewList');

export const CandidateList = z
  .object({
    ok: z.literal(true),
    autodetection: z.object({
      status: z.enum(['pending', 'running', 'completed', 'failed']),
      progress: z.number(),
      error: z.object({ code: z.string(), message: z.string() }).nullable(),
    }),
    candidates: z.array(z.record(z.string(), z.unknown())),
  })
  .openapi('CandidateList');

export const EventList = z
  .object({
    ok: z.literal(true),
    events: z.array(
      z.object({ version: z.number(), type: z.string(), status: z.string(), payload: z.unknown(), created_at: z.string() }),
    ),
  })
  .openapi('EventList');

const json = <T extends z.ZodType>(schema: T, description: string) => ({
  content: { 'application/json': { schema } },
  description,
});

export const errorResponse = (description: string) => json(ErrorBody, description);

export const errorResponses = {
  400: errorResponse('VALIDATION_FAILED, MALFORMED_JSON or NOT_READY'),
  404: errorResponse('NOT_FOUND'),
  409: errorResponse('INVALID_TRANSITION: the job’s current state does not accept this event'),
};

export const jsonResponse = json;

import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { z } from 'zod';
import { isDatabaseUnavailable } from '../store/database-availability';

export interface FieldIssue {
  field: string;
  message: string;
}

/** A failure the client can act on; the one error handler turns it into the spec's envelope. */
export class ApiError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
    /** Response headers that go with it (`Retry-After`). */
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export const notFound = (what: string) => new ApiError(404, 'NOT_FOUND', `${what} not found`);

export const validationFailed = (issues: FieldIssue[]) =>
  new ApiError(400, 'VALIDATION_FAILED', issues.map((i) => `${i.field}: ${i.message}`).join('; '), { issues });

/** zod issues as `field: message` pairs, the field in dotted form (`selections.0.bbox.w`). */
export function fieldIssues(error: z.ZodError, root?: string): FieldIssue[] {
  return error.issues.flatMap((issue) => {
    const base = [root, ...issue.path.map(String)].filter(Boolean).join('.');
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ field: base ? `${base}.${key}` : key, message: 'unknown field' }));
    }
    return [{ field: base || '(body)', message: issue.message }];
  });
}

/** Seconds a client is told to wait when the database is unavailable (a restart takes a few). */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

/**
 * The database is down, restarting or unreachable: nothing is wrong with the request, so 503 with
 * `Retry-After` rather than a 500 that reads like a bug.
 *
 * @example throw databaseUnavailable() // 503 { ok: false, error: { code: 'DATABASE_UNAVAILABLE', … } }, Retry-After: 5
 */
export const databaseUnavailable = () =>
  new ApiError(503, 'DATABASE_UNAVAILABLE', 'the database is unavailable; try again shortly', {}, {
    'retry-after': String(DATABASE_RETRY_AFTER_SECONDS),
  });

/** The spec's error envelope. */
export function errorResponse(c: Context, error: ApiError) {
  for (const [name, value] of Object.entries(error.headers)) c.header(name, value);
  return c.json({ ok: false as const, error: { code: error.code, message: error.message, ...error.details } }, error.status);
}

const HTTP_CODES: Record<number, string> = {
  400: 'MALFORMED_REQUEST',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
};

/**
 * Hono's own exceptions (malformed JSON, body limit, content type) and a lost database in the
 * same envelope; undefined for anything else (a bug: 500).
 */
export function toApiError(error: unknown): ApiError | undefined {
  if (error instanceof ApiError) return error;
  if (isDatabaseUnavailable(error)) return databaseUnavailable();
  if (error instanceof HTTPException) {
    const message =
      error.status === 415 ? 'send the body as JSON with content-type: application/json' : error.message || 'request refused';
    const code = /malformed json/i.test(message) ? 'MALFORMED_JSON' : (HTTP_CODES[error.status] ?? 'BAD_REQUEST');
    return new ApiError(error.status as ContentfulStatusCode, code, message);
  }
  return undefined;
}

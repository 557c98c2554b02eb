import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { z } from 'zod';

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

/** The spec's error envelope. */
export function errorResponse(c: Context, error: ApiError) {
  return c.json({ ok: false as const, error: { code: error.code, message: error.message, ...error.details } }, error.status);
}

const HTTP_CODES: Record<number, string> = {
  400: 'MALFORMED_REQUEST',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
};

/** Hono's own exceptions (malformed JSON, body limit, content type) in the same envelope. */
export function toApiError(error: unknown): ApiError | undefined {
  if (error instanceof ApiError) return error;
  if (error instanceof HTTPException) {
    const message =
      error.status === 415 ? 'send the body as JSON with content-type: application/json' : error.message || 'request refused';
    const code = /malformed json/i.test(message) ? 'MALFORMED_JSON' : (HTTP_CODES[error.status] ?? 'BAD_REQUEST');
    return new ApiError(error.status as ContentfulStatusCode, code, message);
  }
  return undefined;
}

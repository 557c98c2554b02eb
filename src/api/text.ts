import { z } from '@hono/zod-openapi';

/**
 * A string PostgreSQL can store: `text` and `jsonb` refuse NUL, and `jsonb` refuses a lone
 * surrogate (`JSON.stringify` writes it as `\ud800`, which has no character to decode to), so
 * either one would otherwise reach the database and come back as a 500.
 *
 * @example CancelBody = z.strictObject({ reason: text().max(500).optional() })
 */
export function text() {
  return z
    .string()
    .refine((s) => !s.includes('\u0000'), 'must not contain the NUL character (\\u0000)')
    .refine((s) => s.isWellFormed(), 'must be well-formed Unicode (a lone surrogate such as \\ud800 is not)');
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Whether a string has the shape of a job id: jobs are created with UUIDs, so anything else
 * names no job and need not reach the database (where a NUL would fail the query).
 *
 * @example isJobId('0b6f2c1e-4a8d-4a6b-9a51-1f6f2c9b7e10') // true
 */
export function isJobId(value: string): boolean {
  return UUID.test(value);
}

/** The largest value of a PostgreSQL `integer`, the type of versions. */
export const MAX_INT32 = 2_147_483_647;

/**
 * A whole number in a query string or path: only plain digits, so `''`, `null`, `1e3`, ` 7` and
 * `NaN` are refused rather than coerced (`Number('')` is 0, and `Number(null)` made the OpenAPI
 * generator call `z.coerce` parameters nullable). The document gets the bounds spelled out, as
 * it cannot see through the preprocessing.
 *
 * @example EventsQuery = z.object({ after_version: digits(0, MAX_INT32, 0) })
 */
export function digits(min: number, max: number): z.ZodType<number, unknown>;
export function digits(min: number, max: number, fallback: number): z.ZodType<number, unknown>;
export function digits(min: number, max: number, fallback?: number) {
  const range = `a whole number from ${min} to ${max}`;
  const schema = z.preprocess(
    (v) => (typeof v === 'string' && /^\d{1,16}$/.test(v) ? Number(v) : v),
    z.number({ error: range }).int(range).min(min, range).max(max, range),
  );
  const doc = { type: 'integer' as const, minimum: min, maximum: max };
  return fallback === undefined ? schema.openapi(doc) : schema.default(fallback).openapi({ ...doc, default: fallback });
}

import { OpenAPIHono } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import { allowedMethods } from './allowed-methods';
import type { AppDeps } from './deps';
import { ApiError, errorResponse, fieldIssues, toApiError, validationFailed } from './errors';
import { jobEventRoutes } from './routes/job-events';
import { jobMediaRoutes } from './routes/job-media';
import { jobRoutes } from './routes/jobs';

export const OPENAPI_INFO = {
  openapi: '3.1.0',
  info: {
    title: 'Spotlight API',
    version: '0.1.0',
    description: 'Turns a sports video into an analysis of one player. Contract: shared/spec/job-state-machine.md.',
  },
};

/**
 * The HTTP API: routes by resource, every request validated at the edge, every failure in the
 * spec's envelope `{ ok: false, error: { code, message, … } }`.
 *
 * @example serve({ fetch: createApp(deps).fetch, port: 3000 })
 */
export function createApp(deps: AppDeps) {
  const app = new OpenAPIHono({
    defaultHook: (result) => {
      if (!result.success) throw validationFailed(fieldIssues(result.error));
    },
  });

  // Uploads stream to disk under their own limit; every other body is small JSON.
  const tooLarge = () => {
    throw new ApiError(413, 'PAYLOAD_TOO_LARGE', `request bodies are limited to ${deps.config.MAX_JSON_BYTES} bytes`);
  };
  const jsonLimit = bodyLimit({ maxSize: deps.config.MAX_JSON_BYTES, onError: tooLarge });
  app.use('*', async (c, next) => {
    if (c.req.method === 'GET' || c.req.method === 'HEAD') return next();
    if ((c.req.header('content-type') ?? '').startsWith('multipart/form-data') && c.req.method === 'POST' && c.req.path === '/jobs') {
      return next();
    }
    // A declared length is checked from the header: touching the body stream (as bodyLimit does
    // first) makes the Node adapter build a whole web Request, a third of a small event's cost.
    const length = c.req.header('content-length');
    if (length !== undefined && c.req.header('transfer-encoding') === undefined) {
      if (Number(length) > deps.config.MAX_JSON_BYTES) return tooLarge();
      return next();
    }
    return jsonLimit(c, next);
  });

  app.get('/health', (c) => c.json({ ok: true }));
  app.route('/jobs', jobRoutes(deps));
  app.route('/jobs', jobEventRoutes(deps));
  app.route('/jobs', jobMediaRoutes(deps));
  app.doc31('/openapi.json', OPENAPI_INFO);

  app.notFound((c) => {
    const allowed = allowedMethods(app.routes, c.req.path);
    if (allowed.length === 0) return errorResponse(c, new ApiError(404, 'NOT_FOUND', `no route for ${c.req.method} ${c.req.path}`));
    c.header('allow', allowed.join(', '));
    return errorResponse(c, new ApiError(405, 'METHOD_NOT_ALLOWED', `${c.req.method} is not allowed on ${c.req.path}: use ${allowed.join(' or ')}`, { allowed }));
  });
  // A lost database (down, restarting, connection cut) comes out as 503 DATABASE_UNAVAILABLE with
  // Retry-After; logged once per 5 s with a count, since during an outage every request fails.
  let outage = { loggedAt: 0, unlogged: 0 };
  app.onError((error, c) => {
    const known = toApiError(error);
    if (known) {
      if (known.code === 'DATABASE_UNAVAILABLE') {
        if (Date.now() - outage.loggedAt < 5000) outage.unlogged++;
        else {
          const more = outage.unlogged > 0 ? ` (and ${outage.unlogged} more 503s since the last report)` : '';
          console.warn(`[api] ${c.req.method} ${c.req.path}: 503, database unavailable: ${String((error as Error)?.message ?? error)}${more}`);
          outage = { loggedAt: Date.now(), unlogged: 0 };
        }
      }
      return errorResponse(c, known);
    }
    console.error(`[api] ${c.req.method} ${c.req.path} failed:`, error);
    return errorResponse(c, new ApiError(500, 'INTERNAL_ERROR', 'the server failed to handle this request'));
  });
  return app;
}

import { copyFile, mkdir, mkdtemp, readdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSpotlight, type TestSpotlight } from '../support/spotlight';
import { videoForm } from '../support/upload';
import { lavfiVideo } from '../support/videos';

/** Bad input gets the right 4xx naming what is wrong, leaves no job or file behind, never a 500. */

let s: TestSpotlight;
let video: string;
let importDir: string;
let outside: string;
let jobId: string;
const MAX_UPLOAD = 400_000;

async function jobCount() {
  return (await s.call('GET', '/jobs?limit=100')).body.jobs.length;
}

async function leftovers() {
  const media = s.config.mediaDir;
  const uploads = await readdir(path.join(media, 'uploads')).catch(() => []);
  const jobs = await readdir(path.join(media, 'jobs')).catch(() => []);
  return { uploads, jobs };
}

beforeAll(async () => {
  const base = await mkdtemp(path.join(tmpdir(), 'spotlight-import-'));
  importDir = path.join(base, 'import');
  outside = path.join(base, 'secret');
  await mkdir(importDir);
  await mkdir(outside);
  s = await startTestSpotlight({ SPOTLIGHT_ROLE: 'api', IMPORT_DIR: importDir, MAX_UPLOAD_BYTES: String(MAX_UPLOAD), MAX_JSON_BYTES: '20000' });
  video = await lavfiVideo({ seconds: 4, width: 320, height: 240, fps: 25 });
  await copyFile(video, path.join(importDir, 'match.mp4'));
  await copyFile(video, path.join(outside, 'other.mp4'));
  await symlink(path.join(outside, 'other.mp4'), path.join(importDir, 'link.mp4'));
  const created = await s.call('POST', '/jobs', await videoForm(video, { preview_count: '4' }));
  jobId = created.body.job_id;
});
afterAll(() => s?.stop());

describe('malformed and invalid JSON', () => {
  it('malformed JSON → 400 MALFORMED_JSON', async () => {
    const r = await s.call('POST', `/jobs/${jobId}/select-track`, '{"player_ref": 3');
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('MALFORMED_JSON');
  });

  it('wrong types → 400 VALIDATION_FAILED naming each field', async () => {
    const r = await s.call('POST', `/jobs/${jobId}/select-target`, {
      selections: [{ frame_key: 12, bbox: { x: 'a', y: 0, w: -3, h: 5 } }],
    });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('VALIDATION_FAILED');
    expect(r.body.error.issues.map((i: any) => i.field).sort()).toEqual([
      'selections.0.bbox.w',
      'selections.0.bbox.x',
      'selections.0.frame_key',
    ]);
  });

  it('a player_ref that names no track → 400 naming player_ref', async () => {
    for (const ref of [true, 'the striker', -2, { id: 3 }]) {
      const r = await s.call('POST', `/jobs/${jobId}/select-track`, { player_ref: ref });
      expect(r.status, JSON.stringify(ref)).toBe(400);
      expect(r.body.error.code).toBe('VALIDATION_FAILED');
      expect(r.body.error.issues[0].field).toBe('player_ref');
    }
    const none = await s.call('POST', `/jobs/${jobId}/select-track`, {});
    expect(none.body.error.issues[0]).toEqual({ field: 'player_ref', message: 'give exactly one of player_ref or track_id' });
  });

  it('unknown fields → 400 naming them', async () => {
    const r = await s.call('POST', `/jobs/${jobId}/select-track`, { player_ref: 3, colour: 'red' });
    expect(r.status).toBe(400);
    expect(r.body.error.issues).toEqual([{ field: 'colour', message: 'unknown field' }]);
    const bbox = await s.call('POST', `/jobs/${jobId}/select-target`, { frame_key: 'f000012', bbox: { x: 1, y: 1, w: 5, h: 5, z: 0 } });
    expect(bbox.body.error.issues).toEqual([{ field: 'selections.0.bbox.z', message: 'unknown field' }]);
    const enqueue = await s.call('POST', `/jobs/${jobId}/enqueue`, { now: true });
    expect(enqueue.body.error.issues).toEqual([{ field: 'now', message: 'unknown field' }]);
  });

  it('a box outside the frame or an unknown frame → 400', async () => {
    const r = await s.call('POST', `/jobs/${jobId}/select-target`, { frame_key: 'f000013', bbox: { x: 300, y: 0, w: 50, h: 10 } });
    expect(r.status).toBe(400);
    expect(r.body.error.issues.map((i: any) => i.field)).toEqual(['selections.0.frame_key', 'selections.0.bbox']);
  });

  it('a body over the JSON limit → 413', async () => {
    const r = await s.call('POST', `/jobs/${jobId}/select-target`, { selections: Array.from({ length: 2000 }, () => ({ frame_key: 'f000012', bbox: [1, 1, 1, 1] })) });
    expect(r.status).toBe(413);
    expect(r.body.error.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('a declared content-length over the JSON limit → 413 before the body is read', async () => {
    const body = JSON.stringify({ selections: Array.from({ length: 2000 }, () => ({ frame_key: 'f000012', bbox: [1, 1, 1, 1] })) });
    const headers = { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) };
    const r = await s.app.request(`/jobs/${jobId}/select-target`, { method: 'POST', body, headers });
    expect(r.status).toBe(413);
    expect(((await r.json()) as any).error.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('none of this changed the job', async () => {
    const { body } = await s.call('GET', `/jobs/${jobId}`);
    expect(body).toMatchObject({ version: 1, status: 'WAITING_FOR_SELECTION', player_ref: null, target: null });
  });
});

describe('uploads that are not videos', () => {
  it('a text file → 422 UNSUPPORTED_MEDIA, no job and no file left', async () => {
    const before = await jobCount();
    const text = path.join(tmpdir(), `spotlight-notes-${process.pid}.mp4`);
    await writeFile(text, 'these are my notes, not a video\n'.repeat(100));
    const r = await s.call('POST', '/jobs', await videoForm(text));
    expect(r.status).toBe(422);
    expect(r.body.error.code).toBe('UNSUPPORTED_MEDIA');
    expect(await jobCount()).toBe(before);
    expect((await leftovers()).uploads).toEqual([]);
  });

  it('a truncated MP4 (index at the end, cut off) → 422', async () => {
    const bytes = await readFile(video);
    const cut = path.join(tmpdir(), `spotlight-cut-${process.pid}.mp4`);
    await writeFile(cut, bytes.subarray(0, Math.floor(bytes.length * 0.6)));
    const r = await s.call('POST', '/jobs', await videoForm(cut));
    expect(r.status).toBe(422);
    expect(r.body.error.code).toBe('UNSUPPORTED_MEDIA');
  });

  it('a truncated fast-start MP4 (index first, media cut off) → 422', async () => {
    const faststart = await lavfiVideo({ seconds: 4, width: 320, height: 240, fps: 25, extra: ['-movflags', '+faststart'] });
    const bytes = await readFile(faststart);
    const cut = path.join(tmpdir(), `spotlight-cut-fs-${process.pid}.mp4`);
    await writeFile(cut, bytes.subarray(0, Math.floor(bytes.length * 0.5)));
    const before = await jobCount();
    const r = await s.call('POST', '/jobs', await videoForm(cut));
    expect(r.status).toBe(422);
    expect(await jobCount()).toBe(before);
  });

  it('an upload past the size limit → 413 and nothing kept', async () => {
    const big = await lavfiVideo({ seconds: 20, width: 640, height: 360, fps: 25 });
    const before = await jobCount();
    const r = await s.call('POST', '/jobs', await videoForm(big));
    expect(r.status).toBe(413);
    expect(r.body.error).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', limit: MAX_UPLOAD });
    expect(await jobCount()).toBe(before);
    expect((await leftovers()).uploads).toEqual([]);
  });

  it('a form without the video, or with other fields → 400 naming them', async () => {
    const form = new FormData();
    form.append('preview_count', '4');
    expect((await s.call('POST', '/jobs', form)).body.error.issues).toEqual([{ field: 'video', message: 'required: the video file' }]);
    const wrongName = await s.call('POST', '/jobs', await videoForm(video, {}, 'file'));
    expect(wrongName.body.error.issues[0].field).toBe('file');
    const badCount = await s.call('POST', '/jobs', await videoForm(video, { preview_count: 'many' }));
    expect(badCount.body.error.issues[0].field).toBe('preview_count');
    const badCalibration = await s.call('POST', '/jobs', await videoForm(video, { calibration: '{"points": [' }));
    expect(badCalibration.body.error.issues).toEqual([{ field: 'calibration', message: 'not valid JSON' }]);
    const badFlag = await s.call('POST', '/jobs', await videoForm(video, { static_camera: 'yes' }));
    expect(badFlag.body.error.issues[0].field).toBe('static_camera');
    expect((await leftovers()).uploads).toEqual([]);
  });

  it('neither multipart nor JSON → 415', async () => {
    const r = await s.app.request('/jobs', { method: 'POST', body: 'video', headers: { 'content-type': 'text/plain' } });
    expect(r.status).toBe(415);
    expect(((await r.json()) as any).error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it('an event body that is not sent as JSON → 415 saying how to send it', async () => {
    const r = await s.app.request(`/jobs/${jobId}/select-track`, { method: 'POST', body: '{"player_ref": 1}', headers: { 'content-type': 'text/plain' } });
    expect(r.status).toBe(415);
    expect(((await r.json()) as any).error).toEqual({ code: 'UNSUPPORTED_MEDIA_TYPE', message: 'send the body as JSON with content-type: application/json' });
  });
});

describe('imports by source_url', () => {
  it('imports a file inside IMPORT_DIR', async () => {
    const r = await s.call('POST', '/jobs', { source_url: pathToFileURL(path.join(importDir, 'match.mp4')).href, preview_count: 4 });
    expect(r.status).toBe(201);
    expect(r.body.source).toEqual({ kind: 'import', filename: 'match.mp4' });
  });

  it.each([
    ['dot-dot', () => `file://${importDir}/../secret/other.mp4`],
    ['encoded dot-dot', () => `file://${importDir}/%2e%2e/secret/other.mp4`],
    ['encoded slash', () => `file://${importDir}/..%2fsecret%2fother.mp4`],
    ['absolute elsewhere', () => pathToFileURL(path.join(outside, 'other.mp4')).href],
    ['symlink out', () => pathToFileURL(path.join(importDir, 'link.mp4')).href],
    ['remote host', () => 'file://example.com/import/match.mp4'],
    ['http', () => 'http://127.0.0.1/match.mp4'],
  ])('refuses %s with 403 and creates nothing', async (_name, url) => {
    const before = await jobCount();
    const r = await s.call('POST', '/jobs', { source_url: url() });
    expect(r.status, JSON.stringify(r.body)).toBe(403);
    expect(r.body.error.code).toBe('SOURCE_NOT_ALLOWED');
    expect(await jobCount()).toBe(before);
  });

  it('a missing file → 400 SOURCE_NOT_FOUND', async () => {
    const r = await s.call('POST', '/jobs', { source_url: pathToFileURL(path.join(importDir, 'nope.mp4')).href });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('SOURCE_NOT_FOUND');
  });
});

describe('unknown ids and routes', () => {
  it.each([
    ['GET', '/jobs/nope'],
    ['GET', '/jobs/nope/events'],
    ['GET', '/jobs/nope/previews'],
    ['GET', '/jobs/nope/candidates'],
    ['POST', '/jobs/nope/enqueue'],
    ['POST', '/jobs/nope/confirm-selection'],
    ['POST', '/jobs/nope/cancel'],
    ['POST', '/jobs/nope/retry'],
    ['GET', '/nothing-here'],
  ])('%s %s → 404 NOT_FOUND', async (method, url) => {
    const r = await s.call(method, url);
    expect(r.status).toBe(404);
    expect(r.body).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it.each([
    ['DELETE', '/jobs/some-job', 'GET'],
    ['PUT', '/jobs', 'GET, POST'],
    ['GET', '/jobs/some-job/enqueue', 'POST'],
    ['POST', '/jobs/some-job/results/clips/clip-001.mp4', 'GET'],
  ])('%s %s → 405 METHOD_NOT_ALLOWED with Allow: %s', async (method, url, allow) => {
    const r = await s.app.request(url, { method });
    expect(r.status).toBe(405);
    expect(r.headers.get('allow')).toBe(allow);
    expect(((await r.json()) as any).error).toMatchObject({ code: 'METHOD_NOT_ALLOWED', allowed: allow.split(', ') });
  });

  it('unknown job on an event endpoint with a valid body → 404', async () => {
    expect((await s.call('POST', '/jobs/nope/select-track', { player_ref: 1 })).status).toBe(404);
    expect((await s.call('POST', '/jobs/nope/select-target', { frame_key: 'f000012', bbox: [1, 1, 1, 1] })).status).toBe(404);
  });

  it('a preview that is not in the plan, or not extracted yet → 404', async () => {
    expect((await s.call('GET', `/jobs/${jobId}/previews/f000013`)).status).toBe(404);
    const notYet = await s.call('GET', `/jobs/${jobId}/previews/f000012`);
    expect(notYet.body.error.message).toContain('not extracted yet');
    expect((await s.call('GET', `/jobs/${jobId}/previews/..%2fsource`)).status).toBe(400);
  });
});

describe('text the database cannot store, and numbers it cannot compare', () => {
  const jobPaths: Array<[string, string]> = [
    ['GET', ''],
    ['GET', '/events'],
    ['GET', '/stream'],
    ['GET', '/previews'],
    ['GET', '/previews/f000012'],
    ['GET', '/candidates'],
    ['GET', '/candidates/3/thumbnail'],
    ['GET', '/results/trajectory.json'],
    ['POST', '/select-track'],
    ['POST', '/select-target'],
    ['POST', '/target'],
    ['POST', '/selection'],
    ['POST', '/enqueue'],
    ['POST', '/confirm-selection'],
    ['POST', '/cancel'],
    ['POST', '/retry'],
  ];
  const validBodies: Record<string, unknown> = {
    '/select-track': { player_ref: 1 },
    '/select-target': { frame_key: 'f000012', bbox: [1, 1, 1, 1] },
    '/target': { bbox: [1, 1, 1, 1] },
    '/selection': { bbox: [1, 1, 1, 1] },
  };

  it.each(jobPaths)('a NUL, a lone surrogate or a non-UUID as job id on %s …%s → 404 "job … not found"', async (method, tail) => {
    for (const id of ['%00', 'abc%00def', '%ED%A0%80', 'abc', '..%2f..%2fetc', `${'a'.repeat(500)}`]) {
      const r = await s.call(method, `/jobs/${id}${tail}`, method === 'POST' ? (validBodies[tail] ?? {}) : undefined);
      expect(r.status, `${method} /jobs/${id}${tail}`).toBe(404);
      expect(r.body.error.code).toBe('NOT_FOUND');
      expect(r.body.error.message).toMatch(/^job .* not found$/s);
    }
  });

  it.each(['%00', 'abc', 'not%00-a-cursor'])('a cursor %s that is no job id → 400 naming cursor', async (cursor) => {
    const r = await s.call('GET', `/jobs?cursor=${cursor}`);
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('VALIDATION_FAILED');
    expect(r.body.error.issues.map((i: any) => i.field)).toEqual(['cursor']);
  });

  it.each(['2147483648', '99999999999999999999', '1e400', '-1', '1.5', 'NaN', '', '%00', 'Infinity', '0x10'])(
    'after_version=%s → 400 naming after_version',
    async (value) => {
      const r = await s.call('GET', `/jobs/${jobId}/events?after_version=${value}`);
      expect(r.status, JSON.stringify(r.body)).toBe(400);
      expect(r.body.error.code).toBe('VALIDATION_FAILED');
      expect(r.body.error.issues[0].field).toBe('after_version');
    },
  );

  it('after_version at the top of the range → 200 with no events', async () => {
    const r = await s.call('GET', `/jobs/${jobId}/events?after_version=2147483647`);
    expect(r.status).toBe(200);
    expect(r.body.events).toEqual([]);
  });

  it.each([
    ['NUL', '\u0000'],
    ['lone high surrogate', '\ud800'],
    ['lone low surrogate', 'x\udfffy'],
  ])('a %s in any free-text field → 400 naming the field', async (_name, bad) => {
    const cases: Array<[string, unknown, string]> = [
      ['/cancel', { reason: `stop ${bad}` }, 'reason'],
      ['/select-track', { player_ref: `track_1${bad}` }, 'player_ref'],
      ['/select-track', { track_id: { track_id: bad } }, 'track_id.track_id'],
      ['/target', { frame_key: bad, bbox: [1, 1, 1, 1] }, 'selections.0.frame_key'],
      ['/select-target', { selections: [{ frame_key: `f000012${bad}`, bbox: [1, 1, 1, 1] }] }, 'selections.0.frame_key'],
    ];
    for (const [tail, body, field] of cases) {
      const r = await s.call('POST', `/jobs/${jobId}${tail}`, body);
      expect(r.status, `${tail} ${JSON.stringify(r.body)}`).toBe(400);
      expect(r.body.error.code).toBe('VALIDATION_FAILED');
      expect(r.body.error.issues.map((i: any) => i.field)).toContain(field);
    }
    const created = await s.call('POST', '/jobs', { source_url: `file://${importDir}/match${bad}.mp4` });
    expect(created.status).toBe(400);
    expect(created.body.error.issues[0].field).toBe('source_url');
  });

  it('a key holding a NUL → 400 naming it as an unknown field', async () => {
    const r = await s.call('POST', `/jobs/${jobId}/cancel`, '{"reason\\u0000": "x"}');
    expect(r.status).toBe(400);
    expect(r.body.error.issues).toEqual([{ field: 'reason\u0000', message: 'unknown field' }]);
  });

  it('none of this changed the job', async () => {
    const { body } = await s.call('GET', `/jobs/${jobId}`);
    expect(body).toMatchObject({ version: 1, status: 'WAITING_FOR_SELECTION' });
  });
});

/**
 * `npm run job -- --video match.mp4 [--url http://localhost:3000] [--out DIR] [--track ID] [--previews N] [--fps N]`
 *
 * One whole job through the HTTP API of a running Spotlight, as a client would do it: upload the
 * video, wait for the candidates, pick one (the given track, else the one seen on most previews),
 * confirm its first box as the target, enqueue, follow the progress, print the results and
 * download every artefact to DIR. Repeats the end-to-end runs of docs/analysis.md on any video.
 */
import { openAsBlob } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

export interface RunJobOptions {
  baseUrl: string;
  video: string;
  /** Where the artefacts go; nothing is downloaded without it. */
  outDir?: string;
  trackId?: number;
  previewCount?: number;
  analysisFps?: number;
  pollMs?: number;
  log?: (line: string) => void;
}

const FINAL = ['COMPLETED', 'PARTIAL', 'FAILED', 'CANCELLED'];

/** Runs the job and returns its final representation (GET /jobs/{job_id}). */
export async function runJobThroughApi(options: RunJobOptions): Promise<any> {
  const log = options.log ?? (() => {});
  const pollMs = options.pollMs ?? 500;
  const call = async (method: string, url: string, body?: unknown) => {
    const init: RequestInit =
      body instanceof FormData ? { method, body } : body === undefined ? { method } : { method, body: JSON.stringify(body), headers: { 'content-type': 'application/json' } };
    const response = await fetch(new URL(url, options.baseUrl), init);
    const json: any = await response.json();
    if (!response.ok) throw new Error(`${method} ${url} → ${response.status} ${json?.error?.code}: ${json?.error?.message}`);
    return json;
  };
  const poll = async <T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> => {
    for (;;) {
      const value = await read();
      if (done(value)) return value;
      await new Promise((r) => setTimeout(r, pollMs));
    }
  };

  const form = new FormData();
  form.set('video', await openAsBlob(options.video), path.basename(options.video));
  if (options.previewCount) form.set('preview_count', String(options.previewCount));
  if (options.analysisFps) form.set('analysis_fps', String(options.analysisFps));
  const created = await call('POST', '/jobs', form);
  const jobId: string = created.job_id;
  log(`job ${jobId}: ${created.status}, video ${created.video.width}x${created.video.height} ${created.video.duration_sec} s`);

  const found = await poll(() => call('GET', `/jobs/${jobId}/candidates`), (c) => ['completed', 'failed'].includes(c.autodetection.status));
  log(`autodetection ${found.autodetection.status}: ${found.candidates.length} candidates`);
  if (found.autodetection.status === 'failed') throw new Error(`autodetection failed: ${JSON.stringify(found.autodetection.error)}`);
  const byLength = [...found.candidates].sort((a: any, b: any) => b.length - a.length || b.mean_score - a.mean_score);
  const chosen = options.trackId === undefined ? byLength[0] : found.candidates.find((c: any) => c.track_id === options.trackId);
  if (!chosen) throw new Error(options.trackId === undefined ? 'no candidate to pick' : `no candidate ${options.trackId}`);
  const first = chosen.frames[0];
  log(`picked track ${chosen.track_id} (${chosen.length} previews), target at ${first.frame_key} ${JSON.stringify(first.bbox)}`);
  await call('POST', `/jobs/${jobId}/select-track`, { player_ref: chosen.track_id });
  await call('POST', `/jobs/${jobId}/select-target`, { frame_key: first.frame_key, frame_time_sec: first.frame_time_sec, bbox: first.bbox });
  log(`enqueue: ${(await call('POST', `/jobs/${jobId}/enqueue`)).status}`);

  let stage = '';
  const job = await poll(
    () => call('GET', `/jobs/${jobId}`),
    (j) => {
      const now = j.progress?.stage ?? '';
      if (now && now !== stage) log(`  ${j.status} ${now} ${j.progress.fraction.toFixed(2)}`);
      stage = now || stage;
      return FINAL.includes(j.status);
    },
  );
  const r = job.results ?? {};
  log(`final ${job.status}${job.error ? ` ${job.error.code}: ${job.error.message}` : ''}`);
  if (r.trajectory) log(`trajectory ${JSON.stringify(r.trajectory.states)}, coverage ${r.presence.coverage}, ${r.presence.spans.length} spans`);
  for (const warning of r.warnings ?? []) log(`warning: ${warning}`);
  if (options.outDir) {
    for (const artefact of r.artefacts ?? []) {
      const response = await fetch(new URL(artefact.url, options.baseUrl));
      if (!response.ok) throw new Error(`GET ${artefact.url} → ${response.status}`);
      const file = path.join(options.outDir, artefact.name);
      await mkdir(path.dirname(file), { recursive: true });
      await writeFile(file, Buffer.from(await response.arrayBuffer()));
      log(`saved ${file}`);
    }
  }
  return job;
}

async function main() {
  const { values } = parseArgs({
    options: {
      video: { type: 'string' },
      url: { type: 'string', default: 'http://localhost:3000' },
      out: { type: 'string' },
      track: { type: 'string' },
      previews: { type: 'string' },
      fps: { type: 'string' },
    },
  });
  if (!values.video) {
    console.error('usage: npm run job -- --video FILE [--url http://localhost:3000] [--out DIR] [--track ID] [--previews N] [--fps N]');
    process.exit(2);
  }
  const job = await runJobThroughApi({
    baseUrl: values.url,
    video: values.video,
    outDir: values.out,
    trackId: values.track === undefined ? undefined : Number(values.track),
    previewCount: values.previews === undefined ? undefined : Number(values.previews),
    analysisFps: values.fps === undefined ? undefined : Number(values.fps),
    log: (line) => console.log(line),
  });
  process.exitCode = job.status === 'FAILED' || job.status === 'CANCELLED' ? 1 : 0;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main().catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}

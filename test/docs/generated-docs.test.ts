import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { renderApiDocs, renderStateMachineDoc } from '../../src/docs/render';

/** docs/state-machine.md and docs/openapi.json are generated (`npm run docs`); stale copies fail here. */
describe('generated docs', () => {
  it('docs/state-machine.md is the diagram of machines/job.machine.ts', async () => {
    const onDisk = await readFile(new URL('../../docs/state-machine.md', import.meta.url), 'utf8');
    expect(onDisk, 'run `npm run docs`').toBe(renderStateMachineDoc());
  });

  it('docs/openapi.json describes the routes as they are', async () => {
    const onDisk = await readFile(new URL('../../docs/openapi.json', import.meta.url), 'utf8');
    expect(onDisk, 'run `npm run docs`').toBe(renderApiDocs());
  });

  it('the diagram shows every state and every invoked service', () => {
    const doc = renderStateMachineDoc();
    for (const text of ['extractPreviews', 'trackCandidates', 'runAnalysis', 'status QUEUED', 'status CANCELLED', 'ENQUEUE [prerequisitesMet]']) {
      expect(doc).toContain(text);
    }
  });

  it('the API document lists every endpoint of the spec', () => {
    const paths = Object.keys(JSON.parse(renderApiDocs()).paths);
    for (const path of [
      '/jobs',
      '/jobs/{job_id}',
      '/jobs/{job_id}/candidates',
      '/jobs/{job_id}/select-track',
      '/jobs/{job_id}/select-target',
      '/jobs/{job_id}/target',
      '/jobs/{job_id}/selection',
      '/jobs/{job_id}/enqueue',
      '/jobs/{job_id}/confirm-selection',
    ]) {
      expect(paths).toContain(path);
    }
  });
});

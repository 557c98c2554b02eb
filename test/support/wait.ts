import type { TestSpotlight } from './spotlight';

/**
 * Polls GET /jobs/{job_id} until `done(job)`; fails naming where the job is stuck.
 *
 * @example const job = await waitForJob(s, id, (j) => j.status === 'COMPLETED')
 */
export async function waitForJob(s: TestSpotlight, jobId: string, done: (job: any) => boolean, timeoutMs = 240_000): Promise<any> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const job = (await s.call('GET', `/jobs/${jobId}`)).body;
    if (done(job)) return job;
    if (Date.now() > end) throw new Error(`job ${jobId} stuck in ${job.status}: ${JSON.stringify({ progress: job.progress, steps: job.steps })}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

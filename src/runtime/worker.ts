import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { describeDatabaseError, isDatabaseUnavailable, whileDatabaseUnavailable } from '../store/database-availability';
import type { Db, WorkItemRow } from '../store/database';
import { saveStepProgress } from '../store/jobs';
import { claimWorkItem, releaseWorkItem, renewLease, retryWorkItemLater } from '../store/work-items';
import { describeServiceError, type ServiceRegistry } from './service';
import { reportDone, reportFailed, reportStarted, reportStepEvent } from './work-outcomes';
import type { WorkPolicy } from './work-policy';

export interface WorkerOptions {
  db: Db;
  services: ServiceRegistry;
  policy: WorkPolicy;
  concurrency: number;
  /** A dead worker's item is claimable again after this long. */
  leaseSeconds: number;
  /** How often a running item renews its lease and checks for cancellation. */
  heartbeatSeconds: number;
  /** How often an idle worker looks for work that another process queued. */
  pollMs: number;
  /** Minimum interval between two progress writes of one item. */
  progressIntervalMs: number;
  workerId?: string;
  log?: (message: string) => void;
  /**
   * Removes the half-written files a job's steps left (runs killed mid-write), once a step has
   * failed for good: nobody will run it again to finish or replace them.
   */
  discardTemporaries?: (jobId: string) => Promise<unknown>;
}

export interface Worker {
  readonly id: string;
  /** Looks for work now (called after this process queued some). */
  wake(): void;
  /**
   * Stops claiming, waits up to `graceMs` for running items, then aborts and releases the rest
   * so another worker takes them without waiting for the lease.
   */
  stop(graceMs?: number): Promise<void>;
}

type StopReason = 'cancelled' | 'shutdown';

/**
 * Runs claimed work items: each invoked service of the job machine, reported back as
 * `xstate.done.actor.<id>` or `xstate.error.actor.<id>` in a transaction that also closes the item.
 *
 * @example const worker = startWorker({ db, services, policy, concurrency: 1, leaseSeconds: 30, ... })
 */
export function startWorker(options: WorkerOptions): Worker {
  const { db, services, policy } = options;
  const id = options.workerId ?? `${hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`;
  const log = options.log ?? (() => {});
  const running = new Map<number, { controller: AbortController; done: Promise<void> }>();
  let stopping = false;
  let wakeUp: (() => void) | undefined;

  /** Runs one write of an item, waiting out a database outage for at most one lease (see record). */
  const withinLease = <T>(what: string, write: () => Promise<T>) =>
    whileDatabaseUnavailable(write, { what, maxMs: options.leaseSeconds * 1000, firstDelayMs: 200, maxDelayMs: 2000, log });

  /**
   * Writes one outcome of an item, waiting out a database outage (a restart takes seconds) for at
   * most one lease: past it another worker may have taken the item over, and the write's own
   * guard (the item still held by this worker) would refuse it anyway. What cannot be written is
   * dropped; the lease lapses and the step is run again elsewhere, as after a SIGKILL (services
   * are idempotent). Never rejects.
   */
  async function record(what: string, write: () => Promise<unknown>): Promise<void> {
    try {
      await withinLease(what, write);
    } catch (e) {
      log(`${what} failed, left to the lease: ${describeDatabaseError(e)}`);
    }
  }

  /** Ends an item as failed for good, then drops what its killed or failed runs left half-written. */
  async function giveUp(item: WorkItemRow, error: { code: string; message: string }, what: string): Promise<void> {
    await record(`reporting ${item.src} ${what} for job ${item.job_id}`, () => reportFailed(db, id, item, error, policy));
    await options.discardTemporaries?.(item.job_id).catch((e) => log(`removing temporary files of job ${item.job_id} failed: ${String(e)}`));
  }

  async function run(item: WorkItemRow, controller: AbortController): Promise<void> {
    const { job_id: jobId, actor_id: actorId } = item;
    if (item.attempts > item.max_attempts) {
      await giveUp(item, { code: 'WORKER_LOST', message: `${item.src} was interrupted ${item.max_attempts} times` }, 'lost');
      return;
    }
    // Started is recorded before the service runs; a repeat (after a retry) is ignored by the machine.
    let started = false;
    await record(`reporting ${item.src} started for job ${jobId}`, async () => {
      await reportStarted(db, item, policy);
      started = true;
    });
    if (!started) return; // not even that could be written: the lease lapses, another worker starts over
    const service = services[item.src];
    if (!service) {
      await giveUp(item, { code: 'SERVICE_UNAVAILABLE', message: `${item.src} is not available in this version of Spotlight` }, 'unavailable');
      return;
    }

    let lastWrite = 0;
    let progressWrite: Promise<unknown> = Promise.resolve();
    const writeProgress = (fraction: number, stage?: string, message?: string) => {
      const now = Date.now();
      if (fraction < 1 && now - lastWrite < options.progressIntervalMs) return;
      lastWrite = now;
      const progress = { fraction: Math.max(0, Math.min(1, fraction)), stage, message, updated_at: new Date().toISOString() };
      progressWrite = progressWrite
        .then(() => saveStepProgress(db, jobId, actorId, progress))
        .catch((e) => log(`progress write failed for job ${jobId}: ${String(e)}`));
    };
    writeProgress(0, 'starting');

    // One renewal at a time: while the database is down each would wait on a connection, and
    // piling them up only floods the pool once it is back.
    let renewing = false;
    const heartbeat = setInterval(() => {
      if (renewing) return;
      renewing = true;
      renewLease(db, item.id, id, options.leaseSeconds)
        .then((held) => {
          if (!held) controller.abort('cancelled' satisfies StopReason);
        })
        .catch((e) => log(`lease renewal failed for item ${item.id}: ${describeDatabaseError(e)}`))
        .finally(() => {
          renewing = false;
        });
    }, options.heartbeatSeconds * 1000);

    try {
      const output = await service(item.input, {
        jobId,
        attempt: item.attempts,
        signal: controller.signal,
        reportProgress: writeProgress,
        publish: async (event) => {
          // A step's own event (candidates found) is worth waiting a lease for, like its result.
          const held = await withinLease(`reporting ${event.type} for job ${jobId}`, () => reportStepEvent(db, id, item, event, policy));
          if (!held) controller.abort('cancelled' satisfies StopReason);
        },
      });
      clearInterval(heartbeat);
      await progressWrite;
      if (controller.signal.aborted) throw new Error(String(controller.signal.reason));
      writeProgress(1, 'done');
      await progressWrite;
      await record(`reporting ${item.src} done for job ${jobId}`, () => reportDone(db, id, item, output, policy));
    } catch (thrown) {
      clearInterval(heartbeat);
      await progressWrite;
      const reason = controller.signal.aborted ? (controller.signal.reason as StopReason) : undefined;
      if (reason === 'cancelled') return; // the item is no longer ours; the job has moved on
      if (reason === 'shutdown') {
        await record(`releasing item ${item.id}`, () => releaseWorkItem(db, item.id, id));
        return;
      }
      const failure = describeServiceError(thrown);
      log(`${item.src} failed for job ${jobId} (attempt ${item.attempts}/${item.max_attempts}): ${failure.code} ${failure.message}`);
      const error = { code: failure.code, message: failure.message };
      if (failure.retryable && item.attempts < item.max_attempts) {
        await record(`rescheduling ${item.src} for job ${jobId}`, () =>
          retryWorkItemLater(db, item.id, id, policy.backoffSeconds(item.attempts), error),
        );
        return;
      }
      await giveUp(item, error, 'failed');
    }
  }

  function launch(item: WorkItemRow) {
    const controller = new AbortController();
    const done = run(item, controller)
      .catch((e) => log(`work item ${item.id} crashed the worker loop: ${String(e)}`))
      .finally(() => {
        running.delete(item.id);
        wakeUp?.();
      });
    running.set(item.id, { controller, done });
  }

  // While the database is down, claims back off (doubling up to 5 s) instead of failing, and
  // being logged, at every poll; the first claim that works resets it.
  let claimDelayMs = 0;
  const loop = (async () => {
    while (!stopping) {
      if (running.size < options.concurrency) {
        const item = await claimWorkItem(db, { workerId: id, leaseSeconds: options.leaseSeconds }).then(
          (claimed) => {
            if (claimDelayMs > 0) log('claims work again: the database is back');
            claimDelayMs = 0;
            return claimed;
          },
          (e) => {
            if (isDatabaseUnavailable(e)) {
              claimDelayMs = Math.min(Math.max(claimDelayMs * 2, options.pollMs), 5000);
              log(`claim failed, database unavailable (${describeDatabaseError(e)}); next try in ${claimDelayMs} ms`);
            } else log(`claim failed: ${String(e)}`);
            return undefined;
          },
        );
        if (item && !stopping) {
          launch(item);
          continue;
        }
        if (item) await record(`releasing item ${item.id}`, () => releaseWorkItem(db, item.id, id));
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.max(options.pollMs, claimDelayMs));
        wakeUp = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      wakeUp = undefined;
    }
  })();

  return {
    id,
    wake: () => wakeUp?.(),
    async stop(graceMs = 10_000) {
      stopping = true;
      wakeUp?.();
      await loop;
      const all = Promise.all([...running.values()].map((r) => r.done));
      const graceOver = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), graceMs).unref());
      if ((await Promise.race([all, graceOver])) === 'timeout') {
        for (const r of running.values()) r.controller.abort('shutdown' satisfies StopReason);
        await all;
      }
    },
  };
}

import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
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

  async function run(item: WorkItemRow, controller: AbortController): Promise<void> {
    const { job_id: jobId, actor_id: actorId } = item;
    if (item.attempts > item.max_attempts) {
      const error = { code: 'WORKER_LOST', message: `${item.src} was interrupted ${item.max_attempts} times` };
      await reportFailed(db, id, item, error, policy);
      return;
    }
    await reportStarted(db, item, policy);
    const service = services[item.src];
    if (!service) {
      const error = { code: 'SERVICE_UNAVAILABLE', message: `${item.src} is not available in this version of Spotlight` };
      await reportFailed(db, id, item, error, policy);
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

    const heartbeat = setInterval(() => {
      renewLease(db, item.id, id, options.leaseSeconds)
        .then((held) => {
          if (!held) controller.abort('cancelled' satisfies StopReason);
        })
        .catch((e) => log(`lease renewal failed for item ${item.id}: ${String(e)}`));
    }, options.heartbeatSeconds * 1000);

    try {
      const output = await service(item.input, {
        jobId,
        attempt: item.attempts,
        signal: controller.signal,
        reportProgress: writeProgress,
        publish: async (event) => {
          if (!(await reportStepEvent(db, id, item, event, policy))) controller.abort('cancelled' satisfies StopReason);
        },
      });
      clearInterval(heartbeat);
      await progressWrite;
      if (controller.signal.aborted) throw new Error(String(controller.signal.reason));
      writeProgress(1, 'done');
      await progressWrite;
      await reportDone(db, id, item, output, policy);
    } catch (thrown) {
      clearInterval(heartbeat);
      await progressWrite;
      const reason = controller.signal.aborted ? (controller.signal.reason as StopReason) : undefined;
      if (reason === 'cancelled') return; // the item is no longer ours; the job has moved on
      if (reason === 'shutdown') {
        await releaseWorkItem(db, item.id, id);
        return;
      }
      const failure = describeServiceError(thrown);
      log(`${item.src} failed for job ${jobId} (attempt ${item.attempts}/${item.max_attempts}): ${failure.code} ${failure.message}`);
      const error = { code: failure.code, message: failure.message };
      if (failure.retryable && item.attempts < item.max_attempts) {
        await retryWorkItemLater(db, item.id, id, policy.backoffSeconds(item.attempts), error);
        return;
      }
      await reportFailed(db, id, item, error, policy);
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

  const loop = (async () => {
    while (!stopping) {
      if (running.size < options.concurrency) {
        const item = await claimWorkItem(db, { workerId: id, leaseSeconds: options.leaseSeconds }).catch(
          (e) => {
            log(`claim failed: ${String(e)}`);
            return undefined;
          },
        );
        if (item && !stopping) {
          launch(item);
          continue;
        }
        if (item) await releaseWorkItem(db, item.id, id);
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, options.pollMs);
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

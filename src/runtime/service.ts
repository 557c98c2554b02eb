import type { JobEvent } from '../../machines/job.types';

/** What a running service can use besides its input. */
export interface ServiceContext {
  jobId: string;
  attempt: number;
  /** Aborts when the job is cancelled, the lease is lost, or the worker shuts down. */
  signal: AbortSignal;
  /** Reports progress of this step; the worker throttles what it writes. */
  reportProgress(fraction: number, stage?: string, message?: string): void;
  /** Sends the job an event about this step's partial results (e.g. `candidates.found`). */
  publish(event: JobEvent): Promise<void>;
}

/** A step the machine invokes by `src` name: idempotent, so a retried attempt is harmless. */
export type Service = (input: any, context: ServiceContext) => Promise<unknown>;

export type ServiceRegistry = Partial<Record<string, Service>>;

/** An error a service throws on purpose: a code for the API, and whether trying again can help. */
export class ServiceError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly retryable = false,
  ) {
    super(message);
    this.name = 'ServiceError';
  }
}

/** The job-facing description of any error a service threw. */
export function describeServiceError(error: unknown): { code: string; message: string; retryable: boolean } {
  if (error instanceof Error && typeof (error as { code?: unknown }).code === 'string') {
    const { code, retryable } = error as Error & { code: string; retryable?: boolean };
    return { code, message: error.message, retryable: retryable ?? true };
  }
  // Unknown failures may be transient (a full disk, a killed child): worth another attempt.
  return { code: 'INTERNAL_ERROR', message: error instanceof Error ? error.message : String(error), retryable: true };
}

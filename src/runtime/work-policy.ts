/** How work items are retried: bounded attempts, exponential backoff. */
export interface WorkPolicy {
  maxAttempts: number;
  /** Delay before attempt n+1, in seconds. */
  backoffSeconds(attempt: number): number;
}

/** @example defaultWorkPolicy.backoffSeconds(2) // 4 */
export const defaultWorkPolicy: WorkPolicy = {
  maxAttempts: 3,
  backoffSeconds: (attempt) => Math.min(60, 2 ** attempt),
};

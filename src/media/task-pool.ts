/**
 * Runs `worker` over `items` with at most `concurrency` running at once, in order of the items.
 * On the first failure no new item starts, `onFailure` is called (so the caller can stop the
 * running ones), every running worker is awaited, and the first error is thrown.
 *
 * @example
 * const sizes = await runPool(files, 2, async (file) => (await stat(file)).size);
 */
export async function runPool<T, R>(
  items: readonly T[],
  concurrency: number,
  worker: (item: T, index: number) => Promise<R>,
  onFailure?: (error: unknown) => void,
): Promise<R[]> {
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new RangeError(`concurrency must be a positive integer, got ${concurrency}`);
  const results: R[] = new Array(items.length);
  let next = 0;
  let failed = false;
  let firstError: unknown;

  const lane = async (): Promise<void> => {
    while (!failed && next < items.length) {
      const index = next++;
      try {
        results[index] = await worker(items[index]!, index);
      } catch (error) {
        if (!failed) {
          failed = true;
          firstError = error;
          onFailure?.(error);
        }
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, lane));
  if (failed) throw firstError;
  return results;
}

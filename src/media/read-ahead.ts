/**
 * Yields the items of `source` while the next one is already being produced, so the consumer's
 * work (inference) overlaps the producer's (ffmpeg decoding). A failure of the producer is thrown
 * where its item would have been yielded; stopping early closes the source.
 *
 * @example for await (const frame of readAhead(decodeFrames(file, options))) await detector.detect(frame)
 */
export async function* readAhead<T>(source: AsyncIterable<T>): AsyncGenerator<T> {
  const iterator = source[Symbol.asyncIterator]();
  try {
    let next = iterator.next();
    for (;;) {
      const { value, done } = await next;
      if (done) return;
      next = iterator.next();
      next.catch(() => {}); // handled when awaited, at the top of the loop
      yield value;
    }
  } finally {
    await iterator.return?.(undefined);
  }
}

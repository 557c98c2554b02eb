import { describe, expect, it } from 'vitest';
import { readAhead } from '../../src/media/read-ahead';

function producer(count: number, failAt?: number) {
  const log: string[] = [];
  async function* source() {
    try {
      for (let i = 0; i < count; i++) {
        log.push(`produce ${i}`);
        await new Promise((r) => setTimeout(r, 1));
        if (i === failAt) throw new Error(`broken at ${i}`);
        yield i;
      }
    } finally {
      log.push('closed');
    }
  }
  return { log, source: source() };
}

describe('readAhead', () => {
  it('yields every item in order, producing the next one while the consumer works', async () => {
    const { log, source } = producer(3);
    const seen: number[] = [];
    for await (const item of readAhead(source)) {
      log.push(`consume ${item}`);
      seen.push(item);
    }
    expect(seen).toEqual([0, 1, 2]);
    expect(log).toEqual(['produce 0', 'produce 1', 'consume 0', 'produce 2', 'consume 1', 'closed', 'consume 2']);
  });

  it('throws the producer’s failure where its item would have come', async () => {
    const { source } = producer(5, 2);
    const seen: number[] = [];
    await expect(async () => {
      for await (const item of readAhead(source)) seen.push(item);
    }).rejects.toThrow('broken at 2');
    expect(seen).toEqual([0, 1]);
  });

  it('closes the source when the consumer stops early', async () => {
    const { log, source } = producer(10);
    for await (const item of readAhead(source)) if (item === 1) break;
    expect(log.at(-1)).toBe('closed');
    expect(log.filter((l) => l.startsWith('produce'))).toHaveLength(3);
  });
});

import { describe, expect, it } from 'vitest';
import { recentResults } from '../generator/recent.js';

/** A memo over a function that counts its own calls. */
function counted(limit: number) {
  const calls: string[] = [];
  const memo = recentResults<string>({ limit });
  const of = (key: string) => memo.of(key, () => (calls.push(key), key.toUpperCase()));
  return { calls, of };
}

describe('recentResults', () => {
  it('computes a key once while it is kept, and gives the same result again', () => {
    const { calls, of } = counted(2);
    expect([of('a'), of('a'), of('b'), of('a')]).toEqual(['A', 'A', 'B', 'A']);
    expect(calls).toEqual(['a', 'b']);
  });

  it('past its limit forgets the least recently used key, a key used again counting as recent', () => {
    const { calls, of } = counted(2);
    of('a');
    of('b');
    of('a');
    of('c');
    // b was the least recently used: a was used after it.
    of('a');
    of('b');
    expect(calls).toEqual(['a', 'b', 'c', 'b']);
  });

  it('computes again a key whose promised result was rejected', async () => {
    const calls: string[] = [];
    const memo = recentResults<Promise<string>>({ limit: 2 });
    const failing = () => memo.of('a', () => (calls.push('a'), Promise.reject(new Error('no'))));
    await failing().catch(() => undefined);
    await failing().catch(() => undefined);
    expect(calls).toEqual(['a', 'a']);
  });

  it('keeps a newer result when an older one of the same key is rejected after it', async () => {
    const memo = recentResults<Promise<number>>({ limit: 1 });
    let rejectFirst!: (error: Error) => void;
    const first = memo.of('a', () => new Promise<number>((_, reject) => (rejectFirst = reject)));
    memo.of('b', () => Promise.resolve(0));
    const second = memo.of('a', () => Promise.resolve(2));
    rejectFirst(new Error('late'));
    await first.catch(() => undefined);
    expect(memo.of('a', () => Promise.resolve(3))).toBe(second);
  });
});

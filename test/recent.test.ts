import { describe, expect, it } from 'vitest';
import { recentResults } from '../generator/recent.js';

/** A memo over a function that counts its own calls. */
function counted(limit: number) {
  const calls: string[] = [];
  const memo = recentResults<string>({ limit });
  const of = (key: string) => memo.of(key, () => (calls.push(key), key.toUpperCase()));
  return { calls, of, forget: memo.forget };
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

  it('computes a forgotten key again', () => {
    const { calls, of, forget } = counted(2);
    forget('a', of('a'));
    of('a');
    expect(calls).toEqual(['a', 'a']);
  });

  it('keeps a newer result when asked to forget an older one of the same key', () => {
    const memo = recentResults<{ round: number }>({ limit: 1 });
    const first = memo.of('a', () => ({ round: 1 }));
    memo.of('b', () => ({ round: 0 }));
    const second = memo.of('a', () => ({ round: 2 }));
    memo.forget('a', first);
    expect(memo.of('a', () => ({ round: 3 }))).toBe(second);
  });
});

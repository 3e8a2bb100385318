import { createHash } from 'node:crypto';

export type Rng = () => number;

/** Each case has its own seed, so case i is the same whatever --count is: `--count i+1` replays it. */
export function caseSeed(...parts: readonly (string | number)[]): number {
  return createHash('sha256').update(parts.join(':')).digest().readInt32LE(0);
}

/** mulberry32: a small seeded PRNG, the same sequence for the same seed on every machine. */
export function rngFrom(seed: number): Rng {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export function pick<T>({ items, rng }: { items: readonly T[]; rng: Rng }): T | undefined {
  return items.length === 0 ? undefined : items[Math.floor(rng() * items.length)];
}

/** A copy in an order of the rng's (Fisher–Yates). */
export function shuffled<T>({ items, rng }: { items: readonly T[]; rng: Rng }): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
}

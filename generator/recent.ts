/**
 * The results of a pure function for the last few keys it was given. A process that generates
 * more than once (check after generate, a test suite, a watch) hands the costly steps the same
 * inputs again, and most files of a document stay the same when the document changes a little.
 * Bounded, so a long-lived process holds at most `limit` results; the least recently used goes first.
 * A promised result that is rejected is not kept: the next call for its key computes it afresh.
 */
export function recentResults<V>({ limit }: { limit: number }): { of: (key: string, compute: () => V) => V } {
  const kept = new Map<string, V>();
  return {
    of(key, compute) {
      if (kept.has(key)) {
        const value = kept.get(key)!;
        // Map keeps insertion order: re-inserting makes this key the most recently used.
        kept.delete(key);
        kept.set(key, value);
        return value;
      }
      const value = compute();
      kept.set(key, value);
      if (kept.size > limit) kept.delete(kept.keys().next().value!);
      // Only this result: a rejection noticed late must not drop the result a later call kept under the same key.
      if (value instanceof Promise) value.catch(() => kept.get(key) === value && kept.delete(key));
      return value;
    },
  };
}

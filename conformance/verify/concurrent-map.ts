/** `work` on every item, at most `concurrency` at a time, results in the items' order. */
export async function mapConcurrently<T, R>({ items, concurrency, work }: { items: readonly T[]; concurrency: number; work: (item: T) => Promise<R> }): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  return results;
}

export type Pair = readonly [string, string];

/** `container` is the wire prefix of the object the property lives in (`List.1`), '' for the request itself. */
export function wireName({ container, name }: { container: string; name: string }): string {
  return container === '' ? name : `${container}.${name}`;
}

export function sendsAny({ pairs, wire }: { pairs: readonly Pair[]; wire: string }): boolean {
  return pairs.some(([name]) => name === wire || name.startsWith(`${wire}.`));
}

export function without({ pairs, wire }: { pairs: readonly Pair[]; wire: string }): Pair[] {
  return pairs.filter(([name]) => name !== wire && !name.startsWith(`${wire}.`));
}

export function withValue({ pairs, wire, value }: { pairs: readonly Pair[]; wire: string; value: string }): Pair[] {
  return [...without({ pairs, wire }), [wire, value]];
}

/** The pairs of item `index` (1-based) of the list at `wire`. */
export function itemPairs({ pairs, wire, index }: { pairs: readonly Pair[]; wire: string; index: number }): Pair[] {
  return pairs.filter(([name]) => name === `${wire}.${index}` || name.startsWith(`${wire}.${index}.`));
}

export function reindex({ item, wire, index }: { item: readonly Pair[]; wire: string; index: number }): Pair[] {
  return item.map(([name, value]) => [`${wire}.${index}${name.slice(wire.length).replace(/^\.\d+/, '')}`, value] as const);
}

export function listIndex({ name, wire }: { name: string; wire: string }): number {
  return Number(name.slice(wire.length + 1).split('.')[0]);
}

/** A list of `length` items, each a copy of `item` numbered 1 to `length` in a row. */
export function listOfCopies({ item, wire, length }: { item: readonly Pair[]; wire: string; length: number }): Pair[] {
  return Array.from({ length }, (_, i) => reindex({ item, wire, index: i + 1 })).flat();
}

import { describe, expect, it } from 'vitest';
import { reachable, unchangedSince } from './support/reachable.js';

/** A value with every kind of member the helper reads, built afresh for each case. */
function sample() {
  const shared = { leaf: 1 };
  return {
    list: [1, , 'three'],
    map: new Map<unknown, unknown>([[shared, 'value']]),
    set: new Set([1, 2]),
    date: new Date(0),
    bytes: new Uint8Array([1, 2, 3]),
    boxed: new Number(-0),
    bare: Object.assign(Object.create(null) as Record<string, unknown>, { key: 'v' }),
    shared,
    again: shared,
    zero: -0,
  };
}

describe('unchangedSince', () => {
  it('holds for a value nobody touched', () => {
    const value = sample();
    expect(unchangedSince(value, reachable(value))).toBe(true);
  });

  it.each<[string, (value: ReturnType<typeof sample>) => void]>([
    ['a key deleted', (v) => delete (v.bare as Record<string, unknown>)['key']],
    ['a key added without a value', (v) => Object.defineProperty(v, 'hidden', { value: undefined })],
    ['a hole in a list filled', (v) => (v.list[1] = undefined)],
    ['a nested object replaced by an equal copy', (v) => (v.shared = { leaf: 1 })],
    ['a Map value changed', (v) => v.map.set(v.shared, 'other')],
    ['a Set member added', (v) => v.set.add(3)],
    ['a Date moved', (v) => v.date.setTime(1)],
    ['a typed array item changed', (v) => (v.bytes[0] = 9)],
    ['a prototype changed', (v) => Object.setPrototypeOf(v.bare, {})],
    ['-0 made 0', (v) => (v.zero = 0)],
    ['the second of two references to one object pointed at another', (v) => (v.again = { leaf: 1 })],
  ])('fails once %s', (_, change) => {
    const value = sample();
    const before = reachable(value);
    change(value);
    expect(unchangedSince(value, before)).toBe(false);
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { pointerTo, resolvePointer } from '../generator/json-pointer.js';

const MISSING = undefined;
const document = {
  'a/b': 'slash',
  'a~b': 'tilde',
  '~1': 'tilde one',
  '/': 'bare slash',
  'a b': 'space',
  list: ['first', 'second'],
  nested: { value: null },
};

describe('resolvePointer', () => {
  it.each<[string, { pointer: string; want: unknown }]>([
    ['# is the whole document', { pointer: '#', want: document }],
    ['~1 decodes to a slash', { pointer: '#/a~1b', want: 'slash' }],
    ['~0 decodes to a tilde', { pointer: '#/a~0b', want: 'tilde' }],
    ['~01 decodes ~1 before ~0, so it names the key ~1, not /', { pointer: '#/~01', want: 'tilde one' }],
    ['a percent-escape is decoded first', { pointer: '#/a%20b', want: 'space' }],
    ['a malformed percent-escape names nothing', { pointer: '#/a%zzb', want: MISSING }],
    ['an array is entered by index', { pointer: '#/list/1', want: 'second' }],
    ['an index past the end names nothing', { pointer: '#/list/2', want: MISSING }],
    ['an index with a leading zero names nothing', { pointer: '#/list/01', want: MISSING }],
    ['- (past the last item) names nothing', { pointer: '#/list/-', want: MISSING }],
    ["an array's length is not an item", { pointer: '#/list/length', want: MISSING }],
    ['a null value is found, not missing', { pointer: '#/nested/value', want: null }],
    ['#/__proto__ finds nothing', { pointer: '#/__proto__', want: MISSING }],
    ['#/constructor finds nothing', { pointer: '#/constructor', want: MISSING }],
    ["an inherited method of a nested object finds nothing", { pointer: '#/nested/hasOwnProperty', want: MISSING }],
    ['a pointer into another file names nothing here', { pointer: 'other.yaml#/list', want: MISSING }],
    ['a fragment without a leading slash names nothing', { pointer: '#list', want: MISSING }],
  ])('%s', (_, { pointer, want }) => {
    expect(resolvePointer({ document, pointer })).toBe(want);
  });

  it('finds an own key named __proto__, as JSON.parse makes it', () => {
    expect(resolvePointer({ document: JSON.parse('{"__proto__": {"x": 1}}'), pointer: '#/__proto__/x' })).toBe(1);
  });

  it('finds whatever key pointerTo wrote, however it is spelt', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('~', '/', '0', '1', '%', '2', '5', 'a', ' ', 'é') }), (key) => {
        const marker = { key };
        expect(resolvePointer({ document: { outer: Object.fromEntries([[key, marker]]) }, pointer: pointerTo('#', 'outer', key) })).toBe(marker);
      }),
    );
  });
});

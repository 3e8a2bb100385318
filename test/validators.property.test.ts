import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expectSame, expectStrictEqual } from './support/hot-expect.js';
import { reachable, unchangedSince } from './support/reachable.js';
import { toIncreaseNodesQuery, validateIncreaseNodesRequest, type ValidationIssue } from '../generated/index.js';
import {
  applicationConfigFields,
  errorCodes,
  requestParameters,
  type ReferenceField,
  type ReferenceParameter,
  type Scalar,
  type WireType,
} from './reference/increase-nodes.reference.js';

// Properties of the generated request validator. Every expectation comes from the hand-transcribed
// reference (./reference/increase-nodes.reference.ts) and from the error-code mapping of the brief,
// never from the spec or from constants in generated/. The generator of valid requests is built
// from the reference too; the generated `increaseNodesRequest` arbitrary is not used, because it
// filters with the validator under test and so could hide a validator that rejects valid input.
//
// Two regressions these properties found are pinned by name below: a cross-field rule must not
// fire on a value that already failed its own check (one fault, one issue), and a warning check must
// not throw on a value String() cannot convert (no issue after it may be lost).

type Request = Record<string, unknown>;
type Result = ReturnType<typeof validateIncreaseNodesRequest>;

const validate = (input: unknown): Result => validateIncreaseNodesRequest(input);

function documented(code: string): string {
  if (!errorCodes.some((entry) => entry.code === code)) throw new Error(`${code} is not a documented error code`);
  return code;
}

// The mapping the spec declares (x-acs-violations), each checked against the reference's table.
const MISSING = documented('MissingParameter');
const INVALID_VALUE = documented('InvalidParameterValue');
const UNKNOWN_KEY = documented('InvalidParameter');
const documentedCodes: readonly string[] = errorCodes.map((entry) => entry.code);

const parameters: readonly ReferenceParameter[] = requestParameters;
const fields: readonly ReferenceField[] = applicationConfigFields;

function parameter(name: string): ReferenceParameter {
  const row = parameters.find((p) => p.name === name);
  if (row === undefined) throw new Error(`the reference has no parameter ${name}`);
  return row;
}

function field(name: string): ReferenceField {
  const row = fields.find((f) => f.name === name);
  if (row === undefined) throw new Error(`the reference has no ApplicationConfig field ${name}`);
  return row;
}

// The cross-field rule of the brief: MinIncreaseNodeCount must not exceed IncreaseNodeCount.
const COUNT = parameter('IncreaseNodeCount');
const MIN = parameter('MinIncreaseNodeCount');
const LIST = parameters.find((p) => p.type === 'array') ?? parameter('ApplicationConfigs');
const SCOPE = field('ConfigScope');

const requiredNames = parameters.filter((p) => p.required).map((p) => p.name);
const optionalNames = parameters.filter((p) => !p.required).map((p) => p.name);
const requiredFields = fields.filter((f) => f.required).map((f) => f.name);
const optionalFieldNames = fields.filter((f) => !f.required).map((f) => f.name);
const knownNames: ReadonlySet<string> = new Set(parameters.map((p) => p.name));
const knownFields: ReadonlySet<string> = new Set(fields.map((f) => f.name));

const integerRanges = parameters.filter(
  (p): p is ReferenceParameter & { minimum: number; maximum: number } =>
    p.type === 'integer' && p.minimum !== undefined && p.maximum !== undefined,
);
const booleanParameters = parameters.filter((p) => p.type === 'boolean');
const stringParameters = parameters.filter((p) => p.type === 'string' && p.validValues === undefined);

// ---------------------------------------------------------------------------------------------
// Valid requests, from the reference alone.

/** The only parameters the reference requires, with values from its examples. */
const minimalRequest: Request = {
  RegionId: 'cn-hangzhou',
  ClusterId: 'c-b933c5aac8fe****',
  NodeGroupId: 'ng-869471354ecd****',
  IncreaseNodeCount: 3,
};

const fixedConfig: Request = {
  ApplicationName: 'HDFS',
  ConfigFileName: 'hdfs-site.xml',
  ConfigItemKey: 'dfs.namenode.checkpoint.period',
};

const validConfig: fc.Arbitrary<Request> = fc.record(
  Object.fromEntries(fields.map((f) => [f.name, f.validValues === undefined ? fc.string({ minLength: f.required ? 1 : 0 }) : fc.constantFrom(...f.validValues)])),
  { requiredKeys: requiredFields },
);

function validValueOf(p: ReferenceParameter): fc.Arbitrary<unknown> {
  if (p.type === 'array') return fc.array(validConfig, { minLength: p.minItems ?? 0, maxLength: Math.min(p.maxItems ?? 4, 4) });
  if (p.validValues !== undefined) return fc.constantFrom(...p.validValues);
  if (p.type === 'integer') return fc.integer({ min: p.minimum ?? Number.MIN_SAFE_INTEGER, max: p.maximum ?? Number.MAX_SAFE_INTEGER });
  if (p.type === 'boolean') return fc.boolean();
  return fc.string({ minLength: p.required ? 1 : 0 });
}

/** Swaps the two counts when the minimum came out above the count, so the request stays valid. */
function keepMinAtMostCount(request: Request): Request {
  const min = request[MIN.name];
  const count = request[COUNT.name];
  if (typeof min !== 'number' || typeof count !== 'number' || min <= count) return request;
  return { ...request, [MIN.name]: count, [COUNT.name]: min };
}

const validRequest: fc.Arbitrary<Request> = fc
  .record(Object.fromEntries(parameters.map((p) => [p.name, validValueOf(p)])), { requiredKeys: requiredNames })
  .map((request) => keepMinAtMostCount(request));

/** Valid requests with at least `minItems` application configs. */
function validRequestWithConfigs(minItems: number): fc.Arbitrary<Request> {
  return fc
    .tuple(validRequest, fc.array(validConfig, { minLength: minItems, maxLength: minItems + 2 }))
    .map(([request, list]) => ({ ...request, [LIST.name]: list }));
}

// ---------------------------------------------------------------------------------------------
// Invalid values, classified by the reference's wire types.

const hostile = fc.anything({
  withBigInt: true,
  withBoxedValues: true,
  withDate: true,
  withMap: true,
  withSet: true,
  withNullPrototype: true,
  withObjectString: true,
  withTypedArray: true,
  withSparseArray: true,
  withUnicodeString: true,
});

const edgeValues = fc.constantFrom<unknown>(NaN, Infinity, -Infinity, -0, 1.5, '3', 'true', '', null, true, false, 0, 1, {}, [], [1]);

function hasWireType(value: unknown, type: WireType): boolean {
  switch (type) {
    case 'string':
      return typeof value === 'string';
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value);
    case 'boolean':
      return typeof value === 'boolean';
    case 'array':
      return Array.isArray(value);
  }
}

/**
 * Whether a value of a field is sent at all: the wire reference leaves an absent (undefined/null)
 * field out, so for a parameter null is not supplied, as undefined is. (A list item has no such reading.)
 */
const isSent = (value: unknown) => value !== undefined && value !== null;

/** Any sent value that is not of the wire type. */
function wrongTypeFor(type: WireType): fc.Arbitrary<unknown> {
  return fc.oneof(hostile, edgeValues).filter((value) => isSent(value) && !hasWireType(value, type));
}

const listOfSize = (size: number): Request[] => Array.from({ length: size }, () => fixedConfig);
const tooFew = listOfSize((LIST.minItems ?? 1) - 1);
const tooMany = listOfSize((LIST.maxItems ?? 1000) + 1);

/** A value of the right type that the reference does not allow, when the parameter has such values. */
function outOfRangeFor(p: ReferenceParameter): fc.Arbitrary<unknown> | undefined {
  if (p.type === 'array') return fc.constantFrom(tooFew, tooMany);
  if (p.type !== 'boolean' && p.validValues !== undefined) return notAmong(p.validValues, p.type);
  if (p.minimum !== undefined && p.maximum !== undefined) {
    return fc.oneof(fc.integer({ max: p.minimum - 1 }), fc.integer({ min: p.maximum + 1 }));
  }
  return undefined;
}

/** Values of the same wire type as the valid values, but not among them (near misses included). */
function notAmong(valid: readonly Scalar[], type: WireType): fc.Arbitrary<unknown> {
  const nearMisses =
    type === 'integer'
      ? valid.flatMap((v) => [Number(v) - 1, Number(v) + 1])
      : valid.flatMap((v) => [String(v).toLowerCase(), String(v).toUpperCase(), ` ${String(v)}`, `${String(v)} `, '']);
  const any = type === 'integer' ? fc.integer() : fc.string();
  return fc.oneof(fc.constantFrom<unknown>(...nearMisses), any).filter((value) => !valid.includes(value as Scalar));
}

const unknownKey = fc.string().filter((key) => !knownNames.has(key));
const unknownFieldKey = fc.string().filter((key) => !knownFields.has(key));
const definedValue = fc.anything().filter(isSent);

// ---------------------------------------------------------------------------------------------
// Placing values, and reading results.

/** A copy with one key set; the computed key makes it an own property even for `__proto__`. */
function withParam(request: Request, name: string, value: unknown): Request {
  return { ...request, [name]: value };
}

function without(request: Request, name: string): Request {
  const copy = { ...request };
  delete copy[name];
  return copy;
}

/** Sets one parameter and takes the cross-field partner out of play, so only that value can be wrong. */
function alone(request: Request, name: string, value: unknown): Request {
  const placed = withParam(request, name, value);
  if (name === COUNT.name) return without(placed, MIN.name);
  if (name === MIN.name) return withParam(placed, COUNT.name, COUNT.maximum);
  return placed;
}

/** Sets field `field` of item `n mod length` (adding a list of one valid item when there is none). */
function withItemField(request: Request, n: number, field: string, value: unknown): { request: Request; index: number } {
  const current = request[LIST.name];
  const list = Array.isArray(current) && current.length > 0 ? [...current] : [fixedConfig];
  const index = n % list.length;
  list[index] = { ...(list[index] as Request), [field]: value };
  return { request: { ...request, [LIST.name]: list }, index };
}

function withoutItemField(request: Request, n: number, field: string): { request: Request; index: number } {
  const current = request[LIST.name];
  const list = Array.isArray(current) && current.length > 0 ? [...current] : [fixedConfig];
  const index = n % list.length;
  list[index] = without(list[index] as Request, field);
  return { request: { ...request, [LIST.name]: list }, index };
}

interface Expected {
  readonly code: string;
  readonly parameter: string;
  readonly path: readonly (string | number)[];
}

function issuesOf(result: Result): Expected[] {
  return result.ok ? [] : result.issues.map((issue) => ({ code: issue.code, parameter: issue.parameter, path: [...issue.path] }));
}

function expectOnlyIssue(result: Result, expected: Expected): void {
  expectSame(result.ok, false);
  expectStrictEqual(issuesOf(result), [{ ...expected, path: [...expected.path] }]);
}

function expectAccepted(result: Result): void {
  expectStrictEqual(issuesOf(result), []);
  expectSame(result.ok, true);
}

function parameterNames(result: Result): string[] {
  return [...new Set(issuesOf(result).map((issue) => issue.parameter))].sort();
}

const top = (name: string, code: string): Expected => ({ code, parameter: name, path: [name] });
const item = (index: number, field: string, code: string): Expected => ({
  code,
  parameter: `${LIST.name}.${index + 1}.${field}`,
  path: [LIST.name, index, field],
});

function label(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(label).join(', ')}]`;
  if (typeof value === 'object' && value !== null) return '{}';
  return Object.is(value, -0) ? '-0' : String(value);
}

// ---------------------------------------------------------------------------------------------

describe('valid requests', () => {
  it('accepts the minimal request of the required parameters only', () => {
    expectAccepted(validate(minimalRequest));
  });

  it('accepts every request built from the reference’s valid values', () => {
    fc.assert(fc.property(validRequest, (request) => expectAccepted(validate(request))));
  });
});

describe.each(integerRanges)('integer range: $name ($minimum to $maximum)', (row) => {
  const wrong = (value: unknown, request: Request = minimalRequest) =>
    expectOnlyIssue(validate(alone(request, row.name, value)), top(row.name, INVALID_VALUE));

  it('accepts every integer from the minimum to the maximum', () => {
    fc.assert(
      fc.property(validRequest, fc.integer({ min: row.minimum, max: row.maximum }), (request, value) =>
        expectAccepted(validate(alone(request, row.name, value))),
      ),
    );
  });

  it.each([row.minimum - 1, row.maximum + 1])('rejects %d, just outside the range, with one InvalidParameterValue', (value) => {
    wrong(value);
  });

  it('rejects any integer far outside the range with one InvalidParameterValue', () => {
    const farOutside = fc.oneof(
      fc.integer({ max: row.minimum - 2 }),
      fc.integer({ min: row.maximum + 2 }),
      fc.constantFrom(Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER, -(2 ** 53), 2 ** 53, 1e21),
    );
    fc.assert(fc.property(validRequest, farOutside, (request, value) => wrong(value, request)));
  });

  it('rejects non-integer numbers such as 1.5 with one InvalidParameterValue', () => {
    const fractions = fc.oneof(
      fc.constant(1.5),
      fc.double({ min: row.minimum - 1, max: row.maximum + 1, noNaN: true }).filter((v) => !Number.isInteger(v)),
      fc.double({ noNaN: true, noDefaultInfinity: true }).filter((v) => !Number.isInteger(v)),
    );
    fc.assert(fc.property(validRequest, fractions, (request, value) => wrong(value, request)));
  });

  it.each([
    ['NaN', NaN],
    ['Infinity', Infinity],
    ['-Infinity', -Infinity],
    ['the numeric string "3"', '3'],
    ['true', true],
    ['false', false],
    ['an object', { value: 3 }],
    ['a list', [3]],
  ])('rejects %s with one InvalidParameterValue', (_name, value) => {
    wrong(value);
  });

  it('rejects any value that is not a number with one InvalidParameterValue', () => {
    const notNumbers = fc.oneof(hostile, edgeValues).filter((v) => isSent(v) && typeof v !== 'number');
    fc.assert(fc.property(validRequest, notNumbers, (request, value) => wrong(value, request)));
  });
});

describe('cross-field rule: MinIncreaseNodeCount must not exceed IncreaseNodeCount', () => {
  const counts = fc.tuple(
    fc.integer({ min: COUNT.minimum ?? 1, max: COUNT.maximum ?? 500 }),
    fc.integer({ min: MIN.minimum ?? 1, max: MIN.maximum ?? 500 }),
  );

  it('rejects MinIncreaseNodeCount above IncreaseNodeCount with one rule issue on MinIncreaseNodeCount', () => {
    fc.assert(
      fc.property(validRequest, counts.filter(([count, min]) => min > count), (request, [count, min]) => {
        const result = validate({ ...request, [COUNT.name]: count, [MIN.name]: min });
        expectOnlyIssue(result, top(MIN.name, INVALID_VALUE));
        expectStrictEqual(result.ok ? [] : result.issues.map((issue) => issue.kind), ['rule']);
      }),
    );
  });

  it('accepts MinIncreaseNodeCount equal to or below IncreaseNodeCount', () => {
    fc.assert(
      fc.property(validRequest, counts.filter(([count, min]) => min <= count), (request, [count, min]) =>
        expectAccepted(validate({ ...request, [COUNT.name]: count, [MIN.name]: min })),
      ),
    );
  });

  it('reports a NaN IncreaseNodeCount on IncreaseNodeCount only, not on a valid MinIncreaseNodeCount', () => {
    expectOnlyIssue(validate({ ...minimalRequest, [COUNT.name]: NaN, [MIN.name]: 1 }), top(COUNT.name, INVALID_VALUE));
  });
});

describe.each(parameters.filter((p) => p.type !== 'boolean' && p.validValues !== undefined))(
  'valid values: $name',
  (row) => {
    const valid = row.validValues ?? [];

    it.each(valid.map((value) => [label(value), value]))('accepts %s', (_name, value) => {
      expectAccepted(validate(withParam(minimalRequest, row.name, value)));
    });

    it('rejects any other integer or string with one InvalidParameterValue', () => {
      const others = fc.oneof(notAmong(valid, 'integer'), notAmong(valid, 'string'));
      fc.assert(
        fc.property(validRequest, others, (request, value) =>
          expectOnlyIssue(validate(withParam(request, row.name, value)), top(row.name, INVALID_VALUE)),
        ),
      );
    });
  },
);

describe(`valid values: ${LIST.name}.n.${SCOPE.name}`, () => {
  const valid = SCOPE.validValues ?? [];

  it.each([...valid])('accepts %s in any item', (value) => {
    fc.assert(
      fc.property(validRequestWithConfigs(1), fc.nat(), (request, n) => expectAccepted(validate(withItemField(request, n, SCOPE.name, value).request))),
    );
  });

  it('rejects any other integer or string with one InvalidParameterValue naming the item', () => {
    const others = fc.oneof(notAmong(valid, 'string'), notAmong(valid, 'integer'));
    fc.assert(
      fc.property(validRequestWithConfigs(1), fc.nat(), others, (request, n, value) => {
        const placed = withItemField(request, n, SCOPE.name, value);
        expectOnlyIssue(validate(placed.request), item(placed.index, SCOPE.name, INVALID_VALUE));
      }),
    );
  });

  it('names the item 1-based on the wire and 0-based in the path (item 3 ↔ index 2)', () => {
    const request = { ...minimalRequest, [LIST.name]: [fixedConfig, fixedConfig, { ...fixedConfig, [SCOPE.name]: 'ALL' }] };
    expectOnlyIssue(validate(request), {
      code: INVALID_VALUE,
      parameter: `${LIST.name}.3.${SCOPE.name}`,
      path: [LIST.name, 2, SCOPE.name],
    });
  });
});

describe.each(booleanParameters)('boolean: $name', (row) => {
  it.each([true, false])('accepts %s', (value) => {
    expectAccepted(validate(withParam(minimalRequest, row.name, value)));
  });

  it.each([
    ['"true"', 'true'],
    ['"false"', 'false'],
    ['0', 0],
    ['1', 1],
  ])('rejects %s with one InvalidParameterValue', (_name, value) => {
    expectOnlyIssue(validate(withParam(minimalRequest, row.name, value)), top(row.name, INVALID_VALUE));
  });

  it('rejects any value that is not a boolean with one InvalidParameterValue', () => {
    fc.assert(
      fc.property(validRequest, wrongTypeFor('boolean'), (request, value) =>
        expectOnlyIssue(validate(withParam(request, row.name, value)), top(row.name, INVALID_VALUE)),
      ),
    );
  });
});

describe.each(stringParameters)('string: $name', (row) => {
  it('accepts any string (any non-empty one when required)', () => {
    const strings = fc.string({ unit: 'binary', minLength: row.required ? 1 : 0 });
    fc.assert(fc.property(validRequest, strings, (request, value) => expectAccepted(validate(withParam(request, row.name, value)))));
  });

  it('rejects any value that is not a string with one InvalidParameterValue', () => {
    fc.assert(
      fc.property(validRequest, wrongTypeFor('string'), (request, value) =>
        expectOnlyIssue(validate(withParam(request, row.name, value)), top(row.name, INVALID_VALUE)),
      ),
    );
  });
});

describe(`list size: ${LIST.name} (${LIST.minItems} to ${LIST.maxItems} items)`, () => {
  const min = LIST.minItems ?? 1;
  const max = LIST.maxItems ?? 1000;

  it.each([min, max])('accepts %d items', (size) => {
    expectAccepted(validate({ ...minimalRequest, [LIST.name]: listOfSize(size) }));
  });

  it.each([min - 1, max + 1])('rejects %d items with one InvalidParameterValue on the list', (size) => {
    expectOnlyIssue(validate({ ...minimalRequest, [LIST.name]: listOfSize(size) }), top(LIST.name, INVALID_VALUE));
  });

  it('rejects any value that is not a list with one InvalidParameterValue', () => {
    fc.assert(
      fc.property(validRequest, wrongTypeFor('array'), (request, value) =>
        expectOnlyIssue(validate(withParam(request, LIST.name, value)), top(LIST.name, INVALID_VALUE)),
      ),
    );
  });

  it('rejects an item that is not an object with one InvalidParameterValue naming the item', () => {
    const notObjects = fc.oneof(hostile, edgeValues).filter(
      (v) => v !== undefined && (typeof v !== 'object' || v === null || Array.isArray(v)),
    );
    fc.assert(
      fc.property(validRequestWithConfigs(1), fc.nat(), notObjects, (request, n, value) => {
        const list = [...(request[LIST.name] as unknown[])];
        const index = n % list.length;
        list[index] = value;
        expectOnlyIssue(validate({ ...request, [LIST.name]: list }), {
          code: INVALID_VALUE,
          parameter: `${LIST.name}.${index + 1}`,
          path: [LIST.name, index],
        });
      }),
    );
  });
});

// The reference is silent; on the wire `Name=` is a parameter not supplied (README, decisions).
describe('an empty required text', () => {
  it.each(stringParameters.filter((p) => p.required).map((p) => p.name))('%s sent empty gives one MissingParameter naming it', (name) => {
    fc.assert(fc.property(validRequest, (request) => expectOnlyIssue(validate(withParam(request, name, '')), top(name, MISSING))));
  });

  it.each(fields.filter((f) => f.required && f.validValues === undefined).map((f) => f.name))(
    `${LIST.name}.n.%s sent empty gives one MissingParameter naming the item`,
    (name) => {
      fc.assert(
        fc.property(validRequestWithConfigs(1), fc.nat(), (request, n) => {
          const placed = withItemField(request, n, name, '');
          expectOnlyIssue(validate(placed.request), item(placed.index, name, MISSING));
        }),
      );
    },
  );
});

describe.each(fields)(`item field: ${LIST.name}.n.$name`, (row) => {
  it('rejects any value that is not a string with one InvalidParameterValue naming the item', () => {
    fc.assert(
      fc.property(validRequestWithConfigs(1), fc.nat(), wrongTypeFor('string'), (request, n, value) => {
        const placed = withItemField(request, n, row.name, value);
        expectOnlyIssue(validate(placed.request), item(placed.index, row.name, INVALID_VALUE));
      }),
    );
  });
});

describe('missing parameters', () => {
  it.each(requiredNames)('removing %s gives one MissingParameter naming it', (name) => {
    fc.assert(fc.property(validRequest, (request) => expectOnlyIssue(validate(without(request, name)), top(name, MISSING))));
  });

  it.each(requiredNames)('%s set to undefined counts as absent: one MissingParameter', (name) => {
    fc.assert(fc.property(validRequest, (request) => expectOnlyIssue(validate(withParam(request, name, undefined)), top(name, MISSING))));
  });

  // The wire reference: "An absent (undefined/null) field is left out", as the codec and Alibaba's own runtime leave it.
  it.each(requiredNames)('%s set to null is not supplied, as the wire leaves it out: one MissingParameter', (name) => {
    expectOnlyIssue(validate(withParam(minimalRequest, name, null)), top(name, MISSING));
  });

  it.each(optionalNames)('%s set to null is accepted as absent, and the query leaves it out', (name) => {
    const request = withParam(minimalRequest, name, null);
    expectAccepted(validate(request));
    expect(toIncreaseNodesQuery(request as never)).toEqual(toIncreaseNodesQuery(minimalRequest as never));
  });

  // The value is the request as the wire carries it, which its type (no null) describes; JSON.parse makes such nulls.
  // One property over every optional parameter (the counterexample names it), not a thousand runs for each.
  it('an optional parameter set to null comes back left out of the value, the rest as given', () => {
    fc.assert(
      fc.property(validRequest, fc.constantFrom(...optionalNames), (request, name) => {
        const result = validate(withParam(without(request, name), name, null));
        const value = (result.ok ? result.value : {}) as Request;
        expectSame(Object.hasOwn(value, name), false);
        // By content: the copy is plain data, where fast-check's items may have no prototype.
        expectSame(JSON.stringify(value), JSON.stringify(without(request, name)));
      }),
    );
  });

  // One null beside a thousand items copied them all, at thirty times the cost of the walk.
  it('a null at the top is left out of a copy that keeps the list itself, untouched, not a copy of it', () => {
    fc.assert(
      fc.property(validRequestWithConfigs(1), (request) => {
        const result = validate({ ...request, [optionalNames.find((name) => name !== LIST.name)!]: null });
        expectSame(result.ok, true);
        expectSame((result.ok ? result.value : {})[LIST.name as never], request[LIST.name]);
      }),
    );
  });

  it('a valid request holding no null field comes back as the very object given', () => {
    fc.assert(
      fc.property(validRequest, (request) => {
        const result = validate(request);
        expectSame<unknown>(result.ok && result.value, request);
      }),
    );
  });

  it(`an optional field set to null in item k comes back left out of that item of the value`, () => {
    fc.assert(
      fc.property(validRequestWithConfigs(1), fc.nat(), fc.constantFrom(...optionalFieldNames), (request, n, name) => {
        const placed = withItemField(request, n, name, null);
        const result = validate(placed.request);
        expectSame(result.ok, true);
        const items = ((result.ok ? result.value : {}) as Request)[LIST.name] as Request[];
        expectSame(Object.hasOwn(items[placed.index]!, name), false);
      }),
    );
  });

  it('an unknown key set to null comes back left out of the value', () => {
    fc.assert(
      fc.property(validRequest, unknownKey, (request, key) => {
        const result = validate(withParam(request, key, null));
        expectSame(result.ok, true);
        expectSame(Object.hasOwn(result.ok ? result.value : { [key]: 'refused' }, key), false);
      }),
    );
  });

  it('ignores an unknown key whose value is null (null counts as absent)', () => {
    fc.assert(fc.property(validRequest, unknownKey, (request, key) => expectAccepted(validate(withParam(request, key, null)))));
  });

  it.each(requiredFields)(`removing %s from item k gives one MissingParameter naming ${LIST.name}.<k+1>.%s`, (name) => {
    fc.assert(
      fc.property(validRequestWithConfigs(1), fc.nat(), (request, n) => {
        const placed = withoutItemField(request, n, name);
        expectOnlyIssue(validate(placed.request), item(placed.index, name, MISSING));
      }),
    );
  });

  it.each(requiredFields)(`%s set to null in item k is not supplied: one MissingParameter naming ${LIST.name}.<k+1>.%s`, (name) => {
    fc.assert(
      fc.property(validRequestWithConfigs(1), fc.nat(), (request, n) => {
        const placed = withItemField(request, n, name, null);
        expectOnlyIssue(validate(placed.request), item(placed.index, name, MISSING));
      }),
    );
  });

  it.each(parameters.filter((p) => !p.required).map((p) => p.name))('removing the optional %s keeps a valid request valid', (name) => {
    fc.assert(fc.property(validRequest, (request) => expectAccepted(validate(without(request, name)))));
  });
});

describe('unknown keys', () => {
  it('rejects a key the reference does not list with one InvalidParameter naming it', () => {
    fc.assert(
      fc.property(validRequest, unknownKey, definedValue, (request, key, value) =>
        expectOnlyIssue(validate(withParam(request, key, value)), top(key, UNKNOWN_KEY)),
      ),
    );
  });

  it('rejects an unknown key inside an item with one InvalidParameter naming the item', () => {
    fc.assert(
      fc.property(validRequestWithConfigs(1), fc.nat(), unknownFieldKey, definedValue, (request, n, key, value) => {
        const placed = withItemField(request, n, key, value);
        expectOnlyIssue(validate(placed.request), item(placed.index, key, UNKNOWN_KEY));
      }),
    );
  });

  it('ignores an unknown key whose value is undefined (undefined counts as absent)', () => {
    fc.assert(fc.property(validRequest, unknownKey, (request, key) => expectAccepted(validate(withParam(request, key, undefined)))));
  });
});

// ---------------------------------------------------------------------------------------------
// Random mutations of valid requests.

type Mutation =
  | { readonly kind: 'range' | 'type' | 'unknown'; readonly parameter: string; readonly value: unknown }
  | { readonly kind: 'delete'; readonly parameter: string };

function mutationOf(p: ReferenceParameter): fc.Arbitrary<Mutation> {
  const options: fc.Arbitrary<Mutation>[] = [
    wrongTypeFor(p.type).map((value): Mutation => ({ kind: 'type', parameter: p.name, value })),
  ];
  const outOfRange = outOfRangeFor(p);
  if (outOfRange !== undefined) options.push(outOfRange.map((value): Mutation => ({ kind: 'range', parameter: p.name, value })));
  if (p.required) options.push(fc.constant<Mutation>({ kind: 'delete', parameter: p.name }));
  return fc.oneof(...options);
}

/** k in 1..4 mutations, each on a distinct parameter (known or a fresh unknown key). */
const mutations: fc.Arbitrary<Mutation[]> = fc
  .integer({ min: 1, max: 4 })
  .chain((k) => fc.tuple(fc.constant(k), fc.integer({ min: 0, max: k })))
  .chain(([k, unknownCount]) =>
    fc.tuple(
      fc.uniqueArray(fc.constantFrom(...parameters), { minLength: k - unknownCount, maxLength: k - unknownCount, selector: (p) => p.name }),
      fc.uniqueArray(unknownKey, { minLength: unknownCount, maxLength: unknownCount }),
    ),
  )
  .chain(([rows, keys]) =>
    fc.tuple(
      ...rows.map(mutationOf),
      ...keys.map((key) => definedValue.map((value): Mutation => ({ kind: 'unknown', parameter: key, value }))),
    ),
  );

function applyMutations(request: Request, list: readonly Mutation[]): Request {
  return list.reduce((current, m) => (m.kind === 'delete' ? without(current, m.parameter) : withParam(current, m.parameter, m.value)), request);
}

describe('random mutations of valid requests', () => {
  it('reports exactly the set of mutated parameters (k = 1..4 distinct mutations)', () => {
    fc.assert(
      fc.property(validRequest, mutations, (request, list) => {
        expectStrictEqual(parameterNames(validate(applyMutations(request, list))), [...new Set(list.map((m) => m.parameter))].sort());
      }),
    );
  });

  it('reports exactly the set of mutated parameters when MinIncreaseNodeCount is not in the valid request', () => {
    fc.assert(
      fc.property(validRequest.map((request) => without(request, MIN.name)), mutations, (request, list) => {
        expectStrictEqual(parameterNames(validate(applyMutations(request, list))), [...new Set(list.map((m) => m.parameter))].sort());
      }),
    );
  });
});

describe('all issues are reported, not only the first', () => {
  interface Fault {
    readonly parameter: string;
    readonly apply: (request: Request) => Request;
  }

  function faultOf(p: ReferenceParameter): Fault | undefined {
    if (p.required) return { parameter: p.name, apply: (r) => without(r, p.name) };
    if (p.type === 'boolean') return { parameter: p.name, apply: (r) => withParam(r, p.name, 'true') };
    if (p.validValues !== undefined) {
      const bad = p.type === 'integer' ? Math.max(...p.validValues.map(Number)) + 1 : `${String(p.validValues[0])}-not-valid`;
      return { parameter: p.name, apply: (r) => withParam(r, p.name, bad) };
    }
    // Below the minimum, so no cross-field comparison can be broken by the fault itself.
    if (p.minimum !== undefined) return { parameter: p.name, apply: (r) => withParam(r, p.name, (p.minimum ?? 0) - 1) };
    if (p.type === 'string') return { parameter: p.name, apply: (r) => withParam(r, p.name, 42) };
    return undefined;
  }

  const itemFault = (index: number, field: string, value: unknown): Fault => ({
    parameter: `${LIST.name}.${index + 1}.${field}`,
    apply: (r) => {
      const list = [...(r[LIST.name] as Request[])];
      list[index] = value === undefined ? without(list[index] as Request, field) : { ...list[index], [field]: value };
      return { ...r, [LIST.name]: list };
    },
  });

  const faults: readonly Fault[] = [
    ...parameters.map(faultOf).filter((f): f is Fault => f !== undefined),
    itemFault(0, requiredFields[0] ?? 'ApplicationName', undefined),
    itemFault(0, 'ConfigItemValue', 7),
    itemFault(1, SCOPE.name, 'cluster'),
    itemFault(2, 'Extra', 'x'),
    { parameter: 'AutoRenw', apply: (r) => withParam(r, 'AutoRenw', true) },
  ];

  it('a request with N independent faults has N issues, one on each faulty parameter', () => {
    fc.assert(
      fc.property(validRequestWithConfigs(3), fc.subarray([...faults], { minLength: 1 }), (request, chosen) => {
        const faulty = chosen.reduce((current, fault) => fault.apply(current), request);
        const result = validate(faulty);
        expectStrictEqual(issuesOf(result).map((issue) => issue.parameter).sort(), chosen.map((f) => f.parameter).sort());
      }),
    );
  });

  it(`all ${faults.length} faults at once give ${faults.length} issues`, () => {
    const request = { ...minimalRequest, [LIST.name]: [fixedConfig, fixedConfig, fixedConfig] };
    const result = validate(faults.reduce((current, fault) => fault.apply(current), request));
    expect(result.ok ? 0 : result.issues.length).toBe(faults.length);
  });
});

// ---------------------------------------------------------------------------------------------
// Warnings: NodeGroupId / NodeGroupName take effect only when ConfigScope is NODE_GROUP (absent
// means the reference's default, CLUSTER), and NodeGroupName is ignored next to NodeGroupId.

const NODE_GROUP = 'NODE_GROUP';

function expectedWarnings(request: Request): string[] {
  const list = request[LIST.name];
  if (!Array.isArray(list)) return [];
  return list
    .flatMap((entry: Request, index) => {
      const at = `${LIST.name}.${index + 1}`;
      const scope = entry[SCOPE.name] ?? SCOPE.default;
      const hasId = entry.NodeGroupId !== undefined;
      const hasName = entry.NodeGroupName !== undefined;
      return [
        scope !== NODE_GROUP && hasId ? `${at}.NodeGroupId effectiveOnlyWhen` : '',
        scope !== NODE_GROUP && hasName ? `${at}.NodeGroupName effectiveOnlyWhen` : '',
        hasId && hasName ? `${at}.NodeGroupName ignoredWhenPresent` : '',
      ];
    })
    .filter((line) => line !== '')
    .sort();
}

function warningsOf(result: Result): string[] {
  return result.warnings.map((w) => `${w.parameter} ${w.rule}`).sort();
}

describe('warnings on application configs', () => {
  const one = (config: Request) => ({ ...minimalRequest, [LIST.name]: [config] });

  it.each([
    ['NodeGroupId with ConfigScope absent (CLUSTER by default)', { NodeGroupId: 'ng-1' }, ['ApplicationConfigs.1.NodeGroupId effectiveOnlyWhen']],
    ['NodeGroupId with ConfigScope CLUSTER', { NodeGroupId: 'ng-1', ConfigScope: 'CLUSTER' }, ['ApplicationConfigs.1.NodeGroupId effectiveOnlyWhen']],
    ['NodeGroupName with ConfigScope absent', { NodeGroupName: 'core-1' }, ['ApplicationConfigs.1.NodeGroupName effectiveOnlyWhen']],
    ['NodeGroupName with ConfigScope CLUSTER', { NodeGroupName: 'core-1', ConfigScope: 'CLUSTER' }, ['ApplicationConfigs.1.NodeGroupName effectiveOnlyWhen']],
    [
      'NodeGroupName next to NodeGroupId with ConfigScope NODE_GROUP',
      { NodeGroupId: 'ng-1', NodeGroupName: 'core-1', ConfigScope: 'NODE_GROUP' },
      ['ApplicationConfigs.1.NodeGroupName ignoredWhenPresent'],
    ],
    ['NodeGroupId with ConfigScope NODE_GROUP', { NodeGroupId: 'ng-1', ConfigScope: 'NODE_GROUP' }, []],
    ['NodeGroupName with ConfigScope NODE_GROUP', { NodeGroupName: 'core-1', ConfigScope: 'NODE_GROUP' }, []],
  ])('%s: accepted with exactly the expected warnings', (_name, extra, expected) => {
    const result = validate(one({ ...fixedConfig, ...extra }));
    expect(result.ok).toBe(true);
    expect(warningsOf(result)).toStrictEqual(expected);
  });

  it('warns exactly as the rules say for any valid request, and stays ok', () => {
    fc.assert(
      fc.property(validRequestWithConfigs(1), (request) => {
        const result = validate(request);
        expectSame(result.ok, true);
        expectStrictEqual(warningsOf(result), expectedWarnings(request));
      }),
    );
  });

  it('gives no warning when every item with node-group fields has ConfigScope NODE_GROUP and no NodeGroupName next to NodeGroupId', () => {
    const scoped = fc.oneof(
      validConfig.map((c) => ({ ...without(c, 'NodeGroupName'), [SCOPE.name]: NODE_GROUP })),
      validConfig.map((c) => ({ ...without(c, 'NodeGroupId'), [SCOPE.name]: NODE_GROUP })),
    );
    fc.assert(
      fc.property(validRequest, fc.array(scoped, { minLength: 1, maxLength: 5 }), (request, list) => {
        const result = validate({ ...request, [LIST.name]: list });
        expectSame(result.ok, true);
        expectStrictEqual(result.warnings, []);
      }),
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Robustness: never throws, never mutates.

function expectWellFormed(result: Result): void {
  expectSame(Array.isArray(result.warnings), true);
  if (result.ok) return;
  if (result.issues.length === 0) expect(result.issues.length).toBeGreaterThan(0);
  for (const issue of result.issues) if (!documentedCodes.includes(issue.code)) expect(documentedCodes).toContain(issue.code);
}

function checkUntouched(input: unknown): void {
  const before = reachable(input);
  const result = validate(input);
  expectSame(unchangedSince(input, before), true, 'the input is unchanged');
  expectWellFormed(result);
}

describe('robustness', () => {
  it('returns a well-formed result and leaves the input unchanged for any input', () => {
    fc.assert(fc.property(hostile, (input) => checkUntouched(input)));
  });

  it.each(parameters.map((p) => p.name))('returns a well-formed result and leaves the input unchanged for any value of %s', (name) => {
    fc.assert(fc.property(validRequest, hostile, (request, value) => checkUntouched(withParam(request, name, value))));
  });

  it.each(fields.map((f) => f.name))(`returns a well-formed result and leaves the input unchanged for any value of ${LIST.name}.n.%s`, (name) => {
    fc.assert(fc.property(validRequestWithConfigs(1), fc.nat(), hostile, (request, n, value) => checkUntouched(withItemField(request, n, name, value).request)));
  });

  it('an unconvertible ConfigScope next to NodeGroupId does not hide the issues after it', () => {
    const request = {
      ...minimalRequest,
      [MIN.name]: 0,
      [LIST.name]: [{ ...fixedConfig, NodeGroupId: 'ng-1', [SCOPE.name]: Object.create(null) as unknown }],
    };
    const byParameter = (a: Expected, b: Expected) => a.parameter.localeCompare(b.parameter);
    expect(issuesOf(validate(request)).sort(byParameter)).toStrictEqual(
      [item(0, SCOPE.name, INVALID_VALUE), top(MIN.name, INVALID_VALUE)].sort(byParameter),
    );
  });

  it('returns one issue instead of throwing when reading the request throws', () => {
    const trap = new Proxy({ ...minimalRequest }, {
      get() {
        throw new Error('trap');
      },
    });
    const result = validate(trap);
    expect(result.ok).toBe(false);
    expect(issuesOf(result).map((issue) => issue.code)).toStrictEqual([INVALID_VALUE]);
  });
});

// ---------------------------------------------------------------------------------------------
// Issues as data: what the fast paths of the validator must not change.

/** Levenshtein distance, the textbook table: the oracle for the validator's bit-parallel one. */
function levenshtein(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    previous = current;
  }
  return previous[b.length]!;
}

/** The suggestion the brief asks for: a known name differing only in case, else the first nearest within two edits. */
function expectedSuggestion(key: string): string | undefined {
  let best: string | undefined;
  let bestDistance = 3;
  for (const name of knownNames) {
    const distance = name.toLowerCase() === key.toLowerCase() ? 0 : levenshtein(key, name);
    if (distance < bestDistance) [best, bestDistance] = [name, distance];
  }
  return best;
}

/** A known name with up to three random edits (insert, delete or replace), so some land within two edits and some do not. */
const misspelt: fc.Arbitrary<string> = fc
  .tuple(fc.constantFrom(...knownNames), fc.array(fc.tuple(fc.constantFrom('insert', 'delete', 'replace'), fc.nat(), fc.constantFrom(...'aeiouNRdxé_')), { maxLength: 3 }))
  .map(([name, edits]) =>
    edits.reduce((text, [edit, at, char]) => {
      const i = at % (text.length + 1);
      if (edit === 'insert') return text.slice(0, i) + char + text.slice(i);
      if (edit === 'delete') return text.slice(0, i) + text.slice(i + 1);
      return text.slice(0, i) + char + text.slice(i + 1);
    }, name),
  )
  .filter((key) => !knownNames.has(key));

/** The issues as the validator returns them, messages and all. */
function rawIssues(result: Result): readonly ValidationIssue[] {
  return result.ok ? [] : result.issues;
}

describe('issues as data', () => {
  it('suggests exactly the known name the textbook edit distance finds within two edits, or none', () => {
    fc.assert(
      fc.property(validRequest, fc.oneof(misspelt, unknownKey), (request, key) => {
        const [issue] = rawIssues(validate(withParam(request, key, 1)));
        const suggestion = expectedSuggestion(key);
        if (suggestion === undefined) expect(issue!.message).not.toContain('Did you mean');
        else expect(issue!.message).toContain(`Did you mean ${suggestion}?`);
      }),
    );
  });

  it('names the item 1-based in the message of an issue inside a list', () => {
    const request = { ...minimalRequest, [LIST.name]: [fixedConfig, fixedConfig, { ...fixedConfig, [SCOPE.name]: 'EVERYWHERE' }] };
    const [issue] = rawIssues(validate(request));
    expect(issue!.message).toContain(`${LIST.name}.3.${SCOPE.name}`);
  });

  it('hands out issues that cannot be changed, so one result cannot alter a later one', () => {
    const request = { ...minimalRequest, [COUNT.name]: 0 };
    const [first] = rawIssues(validate(request));
    expect(() => Object.assign(first!, { message: 'changed' })).toThrow(TypeError);
    expect(() => (first!.path as unknown[]).push('changed')).toThrow(TypeError);
    const [second] = rawIssues(validate(request));
    expect(second!.message).not.toBe('changed');
    expect(second!.path).toStrictEqual([COUNT.name]);
  });

  it('treats a parameter that is not an own enumerable property as absent, as the codec does when it sends the request', () => {
    const request = Object.defineProperty({ ...minimalRequest }, 'RegionId', { value: 'cn-hangzhou', enumerable: false });
    expect(issuesOf(validate(request))).toStrictEqual([top('RegionId', MISSING)]);
    expect(toIncreaseNodesQuery(request as never).map(([name]) => name)).not.toContain('RegionId');
  });

  it('keeps a validation run from a getter, in the middle of another, apart from it', () => {
    // A clean validation first, so the walk below starts from a reused checker.
    expectAccepted(validate({ ...minimalRequest }));
    let inner: Result | undefined;
    const request = Object.defineProperty({ ...minimalRequest }, 'ClusterId', {
      enumerable: true,
      get: () => {
        inner = validate({ ...minimalRequest, [COUNT.name]: 0 });
        return 'c-b933c5aac8fe****';
      },
    });
    expectAccepted(validate(request));
    expect(issuesOf(inner!)).toStrictEqual([top(COUNT.name, INVALID_VALUE)]);
    expectAccepted(validate({ ...minimalRequest }));
    expect(issuesOf(validate({ ...minimalRequest, [MIN.name]: 0 }))).toStrictEqual([top(MIN.name, INVALID_VALUE)]);
  });

  it('treats an inherited parameter as absent, as the codec does', () => {
    const request = Object.assign(Object.create({ RegionId: 'cn-hangzhou' }) as Request, without(minimalRequest, 'RegionId'));
    expect(issuesOf(validate(request))).toStrictEqual([top('RegionId', MISSING)]);
    expect(toIncreaseNodesQuery(request as never).map(([name]) => name)).not.toContain('RegionId');
  });
});

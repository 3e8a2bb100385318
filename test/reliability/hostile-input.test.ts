/**
 * Hostile input for the generated validators and the query decoder: whatever a caller (or a
 * client on the other end of a mock) hands them, they answer with a well-formed result — issues or
 * acceptance — and never throw, hang, mutate the input or touch Object.prototype. The regular
 * expressions in generated/ are checked against their worst-case strings.
 *
 * No verdict depends on how fast the machine is: where a case is about cost, the work is counted
 * (list items read, steps of a backtracking matcher), never timed.
 *
 * Sizes: each property runs 100,000 cases (the global seed of test/support/fast-check-setup.ts
 * applies; replay a failure with FC_SEED/FC_PATH). RELIABILITY_SCALE=<n> (default 1) multiplies the
 * property runs, e.g. RELIABILITY_SCALE=10 npx vitest run test/reliability/hostile-input.test.ts
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import fc from 'fast-check';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ERROR_CODES,
  formatIssues,
  fromIncreaseNodesQuery,
  toIncreaseNodesQuery,
  validateErrorResponse,
  validateIncreaseNodesRequest,
  validateIncreaseNodesResponse,
  type IncreaseNodesRequest,
  type QueryPair,
} from '../../generated/index.js';
import { reachable, unchangedSince } from '../support/reachable.js';
import { costed, type CostedPattern } from '../support/regex-cost.js';

const SCALE = Math.max(1, Number(process.env['RELIABILITY_SCALE'] ?? 1) || 1);
const PROPERTY_RUNS = 100_000 * SCALE;
/** How long a 100,000-run property may take before it counts as hung: a hang detector, never a speed verdict. */
const HANG_MS = 10 * 60_000 * SCALE;

const VALID_CONFIG = { ApplicationName: 'HDFS', ConfigFileName: 'hdfs-site.xml', ConfigItemKey: 'dfs.namenode.checkpoint.period' } as const;
const VALID: IncreaseNodesRequest = { RegionId: 'cn-hangzhou', ClusterId: 'c-b933c5aac8fe****', NodeGroupId: 'ng-869471354ecd****', IncreaseNodeCount: 3 };
const VALID_PAIRS: QueryPair[] = [
  ['RegionId', 'cn-hangzhou'],
  ['ClusterId', 'c-1'],
  ['NodeGroupId', 'ng-1'],
  ['IncreaseNodeCount', '3'],
];
const KINDS = new Set(['missing', 'type', 'range', 'enum', 'size', 'unknown', 'rule']);
/** A request's issues carry the service's documented codes. */
const REQUEST_CODES: ReadonlySet<string> = new Set<string>(ERROR_CODES);
/** An answer's (a response's, an error body's) issues carry one code of their own: the service's codes judge requests. */
const ANSWER_CODES: ReadonlySet<string> = new Set(['InvalidResponse']);
const TEN_MB = 10 * 1024 * 1024;

// ---------------------------------------------------------------------------------------------
// What "well-formed" and "untouched" mean, checked without vitest's expect so that 100,000 runs stay fast.

/** Why a validation result is not well-formed, or undefined when it is. */
function malformed({ result, input, codes = REQUEST_CODES }: { result: unknown; input: unknown; codes?: ReadonlySet<string> }): string | undefined {
  if (typeof result !== 'object' || result === null) return 'the result is not an object';
  const r = result as Record<string, unknown>;
  if (!Array.isArray(r['warnings'])) return 'warnings is not a list';
  for (const w of r['warnings'] as unknown[]) {
    const warning = w as Record<string, unknown>;
    if (typeof warning['rule'] !== 'string' || typeof warning['parameter'] !== 'string' || typeof warning['message'] !== 'string' || !isPath(warning['path'])) {
      return `a malformed warning: ${safeJson(w)}`;
    }
  }
  if (r['ok'] === true) {
    if ('request' in r || r['value'] === input) return undefined;
    // A field set to null or undefined is absent: the value is then the input without it, and holds none.
    if (canonical(r['value']) !== canonical(input)) return `an accepted input is returned as another value: ${safeJson(r['value'])}`;
    if (holdsAbsent(r['value'])) return `an accepted value still holds a null or undefined field: ${safeJson(r['value'])}`;
    if (!holdsAbsent(input)) return 'an accepted input with no absent field is not returned as the value';
    return undefined;
  }
  if (r['ok'] !== false) return `ok is ${String(r['ok'])}`;
  const issues = r['issues'];
  if (!Array.isArray(issues) || issues.length === 0) return 'a rejection without issues';
  for (const i of issues as unknown[]) {
    const issue = i as Record<string, unknown>;
    if (!codes.has(issue['code'] as string)) return `an issue with a code that is not its validator's: ${safeJson(i)}`;
    if (!KINDS.has(issue['kind'] as string)) return `an issue with an unknown kind: ${safeJson(i)}`;
    if (typeof issue['parameter'] !== 'string') return `an issue without a parameter name: ${safeJson(i)}`;
    if (!isPath(issue['path'])) return `an issue with a malformed path: ${safeJson(i)}`;
    if (typeof issue['message'] !== 'string' || issue['message'] === '') return `an issue without a message: ${safeJson(i)}`;
    if (issue['limit'] !== undefined && (typeof issue['limit'] !== 'object' || issue['limit'] === null)) return `an issue with a malformed limit: ${safeJson(i)}`;
  }
  // Whatever was found must also print for people.
  if (typeof formatIssues(issues as never) !== 'string') return 'formatIssues did not return text';
  return undefined;
}

/**
 * Plain data (no getter, no proxy) can always be read, so an issue at the root of an object means
 * the validator itself threw half-way and lost whatever it would have found after that point.
 */
function threwInside(result: unknown, input: unknown): string | undefined {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return undefined;
  const r = result as { ok: boolean; issues?: readonly { path: readonly unknown[]; message: string }[] };
  const root = r.ok ? undefined : r.issues!.find((issue) => issue.path.length === 0);
  return root === undefined ? undefined : `the validator threw on plain data: ${root.message}`;
}

function isPath(path: unknown): boolean {
  return Array.isArray(path) && path.every((segment) => typeof segment === 'string' || (typeof segment === 'number' && Number.isInteger(segment) && segment >= 0));
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value)?.slice(0, 300) ?? String(value);
  } catch {
    return '(unprintable)';
  }
}

/** Runs a validator; a throw becomes a problem to report, not a crash of the property. */
function attempt<T>(run: () => T): { result?: T; threw?: unknown } {
  try {
    return { result: run() };
  } catch (threw) {
    return { threw };
  }
}

/** Index keys are written bare (a million-item list digests twice as fast); every other string key is quoted, so none can be taken for another. */
const ARRAY_INDEX = /^(?:0|[1-9][0-9]*)$/;
const BUILTIN_PROTOTYPES = new Map<unknown, string>([
  [null, 'null'],
  [Object.prototype, 'Object.prototype'],
  [Array.prototype, 'Array.prototype'],
  [Function.prototype, 'Function.prototype'],
]);

/**
 * A digest of everything reachable from a value — prototypes, extensibility, every own property's
 * descriptor — read without calling a getter, iteratively (deep nesting), cycles included. An
 * `opaque` object counts by its identity alone: its writes are counted where it was made.
 */
function structuralDigest(root: unknown, opaque: ReadonlySet<object> = new Set()): string {
  const hash = createHash('sha256');
  const ids = new Map<object, number>();
  const queue: object[] = [];
  let parts: string[] = [];
  const flush = () => {
    hash.update(parts.join('\n'));
    parts = [];
  };
  const ref = (value: unknown): string => {
    if ((typeof value === 'object' && value !== null) || typeof value === 'function') {
      const builtin = BUILTIN_PROTOTYPES.get(value);
      if (builtin !== undefined) return builtin;
      let id = ids.get(value);
      if (id === undefined) {
        id = ids.size;
        ids.set(value, id);
        if (!opaque.has(value)) queue.push(value);
      }
      return `#${id}`;
    }
    if (typeof value === 'string') return `s${value.length}:${value}`;
    if (typeof value === 'symbol') return `y:${String(value)}`;
    if (typeof value === 'number' && Object.is(value, -0)) return 'n:-0';
    return `${typeof value}:${String(value)}`;
  };
  parts.push(ref(root));
  for (let index = 0; index < queue.length; index++) {
    const object = queue[index]!;
    try {
      parts.push(`@${index} proto=${ref(Object.getPrototypeOf(object))} extensible=${Object.isExtensible(object)}`);
      for (const key of Reflect.ownKeys(object)) {
        const d = Object.getOwnPropertyDescriptor(object, key)!;
        const how = 'value' in d ? `=${ref(d.value)} w${Number(d.writable)}` : ` get=${ref(d.get)} set=${ref(d.set)}`;
        parts.push(`${typeof key === 'symbol' ? String(key) : ARRAY_INDEX.test(key) ? key : JSON.stringify(key)} e${Number(d.enumerable)} c${Number(d.configurable)}${how}`);
        if (parts.length > 4096) flush();
      }
    } catch (error) {
      // A throwing or revoked proxy: its target is observed separately.
      parts.push(`@${index} unreadable: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  flush();
  return `${ids.size}:${hash.digest('hex')}`;
}

/** Own keys of the prototypes a pollution attack aims at. */
function prototypeKeys(): string[] {
  return [Object.prototype, Array.prototype, Function.prototype, String.prototype].map((proto) => Reflect.ownKeys(proto).map(String).sort().join(','));
}

const PROTOTYPES_BEFORE = prototypeKeys();
function expectPrototypesUntouched(): void {
  expect(prototypeKeys()).toEqual(PROTOTYPES_BEFORE);
  const probe = {} as Record<string, unknown>;
  for (const name of ['x', 'y', 'z', 'polluted', 'ApplicationName']) expect(probe[name], `Object.prototype.${name}`).toBeUndefined();
}

// ---------------------------------------------------------------------------------------------
// Properties

const HOSTILE_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'hasOwnProperty', 'RegionId', 'ApplicationConfigs', 'ConfigScope', 'IncreaseNodeCount', '', 'length'];
const hostileKey = fc.oneof(fc.string(), fc.constantFrom(...HOSTILE_KEYS));
const ANYTHING_OPTIONS = {
  key: hostileKey,
  withBigInt: true,
  withBoxedValues: true,
  withDate: true,
  withMap: true,
  withNullPrototype: true,
  withObjectString: true,
  withSet: true,
  withSparseArray: true,
  withTypedArray: true,
  withUnicodeString: true,
} as const;
const anything = fc.anything(ANYTHING_OPTIONS);
/** Shallower, for the many value positions of one request: the validator never walks deeper than a parameter. */
const anyValue = fc.anything({ ...ANYTHING_OPTIONS, maxDepth: 1, maxKeys: 3 });

/** Each parameter either valid, or anything at all; lists of configurations whose fields are anything. */
const maybe = <T>(valid: fc.Arbitrary<T>) => fc.oneof({ arbitrary: valid, weight: 3 }, { arbitrary: anyValue, weight: 1 });
const hostileConfig = fc.oneof(
  { arbitrary: anyValue, weight: 1 },
  {
    arbitrary: fc.record(
      {
        ApplicationName: maybe(fc.string()),
        ConfigFileName: maybe(fc.string()),
        ConfigItemKey: maybe(fc.string()),
        ConfigItemValue: maybe(fc.string()),
        ConfigScope: maybe(fc.constantFrom('CLUSTER', 'NODE_GROUP')),
        NodeGroupId: maybe(fc.string()),
        NodeGroupName: maybe(fc.string()),
      },
      { requiredKeys: ['ApplicationName', 'ConfigFileName', 'ConfigItemKey'] },
    ),
    weight: 4,
  },
);
const hostileRequest = fc
  .tuple(
    fc.record(
      {
        RegionId: maybe(fc.string()),
        ClusterId: maybe(fc.string()),
        NodeGroupId: maybe(fc.string()),
        IncreaseNodeCount: maybe(fc.integer({ min: 1, max: 500 })),
        AutoPayOrder: maybe(fc.boolean()),
        AutoRenew: maybe(fc.boolean()),
        PaymentDuration: maybe(fc.constantFrom(1, 2, 3, 12, 60)),
        PaymentDurationUnit: maybe(fc.constant('Month')),
        ApplicationConfigs: fc.oneof({ arbitrary: fc.array(hostileConfig, { maxLength: 4 }), weight: 3 }, { arbitrary: anyValue, weight: 1 }),
        MinIncreaseNodeCount: maybe(fc.integer({ min: 1, max: 500 })),
      },
      { requiredKeys: ['RegionId', 'ClusterId', 'NodeGroupId', 'IncreaseNodeCount'] },
    ),
    fc.dictionary(hostileKey, anyValue, { maxKeys: 2 }),
  )
  .map(([request, extra]) => {
    // Extra keys are defined, not assigned, so a generated `__proto__` is an own key as it would be from JSON.parse.
    for (const [key, value] of Object.entries(extra)) Object.defineProperty(request, key, { value, enumerable: true, writable: true, configurable: true });
    return request as Record<string, unknown>;
  });

/** Query names built from the shape's own names, list indices of every sort, and hostile segments. */
const segment = fc.oneof(
  fc.constantFrom('RegionId', 'ClusterId', 'NodeGroupId', 'IncreaseNodeCount', 'AutoPayOrder', 'PaymentDuration', 'ApplicationConfigs', 'MinIncreaseNodeCount'),
  fc.constantFrom('ApplicationName', 'ConfigFileName', 'ConfigItemKey', 'ConfigItemValue', 'ConfigScope', 'NodeGroupName'),
  fc.constantFrom('1', '2', '1000', '1001', '0', '01', '-1', '1e3', '1.5', ' 1', '4294967296', '9007199254740993', `1${'0'.repeat(400)}`, ''),
  fc.nat().map(String),
  fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'length'),
  fc.string(),
);
const queryName = fc.oneof(fc.string({ unit: 'binary' }), fc.array(segment, { minLength: 1, maxLength: 6 }).map((parts) => parts.join('.')));
const queryValue = fc.oneof(fc.string({ unit: 'binary' }), fc.constantFrom('true', 'false', '3', '0', '-0', '3.0', ' 3', '0x3', '1e2', 'NODE_GROUP', 'Month', ''));
const queryPairs = fc.array(fc.tuple(queryName, queryValue), { maxLength: 24 });
/** The optional scalars with values the decoder must carry exactly ('false' included). */
const optionalPair = fc.constantFrom<QueryPair>(
  ['AutoPayOrder', 'true'],
  ['AutoPayOrder', 'false'],
  ['AutoRenew', 'true'],
  ['AutoRenew', 'false'],
  ['PaymentDuration', '12'],
  ['PaymentDurationUnit', 'Month'],
  ['MinIncreaseNodeCount', '1'],
);
const configText = fc.string({ unit: 'binary', minLength: 1 });
const configPairs = fc
  .array(
    fc.record(
      { ApplicationName: configText, ConfigFileName: configText, ConfigItemKey: configText, ConfigItemValue: fc.string({ unit: 'binary' }), ConfigScope: fc.constantFrom('CLUSTER', 'NODE_GROUP') },
      { requiredKeys: ['ApplicationName', 'ConfigFileName', 'ConfigItemKey'] },
    ),
    { maxLength: 3 },
  )
  .map((list) => list.flatMap((config, index) => Object.entries(config).map(([field, value]): QueryPair => [`ApplicationConfigs.${index + 1}.${field}`, value])));
/**
 * Random pairs are almost never accepted with an optional parameter in them, so a decoder that
 * changed one (read 'false' as true) would go unseen: these queries are valid but for a few
 * hostile pairs at most, so many are accepted and carry every kind of value.
 */
const mostlyValidQuery = fc
  .tuple(fc.uniqueArray(optionalPair, { selector: ([name]) => name }), configPairs, fc.array(fc.tuple(queryName, queryValue), { maxLength: 2 }))
  .map(([optional, configs, hostile]) => [...VALID_PAIRS, ...optional, ...configs, ...hostile]);
const queryInput = fc.oneof(
  queryPairs,
  queryPairs.map((pairs) => new URLSearchParams(pairs)),
  queryPairs.map((pairs) => Object.fromEntries(pairs) as Record<string, string>),
  queryPairs.map((pairs) => [...VALID_PAIRS, ...pairs]),
  mostlyValidQuery,
  mostlyValidQuery.map((pairs) => new URLSearchParams(pairs.map(([name, value]): [string, string] => [name, value]))),
);

/** Whether an object somewhere in plain data has an own key holding null or undefined. */
function holdsAbsent(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(holdsAbsent);
  if (typeof value !== 'object' || value === null) return false;
  return Object.values(value).some((member) => member == null || holdsAbsent(member));
}

/** Plain data as text with sorted keys, undefined and null members left out (absent, as the validator and the wire read them). */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (typeof value !== 'object' || value === null) return JSON.stringify(value) ?? 'undefined';
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record).filter((key) => record[key] !== undefined && record[key] !== null).sort();
  return `{${keys.map((key) => `${JSON.stringify(key)}:${canonical(record[key])}`).join(',')}}`;
}

const sortedPairs = (pairs: Iterable<readonly [string, string]>) => JSON.stringify([...pairs].map(([name, value]) => `${name}=${value}`).sort());

describe(`properties (${PROPERTY_RUNS.toLocaleString('en')} runs each)`, () => {
  const figures: string[] = [];
  afterAll(() => console.log(`[reliability] hostile-input properties: ${figures.join('; ')}`));

  it('fc.anything() as a whole request, response or error body: never a throw (outside or inside), always a well-formed result, input and prototypes untouched', () => {
    let accepted = 0;
    fc.assert(
      fc.property(anything, (input) => {
        const before = reachable(input);
        for (const [validate, codes] of [[validateIncreaseNodesRequest, REQUEST_CODES], [validateIncreaseNodesResponse, ANSWER_CODES], [validateErrorResponse, ANSWER_CODES]] as const) {
          const { result, threw } = attempt(() => validate(input));
          if (threw !== undefined) throw new Error(`${validate.name} threw ${String(threw)}`);
          const problem = malformed({ result, input, codes }) ?? threwInside(result, input);
          if (problem !== undefined) throw new Error(`${validate.name}: ${problem}`);
          if (result!.ok) accepted++;
        }
        if (!unchangedSince(input, before)) throw new Error('the input was changed');
        if (Object.keys(Object.prototype).length !== 0) throw new Error('Object.prototype has a new enumerable key');
      }),
      { numRuns: PROPERTY_RUNS },
    );
    expectPrototypesUntouched();
    figures.push(`anything: ${PROPERTY_RUNS} cases x 3 validators, ${accepted} accepted`);
  }, HANG_MS);

  it('anything as parameter values (and extra hostile keys): never a throw (outside or inside), well-formed, and what is accepted round-trips through the wire', () => {
    let accepted = 0;
    fc.assert(
      fc.property(hostileRequest, (input) => {
        const before = reachable(input);
        const { result, threw } = attempt(() => validateIncreaseNodesRequest(input));
        if (threw !== undefined) throw new Error(`the validator threw ${String(threw)}`);
        const problem = malformed({ result, input }) ?? threwInside(result, input);
        if (problem !== undefined) throw new Error(problem);
        if (result!.ok) {
          accepted++;
          // An accepted request must be one the wire can carry and a server read back as valid: the very request, not merely a valid one.
          const decoded = fromIncreaseNodesQuery(toIncreaseNodesQuery(result!.value));
          if (!decoded.ok) throw new Error(`accepted, yet its own query is refused: ${formatIssues(decoded.issues)}`);
          if (canonical(decoded.value) !== canonical(result!.value)) throw new Error(`accepted, but the wire carries ${canonical(decoded.value)} instead of ${canonical(result!.value)}`);
        }
        if (!unchangedSince(input, before)) throw new Error('the input was changed');
      }),
      { numRuns: PROPERTY_RUNS },
    );
    expectPrototypesUntouched();
    expect(accepted).toBeGreaterThan(0);
    figures.push(`anything as values: ${PROPERTY_RUNS} cases, ${accepted} accepted`);
  }, HANG_MS);

  it('fromIncreaseNodesQuery on pair lists of arbitrary strings (arrays, URLSearchParams, records): never a throw, well-formed, no pollution, and an accepted query loses no pair', () => {
    let accepted = 0;
    fc.assert(
      fc.property(queryInput, (input) => {
        const { result, threw } = attempt(() => fromIncreaseNodesQuery(input));
        if (threw !== undefined) throw new Error(`fromIncreaseNodesQuery threw ${String(threw)}`);
        const problem = malformed({ result, input: undefined });
        if (problem !== undefined) throw new Error(problem);
        const request = result!.request;
        if (typeof request !== 'object' || request === null || Array.isArray(request)) throw new Error('request is not an object');
        if (Object.getPrototypeOf(request) !== Object.prototype) throw new Error('request has another prototype');
        const list = Object.hasOwn(request, 'ApplicationConfigs') ? request['ApplicationConfigs'] : undefined;
        if (Array.isArray(list) && list.length > 1000) throw new Error(`a list of ${list.length} items was built`);
        if (result!.ok) {
          accepted++;
          // Strict reading loses nothing: what is accepted is exactly what was received, pair for pair.
          const received = sortedPairs(input instanceof URLSearchParams || Array.isArray(input) ? [...input] : Object.entries(input));
          const carried = sortedPairs(toIncreaseNodesQuery(result!.value));
          if (received !== carried) throw new Error(`accepted, but the request carries ${carried} instead of ${received}`);
        }
        if (Object.keys(Object.prototype).length !== 0) throw new Error('Object.prototype has a new enumerable key');
      }),
      { numRuns: PROPERTY_RUNS },
    );
    expectPrototypesUntouched();
    figures.push(`query pairs: ${PROPERTY_RUNS} cases, ${accepted} accepted`);
  }, HANG_MS);
});

// ---------------------------------------------------------------------------------------------
// Hand-picked hostile requests

type Want = 'valid' | ReadonlyArray<readonly [parameter: string, code: string]>;
interface Given {
  readonly input: unknown;
  /** What to snapshot before/after, when more than the input (a proxy's target). */
  readonly observe?: unknown;
  /** Getter read counts, keyed by parameter. */
  readonly reads?: Record<string, number>;
  /**
   * Reads of the items of a list the validator must not walk (its size alone decides), counted by a
   * proxy: the work is counted rather than timed, so the verdict is the same on a loaded machine.
   */
  readonly itemReads?: () => number;
  /**
   * A proxy that counts every write made through it: the digest takes it by identity instead of
   * walking it (a million items took seconds to digest), and the test wants no write at all.
   */
  readonly counted?: { readonly proxy: object; readonly writes: () => number };
}

/** A copy of `base` with extra own keys, defined (so `__proto__` is a key, as JSON.parse makes it). */
const withKeys = (base: object, entries: ReadonlyArray<readonly [string, unknown]>) => {
  const copy: Record<string, unknown> = { ...base };
  for (const [key, value] of entries) Object.defineProperty(copy, key, { value, enumerable: true, writable: true, configurable: true });
  return copy;
};
const deepFreeze = <T>(value: T): T => {
  if (typeof value === 'object' && value !== null) {
    for (const key of Reflect.ownKeys(value)) deepFreeze((value as Record<string | symbol, unknown>)[key]);
    Object.freeze(value);
  }
  return value;
};
const nested = (depth: number, make: (inner: unknown) => unknown, leaf: unknown = 'bottom') => {
  let value = leaf;
  for (let i = 0; i < depth; i++) value = make(value);
  return value;
};
const throwingProxy = (target: object, traps: (keyof ProxyHandler<object>)[]) => {
  const handler: ProxyHandler<object> = {};
  for (const trap of traps) {
    (handler as Record<string, unknown>)[trap] = () => {
      throw new Error(`trap ${trap} refused`);
    };
  }
  return new Proxy(target, handler);
};
const ALL_TRAPS: (keyof ProxyHandler<object>)[] = ['ownKeys', 'get', 'has', 'getOwnPropertyDescriptor', 'getPrototypeOf', 'defineProperty', 'set', 'deleteProperty', 'isExtensible', 'preventExtensions', 'setPrototypeOf'];
/** A proxied input, observed together with the proxy's target (a throwing proxy cannot be walked itself). */
const proxied = (target: object, wrap: (target: object) => unknown): Given => {
  const input = wrap(target);
  return { input, observe: [input, target] };
};
const revoked = () => {
  const { proxy, revoke } = Proxy.revocable({ ...VALID_CONFIG }, {});
  revoke();
  return proxy;
};
const unreadable = [['', 'InvalidParameterValue']] as const;
/** An error that cannot be asked its name. */
class NamelessError extends Error {
  override get name(): string {
    throw new Error('name refused');
  }
}
/**
 * A list (or array-like) whose item reads and writes are counted. Every trap passes on to the
 * target, so it behaves as its target; only the proxy is reachable, so no write can bypass the count.
 */
const countingItemReads = (target: object): Given => {
  let reads = 0;
  let writes = 0;
  const list = new Proxy(target, {
    get(object, key, receiver) {
      if (typeof key === 'string' && ARRAY_INDEX.test(key)) reads++;
      return Reflect.get(object, key, receiver);
    },
    set: (object, key, value, receiver) => (writes++, Reflect.set(object, key, value, receiver)),
    defineProperty: (object, key, descriptor) => (writes++, Reflect.defineProperty(object, key, descriptor)),
    deleteProperty: (object, key) => (writes++, Reflect.deleteProperty(object, key)),
    setPrototypeOf: (object, prototype) => (writes++, Reflect.setPrototypeOf(object, prototype)),
    preventExtensions: (object) => (writes++, Reflect.preventExtensions(object)),
  });
  return { input: { ...VALID, ApplicationConfigs: list }, itemReads: () => reads, counted: { proxy: list, writes: () => writes } };
};

const CASES: ReadonlyArray<readonly [name: string, given: () => Given, want: Want]> = [
  ['an own __proto__ key from JSON.parse', () => ({ input: JSON.parse(`{"RegionId":"cn-hangzhou","ClusterId":"c","NodeGroupId":"ng","IncreaseNodeCount":3,"__proto__":{"polluted":1}}`) }), [['__proto__', 'InvalidParameter']]],
  [
    'an own __proto__ key inside an ApplicationConfig (JSON.parse)',
    () => ({ input: { ...VALID, ApplicationConfigs: [JSON.parse(`{"ApplicationName":"a","ConfigFileName":"b","ConfigItemKey":"c","__proto__":{"ApplicationName":1}}`)] } }),
    [['ApplicationConfigs.1.__proto__', 'InvalidParameter']],
  ],
  ['constructor and prototype keys', () => ({ input: withKeys(VALID, [['constructor', { prototype: { polluted: 1 } }], ['prototype', {}]]) }), [['constructor', 'InvalidParameter'], ['prototype', 'InvalidParameter']]],
  ['a __proto__ key holding a valid request (its parameters are not inherited)', () => ({ input: withKeys({}, [['__proto__', { ...VALID }]]) }), [['__proto__', 'InvalidParameter'], ['RegionId', 'MissingParameter'], ['ClusterId', 'MissingParameter'], ['NodeGroupId', 'MissingParameter'], ['IncreaseNodeCount', 'MissingParameter']]],
  ['parameters only inherited from a prototype', () => ({ input: Object.create(VALID) }), [['RegionId', 'MissingParameter'], ['ClusterId', 'MissingParameter'], ['NodeGroupId', 'MissingParameter'], ['IncreaseNodeCount', 'MissingParameter']]],
  ['a request with a null prototype', () => ({ input: Object.assign(Object.create(null), VALID) }), 'valid'],
  ['an ApplicationConfig with a null prototype', () => ({ input: { ...VALID, ApplicationConfigs: [Object.assign(Object.create(null), VALID_CONFIG)] } }), 'valid'],
  ['a deeply frozen valid request', () => ({ input: deepFreeze({ ...VALID, ApplicationConfigs: [{ ...VALID_CONFIG }] }) }), 'valid'],
  ['a frozen invalid request with a frozen list', () => ({ input: deepFreeze({ ...VALID, IncreaseNodeCount: 0, ApplicationConfigs: [{ ...VALID_CONFIG, ConfigScope: 'EVERYWHERE' }] }) }), [['IncreaseNodeCount', 'InvalidParameterValue'], ['ApplicationConfigs.1.ConfigScope', 'InvalidParameterValue']]],
  ['a sealed, non-extensible request', () => ({ input: Object.seal(Object.preventExtensions({ ...VALID })) }), 'valid'],
  ['a sparse ApplicationConfigs with a hole first', () => ({ input: { ...VALID, ApplicationConfigs: [, { ...VALID_CONFIG }] } }), [['ApplicationConfigs.1', 'MissingParameter']]],
  ['an ApplicationConfigs of three holes', () => ({ input: { ...VALID, ApplicationConfigs: new Array(3) } }), [['ApplicationConfigs.1', 'MissingParameter'], ['ApplicationConfigs.2', 'MissingParameter'], ['ApplicationConfigs.3', 'MissingParameter']]],
  [
    'getters for every parameter (each read exactly once)',
    () => {
      const reads: Record<string, number> = {};
      const input = {};
      const config = {};
      const define = ({ target, key, value, label }: { target: object; key: string; value: unknown; label: string }) => {
        reads[label] = 0;
        Object.defineProperty(target, key, {
          enumerable: true,
          get: () => {
            reads[label]!++;
            return value;
          },
        });
      };
      for (const [key, value] of Object.entries(VALID_CONFIG)) define({ target: config, key, value, label: `ApplicationConfigs.1.${key}` });
      for (const [key, value] of Object.entries({ ...VALID, AutoPayOrder: true, ApplicationConfigs: [config] })) define({ target: input, key, value, label: key });
      return { input, reads };
    },
    'valid',
  ],
  [
    // The value leaves AutoRenew out, so it is a copy, which reads ClusterId again: the copy is what is judged.
    'a null field beside a getter that answers otherwise on a second read',
    () => {
      let reads = 0;
      return { input: Object.defineProperty({ ...VALID, AutoRenew: null }, 'ClusterId', { enumerable: true, get: () => (reads++ === 0 ? 'c-1' : 42) }) };
    },
    [['ClusterId', 'InvalidParameterValue']],
  ],
  [
    'a null field beside a getter that throws when it is read a second time (for the copy)',
    () => {
      let reads = 0;
      return {
        input: Object.defineProperty({ ...VALID, AutoRenew: null }, 'ClusterId', {
          enumerable: true,
          get: () => {
            if (reads++ > 0) throw new Error('read once only');
            return 'c-1';
          },
        }),
      };
    },
    unreadable,
  ],
  [
    'a getter that throws',
    () => ({
      input: Object.defineProperty({ ...VALID }, 'ClusterId', {
        enumerable: true,
        get() {
          throw new Error('getter refused');
        },
      }),
    }),
    unreadable,
  ],
  [
    'a getter that throws inside an ApplicationConfig',
    () => ({
      input: {
        ...VALID,
        ApplicationConfigs: [
          Object.defineProperty({ ...VALID_CONFIG }, 'ConfigItemKey', {
            enumerable: true,
            get() {
              throw new TypeError('getter refused');
            },
          }),
        ],
      },
    }),
    unreadable,
  ],
  // What a getter throws is named in the issue: the thrown value itself must not throw when it is looked at.
  ['a getter that throws a revoked Proxy', () => ({ input: Object.defineProperty({ ...VALID }, 'ClusterId', { enumerable: true, get: () => { throw revoked(); } }) }), unreadable],
  ['a getter that throws an error whose name getter throws', () => ({ input: Object.defineProperty({ ...VALID }, 'ClusterId', { enumerable: true, get: () => { throw new NamelessError(); } }) }), unreadable],
  ['a Proxy that throws on ownKeys', () => proxied({ ...VALID }, (target) => throwingProxy(target, ['ownKeys'])), unreadable],
  ['a Proxy that throws on every trap', () => proxied({ ...VALID }, (target) => throwingProxy(target, ALL_TRAPS)), unreadable],
  ['an ApplicationConfig Proxy that throws on ownKeys', () => proxied({ ...VALID_CONFIG }, (target) => ({ ...VALID, ApplicationConfigs: [throwingProxy(target, ['ownKeys'])] })), unreadable],
  ['a revoked Proxy as the request', () => ({ input: revoked() }), unreadable],
  ['a revoked Proxy as an ApplicationConfig', () => ({ input: { ...VALID, ApplicationConfigs: [revoked()] } }), unreadable],
  [
    'an ApplicationConfig that references itself',
    () => {
      const config: Record<string, unknown> = { ...VALID_CONFIG };
      config['Self'] = config;
      config['ConfigItemValue'] = config;
      return { input: { ...VALID, ApplicationConfigs: [config, config] } };
    },
    [
      ['ApplicationConfigs.1.Self', 'InvalidParameter'],
      ['ApplicationConfigs.1.ConfigItemValue', 'InvalidParameterValue'],
      ['ApplicationConfigs.2.Self', 'InvalidParameter'],
      ['ApplicationConfigs.2.ConfigItemValue', 'InvalidParameterValue'],
    ],
  ],
  [
    'a request that contains itself',
    () => {
      const request: Record<string, unknown> = { ...VALID };
      request['Self'] = request;
      request['ApplicationConfigs'] = [request];
      return { input: request };
    },
    [
      ['Self', 'InvalidParameter'],
      ['ApplicationConfigs.1.RegionId', 'InvalidParameter'],
      ['ApplicationConfigs.1.ClusterId', 'InvalidParameter'],
      ['ApplicationConfigs.1.IncreaseNodeCount', 'InvalidParameter'],
      ['ApplicationConfigs.1.ApplicationConfigs', 'InvalidParameter'],
      ['ApplicationConfigs.1.Self', 'InvalidParameter'],
      ['ApplicationConfigs.1.ApplicationName', 'MissingParameter'],
      ['ApplicationConfigs.1.ConfigFileName', 'MissingParameter'],
      ['ApplicationConfigs.1.ConfigItemKey', 'MissingParameter'],
    ],
  ],
  [
    'an ApplicationConfigs list that contains itself',
    () => {
      const list: unknown[] = [];
      list.push(list);
      return { input: { ...VALID, ApplicationConfigs: list } };
    },
    [['ApplicationConfigs.1', 'InvalidParameterValue']],
  ],
  ['a 10 MB string as RegionId', () => ({ input: { ...VALID, RegionId: 'r'.repeat(TEN_MB) } }), 'valid'],
  ['a 10 MB string as ConfigScope', () => ({ input: { ...VALID, ApplicationConfigs: [{ ...VALID_CONFIG, ConfigScope: 'S'.repeat(TEN_MB) }] } }), [['ApplicationConfigs.1.ConfigScope', 'InvalidParameterValue']]],
  ['a 10 MB string as an unknown key', () => ({ input: withKeys(VALID, [['K'.repeat(TEN_MB), 1]]) }), [['K'.repeat(TEN_MB), 'InvalidParameter']]],
  [
    'a 1,000,000-item ApplicationConfigs (the size issue only, not one item read)',
    () => countingItemReads(new Array(1_000_000).fill({ ...VALID_CONFIG, ConfigScope: 'EVERYWHERE' })),
    [['ApplicationConfigs', 'InvalidParameterValue']],
  ],
  ['a 1,000,000-hole ApplicationConfigs (the size issue only, not one item read)', () => countingItemReads(new Array(1_000_000)), [['ApplicationConfigs', 'InvalidParameterValue']]],
  ['an array-like claiming 4 billion items (not a list, not one item read)', () => countingItemReads({ length: 2 ** 32 - 1, 0: VALID_CONFIG }), [['ApplicationConfigs', 'InvalidParameterValue']]],
  ['100,000 levels of nested objects as a value', () => ({ input: { ...VALID, ApplicationConfigs: [{ ...VALID_CONFIG, ConfigItemValue: nested(100_000, (inner) => ({ inner })) }] } }), [['ApplicationConfigs.1.ConfigItemValue', 'InvalidParameterValue']]],
  ['100,000 levels of nested lists as an ApplicationConfig', () => ({ input: { ...VALID, ApplicationConfigs: [nested(100_000, (inner) => [inner])] } }), [['ApplicationConfigs.1', 'InvalidParameterValue']]],
  ['100,000 levels of nesting under an unknown key', () => ({ input: withKeys(VALID, [['Deep', nested(100_000, (inner) => ({ Deep: inner }))]]) }), [['Deep', 'InvalidParameter']]],
  ['values whose valueOf and toString throw', () => ({ input: { ...VALID, IncreaseNodeCount: { valueOf: () => { throw new Error('no'); }, toString: () => { throw new Error('no'); } } } }), [['IncreaseNodeCount', 'InvalidParameterValue']]],
  ['a boxed String, a BigInt and a Symbol as values', () => ({ input: { ...VALID, RegionId: new String('cn-hangzhou'), IncreaseNodeCount: 3n, ClusterId: Symbol('c') } }), [['RegionId', 'InvalidParameterValue'], ['ClusterId', 'InvalidParameterValue'], ['IncreaseNodeCount', 'InvalidParameterValue']]],
  ['NaN, Infinity and -0 as counts: one issue each, the MinIncreaseNodeCount ≤ IncreaseNodeCount rule stays quiet on counts that already failed', () => ({ input: { ...VALID, IncreaseNodeCount: Number.NaN, MinIncreaseNodeCount: -0, PaymentDuration: Infinity } }), [['IncreaseNodeCount', 'InvalidParameterValue'], ['MinIncreaseNodeCount', 'InvalidParameterValue'], ['PaymentDuration', 'InvalidParameterValue']]],
  [
    'a null-prototype object as ConfigScope next to NodeGroupName: the warning check must not throw and lose the next item’s issue',
    () => ({ input: { ...VALID, ApplicationConfigs: [{ ...VALID_CONFIG, ConfigScope: Object.create(null), NodeGroupName: 'core-1' }, { ...VALID_CONFIG, ConfigScope: 'EVERYWHERE' }] } }),
    [['ApplicationConfigs.1.ConfigScope', 'InvalidParameterValue'], ['ApplicationConfigs.2.ConfigScope', 'InvalidParameterValue']],
  ],
  ['symbol-keyed and non-enumerable extras are not parameters', () => ({ input: Object.defineProperty({ ...VALID, [Symbol('extra')]: 1 }, 'Hidden', { value: 1, enumerable: false }) }), 'valid'],
  ['a function as the request', () => ({ input: Object.assign(() => undefined, VALID) }), [['', 'InvalidParameterValue']]],
  ['a Map holding the parameters (entries are not parameters)', () => ({ input: new Map(Object.entries(VALID)) }), [['RegionId', 'MissingParameter'], ['ClusterId', 'MissingParameter'], ['NodeGroupId', 'MissingParameter'], ['IncreaseNodeCount', 'MissingParameter']]],
  ['a list as the request', () => ({ input: [VALID] }), [['', 'InvalidParameterValue']]],
];

describe('hand-picked hostile requests', () => {
  let cases = 0;
  let slowest = { name: '', ms: 0 };
  afterAll(() => console.log(`[reliability] hostile-input hand-picked requests: ${cases} cases run x 3 validators, slowest ${slowest.name} ${slowest.ms.toFixed(1)} ms`));

  it.each(CASES)('%s', (name, given, want) => {
    cases++;
    const { input, observe = input, reads, itemReads, counted } = given();
    const opaque = new Set(counted === undefined ? [] : [counted.proxy]);
    const before = structuralDigest(observe, opaque);
    const itemReadsBefore = itemReads?.() ?? 0;
    const started = performance.now();
    const { result, threw } = attempt(() => validateIncreaseNodesRequest(input));
    const ms = performance.now() - started;
    const itemReadsByValidator = (itemReads?.() ?? 0) - itemReadsBefore;
    expect(threw, 'the validator threw').toBeUndefined();
    expect(malformed({ result, input })).toBeUndefined();
    const readsAfterValidation = reads === undefined ? undefined : { ...reads };
    if (want === 'valid') {
      expect(result!.ok ? [] : result!.issues.map(({ parameter, code }) => [parameter, code])).toEqual([]);
    } else {
      const issues = result!.ok ? [] : result!.issues.map(({ parameter, code }) => [parameter, code] as const);
      expect(issues.map(([p, c]) => `${p.length > 100 ? `${p.slice(0, 20)}…(${p.length})` : p} ${c}`).sort()).toEqual(
        want.map(([p, c]) => `${p.length > 100 ? `${p.slice(0, 20)}…(${p.length})` : p} ${c}`).sort(),
      );
    }
    if (itemReads !== undefined) expect(itemReadsByValidator, 'list items read').toBe(0);
    if (readsAfterValidation !== undefined) {
      // A value read twice can be validated as one thing and used as another.
      for (const [key, count] of Object.entries(readsAfterValidation)) expect(count, `${key} was read ${count} times`).toBe(1);
    }
    // The other two validators get the same input: they too must answer, not throw.
    for (const validate of [validateIncreaseNodesResponse, validateErrorResponse]) {
      const other = attempt(() => validate(input));
      expect(other.threw, `${validate.name} threw`).toBeUndefined();
      expect(malformed({ result: other.result, input, codes: ANSWER_CODES })).toBeUndefined();
    }
    expect(structuralDigest(observe, opaque), 'the input was changed').toBe(before);
    if (counted !== undefined) expect(counted.writes(), 'writes to the list').toBe(0);
    expectPrototypesUntouched();
    if (ms > slowest.ms) slowest = { name, ms };
  });
});

// ---------------------------------------------------------------------------------------------
// fromIncreaseNodesQuery under hostile pair lists

describe('fromIncreaseNodesQuery under hostile pair lists', () => {
  const figures: string[] = [];
  afterAll(() => console.log(`[reliability] hostile-input query decoder: ${figures.join('; ')}`));

  // The time is a figure, not a verdict; what bounds the work is checked as structure (no list past 1,000 items).
  const decode = (pairs: Parameters<typeof fromIncreaseNodesQuery>[0]) => {
    const started = performance.now();
    const { result, threw } = attempt(() => fromIncreaseNodesQuery(pairs));
    const ms = performance.now() - started;
    expect(threw, 'fromIncreaseNodesQuery threw').toBeUndefined();
    expect(malformed({ result, input: undefined })).toBeUndefined();
    expectPrototypesUntouched();
    const list = result!.request['ApplicationConfigs'];
    if (Array.isArray(list)) expect(list.length).toBeLessThanOrEqual(1000);
    return { result: result!, ms };
  };
  const parameters = (result: ReturnType<typeof fromIncreaseNodesQuery>) => (result.ok ? [] : result.issues.map((issue) => issue.parameter));

  it('100,000 list items past maxItems: refused, no list longer than 1,000 is built', () => {
    const pairs: QueryPair[] = [...VALID_PAIRS];
    for (let i = 1; i <= 100_000; i++) pairs.push([`ApplicationConfigs.${i}.ApplicationName`, 'HDFS']);
    const { result, ms } = decode(pairs);
    expect(result.ok).toBe(false);
    expect(parameters(result)).toContain('ApplicationConfigs');
    figures.push(`100k list items ${ms.toFixed(0)} ms`);
  });

  it('100,000 unknown names: each named, none kept on a prototype', () => {
    const pairs: QueryPair[] = Array.from({ length: 100_000 }, (_, i) => [`Unknown${i}`, String(i)]);
    const { result, ms } = decode([...VALID_PAIRS, ...pairs]);
    expect(parameters(result)).toHaveLength(100_000);
    figures.push(`100k unknown names ${ms.toFixed(0)} ms`);
  });

  it('100,000 repeats of one name: refused as given more than once', () => {
    const pairs: QueryPair[] = Array.from({ length: 100_000 }, () => ['RegionId', 'cn-hangzhou']);
    const { result, ms } = decode([...pairs, ...VALID_PAIRS.slice(1)]);
    expect(result.ok).toBe(false);
    expect(new Set(parameters(result))).toEqual(new Set(['RegionId']));
    figures.push(`100k repeats ${ms.toFixed(0)} ms`);
  });

  it('100,000 pairs as URLSearchParams and as a record', () => {
    const pairs: QueryPair[] = Array.from({ length: 100_000 }, (_, i) => [`ApplicationConfigs.1.X${i}`, 'v']);
    const fromParams = decode(new URLSearchParams([...VALID_PAIRS, ...pairs].map(([name, value]): [string, string] => [name, value])));
    const fromRecord = decode(Object.fromEntries([...VALID_PAIRS, ...pairs]));
    expect(fromParams.result.ok).toBe(false);
    expect(fromRecord.result.ok).toBe(false);
    figures.push(`100k pairs as URLSearchParams ${fromParams.ms.toFixed(0)} ms, as a record ${fromRecord.ms.toFixed(0)} ms`);
  });

  it.each([
    ['1001'],
    ['4294967295'],
    ['4294967296'],
    ['9007199254740993'],
    [`1${'0'.repeat(400)}`],
    ['99999999999999999999999999999999'],
  ])('a huge index ApplicationConfigs.%s is refused as past the list size, without building the list', (index) => {
    const { result } = decode([...VALID_PAIRS, [`ApplicationConfigs.${index}.ApplicationName`, 'HDFS']]);
    expect(result.ok).toBe(false);
    expect(result.ok ? [] : result.issues.map((issue) => issue.kind)).toContain('size');
  });

  it.each([['0'], ['01'], ['-1'], ['1e3'], ['1.5'], [' 1'], ['0x1'], ['']])('a malformed index ApplicationConfigs.%j is refused, never read as a position', (index) => {
    const { result } = decode([...VALID_PAIRS, [`ApplicationConfigs.${index}.ApplicationName`, 'HDFS']]);
    expect(result.ok).toBe(false);
  });

  // The parameter named is the sent name up to the first segment the contract does not know there:
  // `__proto__.x` is the undeclared parameter `__proto__`, as the client's validator would say.
  it.each([
    ['ApplicationConfigs.1.__proto__.x', 'ApplicationConfigs.1.__proto__'],
    ['ApplicationConfigs.1.__proto__', 'ApplicationConfigs.1.__proto__'],
    ['ApplicationConfigs.__proto__.x', 'ApplicationConfigs.__proto__.x'],
    ['ApplicationConfigs.__proto__', 'ApplicationConfigs.__proto__'],
    ['__proto__', '__proto__'],
    ['__proto__.x', '__proto__'],
    ['__proto__.polluted', '__proto__'],
    ['constructor.prototype.polluted', 'constructor'],
    ['ApplicationConfigs.1.constructor.prototype.polluted', 'ApplicationConfigs.1.constructor'],
    ['toString', 'toString'],
    ['hasOwnProperty', 'hasOwnProperty'],
    ['RegionId.__proto__', 'RegionId.__proto__'],
  ])('%s is the unknown parameter %s and pollutes nothing', (name, unknown) => {
    const pairs: QueryPair[] = [...VALID_PAIRS, ['ApplicationConfigs.1.ApplicationName', 'a'], ['ApplicationConfigs.1.ConfigFileName', 'b'], ['ApplicationConfigs.1.ConfigItemKey', 'c'], [name, 'polluted']];
    const { result } = decode(pairs);
    expect(result.ok).toBe(false);
    expect(parameters(result)).toContain(unknown);
    const items = result.request['ApplicationConfigs'];
    if (Array.isArray(items)) for (const item of items) expect(Object.getPrototypeOf(item)).toBe(Object.prototype);
    expect(Object.getPrototypeOf(result.request)).toBe(Object.prototype);
  });

  it('an own __proto__ key of a record (from JSON.parse) is an unknown parameter', () => {
    const { result } = decode(JSON.parse('{"RegionId":"cn","ClusterId":"c","NodeGroupId":"n","IncreaseNodeCount":"3","__proto__":"x"}'));
    expect(parameters(result)).toEqual(['__proto__']);
  });

  it('a 10 MB value and a 10 MB name', () => {
    const { result } = decode([...VALID_PAIRS.slice(1), ['RegionId', 'r'.repeat(TEN_MB)], ['N'.repeat(TEN_MB), 'x']]);
    expect(parameters(result)).toHaveLength(1);
  });

  it('a name of 50,000 segments', () => {
    const { result } = decode([...VALID_PAIRS, [`ApplicationConfigs.1.${'a.'.repeat(50_000)}b`, 'x']]);
    expect(result.ok).toBe(false);
  });

  // Strict reading means nothing received is silently dropped: a bare list name with a value is
  // not a list, and list items after it must not quietly replace it.
  it('a bare ApplicationConfigs=junk before its items is not silently dropped', () => {
    const { result } = decode([
      ...VALID_PAIRS,
      ['ApplicationConfigs', 'junk'],
      ['ApplicationConfigs.1.ApplicationName', 'HDFS'],
      ['ApplicationConfigs.1.ConfigFileName', 'hdfs-site.xml'],
      ['ApplicationConfigs.1.ConfigItemKey', 'k'],
    ]);
    expect(result.ok).toBe(false);
  });

  it('a bare ApplicationConfigs=junk after its items is not silently dropped', () => {
    const { result } = decode([
      ...VALID_PAIRS,
      ['ApplicationConfigs.1.ApplicationName', 'HDFS'],
      ['ApplicationConfigs.1.ConfigFileName', 'hdfs-site.xml'],
      ['ApplicationConfigs.1.ConfigItemKey', 'k'],
      ['ApplicationConfigs', 'junk'],
    ]);
    expect(result.ok).toBe(false);
  });
});

// ---------------------------------------------------------------------------------------------
// Regular expressions in generated/

interface FoundRegex {
  readonly where: string;
  readonly source: string;
  readonly flags: string;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** Every regex literal and every `RegExp(...)`/`new RegExp(...)` in the source text, found by TypeScript's own parser. */
function findRegexes(dir: string): { found: FoundRegex[]; dynamic: string[] } {
  const found: FoundRegex[] = [];
  const dynamic: string[] = [];
  for (const file of sourceFiles(dir)) {
    const text = readFileSync(file, 'utf8');
    const source = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true);
    const where = (node: ts.Node) => `${relative('.', file)}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
    const visit = (node: ts.Node): void => {
      if (node.kind === ts.SyntaxKind.RegularExpressionLiteral) {
        const literal = node.getText();
        const end = literal.lastIndexOf('/');
        found.push({ where: where(node), source: literal.slice(1, end), flags: literal.slice(end + 1) });
      }
      if ((ts.isNewExpression(node) || ts.isCallExpression(node)) && ts.isIdentifier(node.expression) && node.expression.text === 'RegExp') {
        const [pattern, flags] = node.arguments ?? [];
        if (pattern !== undefined && ts.isStringLiteralLike(pattern) && (flags === undefined || ts.isStringLiteralLike(flags))) {
          found.push({ where: where(node), source: pattern.text, flags: flags === undefined ? '' : flags.text });
        } else {
          dynamic.push(where(node));
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return { found, dynamic };
}

/** The literal characters and the character classes (`[...]`, `\d`, `.`) a pattern is made of. */
function partsOf(source: string): { literals: string[]; classes: string[] } {
  const literals: string[] = [];
  const classes: string[] = [];
  for (let i = 0; i < source.length; i++) {
    const char = source[i]!;
    if (char === '[') {
      let j = i + 1;
      if (source[j] === '^') j++;
      if (source[j] === ']') j++;
      while (j < source.length && source[j] !== ']') j += source[j] === '\\' ? 2 : 1;
      classes.push(source.slice(i, j + 1));
      i = j;
    } else if (char === '\\') {
      const next = source[i + 1] ?? '';
      if ('dDwWsSbB'.includes(next)) {
        if (!'bB'.includes(next)) classes.push(`\\${next}`);
        i++;
      } else if (next === 'x') {
        literals.push(String.fromCharCode(parseInt(source.slice(i + 2, i + 4), 16)));
        i += 3;
      } else if (next === 'u' && source[i + 2] !== '{') {
        literals.push(String.fromCharCode(parseInt(source.slice(i + 2, i + 6), 16)));
        i += 5;
      } else {
        literals.push(({ t: '\t', n: '\n', r: '\r', f: '\f', v: '\v', '0': '\0' } as Record<string, string>)[next] ?? next);
        i++;
      }
    } else if (char === '.') {
      classes.push('.');
    } else if (!'^$()|?*+{}'.includes(char) || (char === '{' && !/^\{\d/.test(source.slice(i)))) {
      literals.push(char);
    } else if (char === '{') {
      i = source.indexOf('}', i);
    }
  }
  return { literals: [...new Set(literals)], classes: [...new Set(classes)] };
}

const CHAR_POOL = [
  ...Array.from({ length: 256 }, (_, code) => String.fromCharCode(code)),
  '\u0100',
  '\u2028',
  '\u4e2d',
  '\ufeff',
  '\uffff',
  '\u{1f680}',
];

/** One character per way the pattern can treat a character (matched by which classes, equal to which literal). */
function alphabetOf(regex: FoundRegex): { alphabet: string[]; literals: string[] } {
  const { literals, classes } = partsOf(regex.source);
  const flags = regex.flags.replace(/[gy]/g, '');
  const testers = classes.map((cls) => new RegExp(`^(?:${cls})$`, flags));
  const bySignature = new Map<string, string>();
  for (const char of CHAR_POOL) {
    const signature = [...literals.map((l) => (l === char ? 1 : 0)), ...testers.map((t) => (t.test(char) ? 1 : 0))].join('');
    if (!bySignature.has(signature)) bySignature.set(signature, char);
  }
  return { alphabet: [...bySignature.values()], literals };
}

/** Long runs of what the pattern matches (single characters and pairs), after each literal as a prefix, ended by each kind of character. */
function worstCases(regex: FoundRegex, length: number): string[] {
  const { alphabet, literals } = alphabetOf(regex);
  const units = [...alphabet];
  for (let a = 0; a < alphabet.length; a++) for (let b = a + 1; b < alphabet.length; b++) units.push(alphabet[a]! + alphabet[b]!);
  const prefixes = ['', ...literals, ...literals.flatMap((l) => alphabet.map((c) => l + c))].slice(0, 24);
  const strings: string[] = [];
  for (const unit of units.slice(0, 60)) {
    const run = unit.repeat(Math.ceil(length / unit.length)).slice(0, length);
    for (const prefix of prefixes) for (const end of alphabet) strings.push(prefix + run + end);
  }
  return strings;
}

/** Lengths the work is counted at: linear work doubles from one to the next, quadratic quadruples. */
const SHORT = 500;
const LONG = 2 * SHORT;
/** Growth from SHORT to LONG above this is not linear (linear is at most 2, quadratic about 4). */
const MAX_GROWTH = 2.5;
/** Steps after which a search counts as a blow-up: hundreds of times what linear work on LONG characters takes. */
const BUDGET = 2_000_000;

/** The work on one family of worst-case strings, and why it is not linear (undefined when it is). */
function superLinear({ pattern, regex, short, long }: { pattern: CostedPattern; regex: FoundRegex; short: string; long: string }): { problem: string | undefined; steps: number } {
  const atShort = pattern.search(short, BUDGET);
  const atLong = pattern.search(long, BUDGET);
  const shown = `${JSON.stringify(long.slice(0, 12))}… ×${long.length}`;
  const steps = atLong.steps;
  if (atLong.matched === undefined || atShort.matched === undefined) return { problem: `${shown}: more than ${BUDGET.toLocaleString('en')} steps`, steps };
  if (atLong.steps > MAX_GROWTH * atShort.steps) return { problem: `${shown}: ${atShort.steps} steps at ${SHORT} characters, ${atLong.steps} at ${LONG}`, steps };
  // The counter must read the pattern as the engine does, or its count says nothing about it.
  const engine = new RegExp(regex.source, regex.flags).test(long);
  if (atLong.matched !== engine) return { problem: `${shown}: the counter says ${atLong.matched ? 'match' : 'no match'}, the engine ${engine ? 'match' : 'no match'}`, steps };
  return { problem: undefined, steps };
}

/** The families of worst-case strings at both lengths, paired. */
const pairedWorstCases = (regex: FoundRegex) => {
  const long = worstCases(regex, LONG);
  return worstCases(regex, SHORT).map((short, index) => ({ short, long: long[index]! }));
};

describe('regular expressions in generated/', () => {
  const { found, dynamic } = findRegexes('generated');
  let checked = 0;
  let heaviest = { where: '', steps: 0 };
  afterAll(() => console.log(`[reliability] hostile-input regexes: ${found.length} found in generated/, ${checked} worst-case string families counted at ${SHORT} and ${LONG} characters, heaviest ${heaviest.where} ${heaviest.steps} steps on ${LONG} characters`));

  it('are all found, and none is built from a value the scan cannot see', () => {
    expect(found.length).toBeGreaterThanOrEqual(5);
    expect(dynamic).toEqual([]);
  });

  // Work is counted, not timed: a backtracking matcher's steps are the same on any machine, however loaded.
  it.each(found.map((regex) => [`${regex.where} /${regex.source}/${regex.flags}`, regex] as const))('%s: a backtracking search does at most linear work on worst-case strings', (_, regex) => {
    const pattern = costed(regex);
    const slow: string[] = [];
    for (const { short, long } of pairedWorstCases(regex)) {
      const { problem, steps } = superLinear({ pattern, regex, short, long });
      checked++;
      if (steps > heaviest.steps) heaviest = { where: `${regex.where} /${regex.source}/`, steps };
      if (problem !== undefined) slow.push(problem);
      if (slow.length >= 3) break;
    }
    expect(slow).toEqual([]);
  });

  // The counter itself must be able to fail, or the verdicts above mean nothing.
  it.each([
    ['exponential', { source: '^[1-9](?:[0-9]+)*$', flags: '' }],
    ['quadratic', { source: '^[0-9]*[0-9]*$', flags: '' }],
    ['quadratic, unanchored', { source: '\\d+x', flags: 'g' }],
  ])('the counter finds the %s pattern /%s/ super-linear', (_, { source, flags }) => {
    const regex = { where: 'a known bad pattern', source, flags };
    const pattern = costed(regex);
    expect(pairedWorstCases(regex).some(({ short, long }) => superLinear({ pattern, regex, short, long }).problem !== undefined)).toBe(true);
  });
});

beforeAll(() => {
  expect(prototypeKeys()).toEqual(PROTOTYPES_BEFORE);
});

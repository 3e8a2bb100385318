import { fileURLToPath } from 'node:url';
import SwaggerParser from '@apidevtools/swagger-parser';
import Ajv2020Module from 'ajv/dist/2020.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validateIncreaseNodesRequest } from '../generated/index.js';
import {
  applicationConfigFields,
  requestParameters,
  type ReferenceField,
  type ReferenceParameter,
} from './reference/increase-nodes.reference.js';

// Differential test: the generated validator against Ajv, an independent implementation of JSON
// Schema, running a schema built straight from the spec's POST / query parameters. They must agree
// on every near-valid input, except for the one rule JSON Schema cannot say:
// MinIncreaseNodeCount ≤ IncreaseNodeCount (x-acs-rules, not a schema keyword).

type Json = Record<string, unknown>;
type Request = Record<string, unknown>;

// ajv is CommonJS; under NodeNext the default import is module.exports, whose `default` is the class.
const Ajv2020 = Ajv2020Module.default;

const specPath = fileURLToPath(new URL('../spec/increase-nodes.openapi.yaml', import.meta.url));
const spec = (await SwaggerParser.dereference(specPath)) as unknown as Json;

interface QueryParameter {
  readonly name: string;
  readonly in: string;
  readonly required?: boolean;
  readonly schema: Json;
}

/** `{ type: object, properties, required, additionalProperties: false }` from the operation's query parameters. */
function requestSchema(document: Json): Json {
  const paths = document.paths as Record<string, Record<string, { parameters: QueryParameter[] }>>;
  const operation = paths['/']?.post;
  if (operation === undefined) throw new Error('the spec has no POST /');
  const query = operation.parameters.filter((p) => p.in === 'query');
  return {
    type: 'object',
    properties: Object.fromEntries(query.map((p) => [p.name, p.schema])),
    required: query.filter((p) => p.required === true).map((p) => p.name),
    additionalProperties: false,
  };
}

/** Ajv's verdict. `strict: false` lets it ignore the spec's `example` and `x-acs-*` keywords. */
function compile(schema: Json): (input: unknown) => boolean {
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  const check = ajv.compile(schema);
  return (input) => check(input) === true;
}

const schema = requestSchema(spec);
const ajvValid = compile(schema);

const COUNT = 'IncreaseNodeCount';
const requiredTopLevel = (schema.required as string[]).filter((name) => (schema.properties as Record<string, { type?: string }>)[name]?.type === 'string');
const requiredItemFields = ((schema.properties as Record<string, any>)['ApplicationConfigs'].items.required as string[]) ?? [];
const MIN = 'MinIncreaseNodeCount';

/** The cross-field rule JSON Schema cannot express. */
function breaksCrossRule(input: unknown): boolean {
  if (typeof input !== 'object' || input === null) return false;
  const min = (input as Request)[MIN];
  const count = (input as Request)[COUNT];
  return typeof min === 'number' && typeof count === 'number' && min > count;
}

/**
 * The contract reads a required text sent empty (`Name=`) as not supplied, as OpenAPI reads a query
 * parameter without allowEmptyValue; JSON Schema's `required` only asks for the key.
 */
function hasEmptyRequiredText(input: unknown): boolean {
  if (typeof input !== 'object' || input === null) return false;
  const record = input as Request;
  if (requiredTopLevel.some((name) => record[name] === '')) return true;
  const items = record['ApplicationConfigs'];
  return Array.isArray(items) && items.some((item) => typeof item === 'object' && item !== null && requiredItemFields.some((name) => (item as Request)[name] === ''));
}

/** A record without its null fields: the wire reference leaves an absent (undefined/null) field out, so the service judges what is left. */
function withoutNulls(value: unknown): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== null));
}

/** The request as it travels: null fields left out, in the request and in each item of its list. */
function asSent(input: unknown): unknown {
  const request = withoutNulls(input);
  const items = typeof request === 'object' && request !== null ? (request as Request)['ApplicationConfigs'] : undefined;
  return Array.isArray(items) ? { ...(request as Request), ApplicationConfigs: items.map(withoutNulls) } : request;
}

const expectedOk = (isValid: (input: unknown) => boolean) => (input: unknown) => {
  const sent = asSent(input);
  return isValid(sent) && !breaksCrossRule(sent) && !hasEmptyRequiredText(sent);
};

// ---------------------------------------------------------------------------------------------
// Near-valid inputs. The generator uses the reference's names and types (the expectation comes
// from Ajv and the spec). It never produces an `undefined` value: our validator treats a key whose
// value is undefined as absent, while Ajv's additionalProperties counts such a key as present, so
// the two would differ on a case JSON (and the query string) cannot even carry.

const parameters: readonly ReferenceParameter[] = requestParameters;
const fields: readonly ReferenceField[] = applicationConfigFields;

const junk = fc.constantFrom<unknown>(null, true, false, [], {}, 'x', 0);
const digits = fc.stringMatching(/^-?[0-9]{1,3}$/);
const extraKey = fc.oneof(
  fc.constantFrom('AutoRenw', 'regionid', 'Action', '__proto__', 'constructor', 'ApplicationConfigs.1.ApplicationName'),
  fc.string({ minLength: 1, maxLength: 6 }),
);

const validConfig: fc.Arbitrary<Request> = fc.record(
  Object.fromEntries(fields.map((f) => [f.name, f.validValues === undefined ? fc.string({ minLength: f.required ? 1 : 0, maxLength: 6 }) : fc.constantFrom(...f.validValues)])),
  { requiredKeys: fields.filter((f) => f.required).map((f) => f.name) },
);

const nearFieldValue = fc.oneof(
  { weight: 3, arbitrary: fc.string({ maxLength: 6 }) },
  { weight: 2, arbitrary: fc.constantFrom('CLUSTER', 'NODE_GROUP', 'cluster', 'NODE-GROUP', '') },
  { weight: 1, arbitrary: fc.integer({ min: -1, max: 3 }) },
  { weight: 1, arbitrary: junk },
);

type Edit = { readonly kind: 'set'; readonly key: string; readonly value: unknown } | { readonly kind: 'delete'; readonly key: string };

/** Applies edits on a copy; computed keys keep `__proto__` an own property, as JSON.parse would. */
function edit(target: Request, edits: readonly Edit[]): Request {
  return edits.reduce<Request>((current, e) => {
    if (e.kind === 'set') return { ...current, [e.key]: e.value };
    const copy = { ...current };
    delete copy[e.key];
    return copy;
  }, target);
}

const itemEdit: fc.Arbitrary<Edit> = fc.oneof(
  fc.constantFrom(...fields.map((f) => f.name)).map((key): Edit => ({ kind: 'delete', key })),
  fc.tuple(fc.constantFrom(...fields.map((f) => f.name)), nearFieldValue).map(([key, value]): Edit => ({ kind: 'set', key, value })),
  fc.tuple(extraKey, fc.string({ maxLength: 4 })).map(([key, value]): Edit => ({ kind: 'set', key, value })),
);

const nearItem: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 5, arbitrary: validConfig },
  { weight: 4, arbitrary: fc.tuple(validConfig, fc.array(itemEdit, { minLength: 1, maxLength: 2 })).map(([c, edits]) => edit(c, edits)) },
  { weight: 1, arbitrary: junk },
);

function validValueOf(p: ReferenceParameter): fc.Arbitrary<unknown> {
  if (p.type === 'array') return fc.array(validConfig, { minLength: p.minItems ?? 0, maxLength: 3 });
  if (p.validValues !== undefined) return fc.constantFrom(...p.validValues);
  if (p.type === 'integer') return fc.integer({ min: p.minimum ?? -1000, max: p.maximum ?? 1000 });
  if (p.type === 'boolean') return fc.boolean();
  return fc.string({ minLength: p.required ? 1 : 0, maxLength: 8 });
}

/** Mostly plausible values, often just past a bound or of a neighbouring type. */
function nearValueOf(p: ReferenceParameter): fc.Arbitrary<unknown> {
  const valid = { weight: 4, arbitrary: validValueOf(p) };
  switch (p.type) {
    case 'integer': {
      const numbers = (p.validValues ?? [p.minimum ?? 0, p.maximum ?? 0]).map(Number);
      const low = Math.min(...numbers);
      const high = Math.max(...numbers);
      return fc.oneof(
        valid,
        { weight: 3, arbitrary: fc.integer({ min: low - 2, max: high + 2 }) },
        // Just past a bound is the nearest miss of all: as likely as any other integer near the range.
        { weight: 3, arbitrary: fc.constantFrom(low - 1, low, high, high + 1) },
        { weight: 1, arbitrary: fc.double({ min: low - 2, max: high + 2 }) },
        { weight: 1, arbitrary: digits },
        { weight: 1, arbitrary: junk },
      );
    }
    case 'boolean':
      return fc.oneof(valid, { weight: 1, arbitrary: fc.constantFrom<unknown>('true', 'false', 0, 1) }, { weight: 1, arbitrary: junk });
    case 'array':
      return fc.oneof(
        { weight: 2, arbitrary: validValueOf(p) },
        { weight: 4, arbitrary: fc.array(nearItem, { maxLength: 3 }) },
        { weight: 1, arbitrary: junk },
      );
    case 'string': {
      const misses = (p.validValues ?? []).flatMap((v) => [String(v).toLowerCase(), String(v).toUpperCase(), `${String(v)} `]);
      return fc.oneof(
        valid,
        { weight: 1, arbitrary: misses.length > 0 ? fc.constantFrom(...misses) : fc.string({ maxLength: 4 }) },
        { weight: 1, arbitrary: fc.oneof(fc.integer({ min: -1, max: 502 }), digits) },
        { weight: 1, arbitrary: junk },
      );
    }
  }
}

/** A parameter's values at and just past its bounds, or next to each of its allowed values. */
function boundaryValuesOf(p: ReferenceParameter): unknown[] {
  if (p.type === 'array') {
    const item = { ApplicationName: 'HDFS', ConfigFileName: 'hdfs-site.xml', ConfigItemKey: 'dfs.replication' };
    const sizes = [p.minItems ?? 0, p.maxItems ?? 1000].flatMap((n) => [n - 1, n, n + 1]).filter((n) => n >= 0);
    return sizes.map((size) => Array.from({ length: size }, () => item));
  }
  if (p.type === 'integer') {
    const numbers = (p.validValues ?? [p.minimum, p.maximum]).filter((v) => v !== undefined).map(Number);
    return [...new Set(numbers.flatMap((n) => [n - 1, n, n + 1]))];
  }
  if (p.validValues !== undefined) return p.validValues.flatMap((v) => [v, String(v).toLowerCase(), String(v).toUpperCase(), `${String(v)} `]);
  return [];
}

const validRequest: fc.Arbitrary<Request> = fc
  .record(Object.fromEntries(parameters.map((p) => [p.name, validValueOf(p)])), {
    requiredKeys: parameters.filter((p) => p.required).map((p) => p.name),
  })
  .map((request) => {
    const min = request[MIN];
    const count = request[COUNT];
    return typeof min === 'number' && typeof count === 'number' && min > count ? { ...request, [MIN]: count, [COUNT]: min } : request;
  });

const requestEdit: fc.Arbitrary<Edit> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...parameters).chain((p) => nearValueOf(p).map((value): Edit => ({ kind: 'set', key: p.name, value }))) },
  { weight: 1, arbitrary: fc.constantFrom(...parameters.map((p) => p.name)).map((key): Edit => ({ kind: 'delete', key })) },
  { weight: 1, arbitrary: fc.tuple(extraKey, fc.oneof(fc.string({ maxLength: 4 }), fc.integer(), fc.constant(null))).map(([key, value]): Edit => ({ kind: 'set', key, value })) },
);

const nearValidInput: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: validRequest },
  { weight: 16, arbitrary: fc.tuple(validRequest, fc.array(requestEdit, { minLength: 1, maxLength: 3 })).map(([request, edits]) => edit(request, edits)) },
  { weight: 1, arbitrary: junk },
);

// ---------------------------------------------------------------------------------------------

describe('differential: generated validator vs Ajv on a schema built from the spec', () => {
  it('the schema names every query parameter of the spec and requires the documented ones', () => {
    // Guards against a vacuous comparison: an empty schema would agree with nothing useful.
    expect(Object.keys(schema.properties as Json).sort()).toStrictEqual(parameters.map((p) => p.name).sort());
    expect([...(schema.required as string[])].sort()).toStrictEqual(parameters.filter((p) => p.required).map((p) => p.name).sort());
  });

  it('agrees with Ajv on every near-valid input (Ajv’s verdict, plus MinIncreaseNodeCount ≤ IncreaseNodeCount)', () => {
    const expected = expectedOk(ajvValid);
    let inputs = 0;
    let accepted = 0;
    let rejected = 0;
    fc.assert(
      fc.property(nearValidInput, (input) => {
        const ours = validateIncreaseNodesRequest(input).ok;
        const theirs = expected(input);
        if (ours !== theirs) return false;
        inputs += 1;
        if (ours) accepted += 1;
        else rejected += 1;
        return true;
      }),
    );
    console.log(`ajv differential: ${inputs} inputs, ${accepted} accepted by both, ${rejected} rejected by both, 0 disagreements`);
    // Both verdicts must be well represented, or the comparison says little.
    expect(accepted).toBeGreaterThan(inputs / 10);
    expect(rejected).toBeGreaterThan(inputs / 10);
  });

  // Random near-valid inputs reach a given bound of a given parameter only a few times in 1,000
  // runs, so a bound off by one can slip through them; every bound is swept here, deterministically.
  it('agrees with Ajv on every parameter at and just past each bound, and next to each allowed value', () => {
    const expected = expectedOk(ajvValid);
    // IncreaseNodeCount at its maximum, so MinIncreaseNodeCount can reach its own without breaking the cross-field rule.
    const base: Request = { RegionId: 'cn-hangzhou', ClusterId: 'c-b933c5aac8fe****', NodeGroupId: 'ng-869471354ecd****', [COUNT]: 500 };
    const inputs = parameters.flatMap((p) => boundaryValuesOf(p).map((value) => ({ ...base, [p.name]: value })));
    const disagreements = inputs.filter((input) => validateIncreaseNodesRequest(input).ok !== expected(input)).map((input) => JSON.stringify(input).slice(0, 160));
    expect(disagreements).toStrictEqual([]);
    // Both verdicts must be there, or the sweep compared nothing.
    expect(new Set(inputs.map((input) => expected(input)))).toStrictEqual(new Set([true, false]));
  });

  it('finds a counterexample when Ajv’s IncreaseNodeCount maximum is patched to 499', () => {
    const properties = schema.properties as Record<string, Json>;
    // Copied, not edited in place: the dereferenced spec shares one NodeCount schema between the
    // two counts, and only IncreaseNodeCount is to change.
    const patched = { ...schema, properties: { ...properties, [COUNT]: { ...properties[COUNT], maximum: 499 } } };
    const expected = expectedOk(compile(patched));
    const result = fc.check(fc.property(nearValidInput, (input) => validateIncreaseNodesRequest(input).ok === expected(input)));
    expect(result.failed).toBe(true);
    const counterexample = result.counterexample?.[0] as Request | undefined;
    expect(counterexample?.[COUNT]).toBe(500);
  });
});

/// <reference types="node" preserve="true" />
/**
 * The RPC gateway's query binding, for any operation: a request object becomes `Name=value` pairs
 * (lists flattened 1-based, `List.1.Field`), and pairs received by a server or mock become the
 * request object again, strictly: what the gateway could not read unambiguously is an issue.
 */
import { Checker, describeValue, isRecord, nameOf, type Path, type PathSegment, type ValidationIssue, type ValidationResult, type ViolationCatalog } from './validation.js';
export type { Accepted } from './validation.js';

export type ScalarShape = { readonly kind: 'string' | 'integer' | 'number' | 'boolean' };
export type ListShape = { readonly kind: 'list'; readonly items: WireShape; readonly maxItems?: number };
export type ObjectShape = { readonly kind: 'object'; readonly fields: Readonly<Record<string, WireShape>> };
export type WireShape = ScalarShape | ListShape | ObjectShape;

/** A pair the codec gives out: a fresh array, so it goes where a mutable one is asked for (`new URLSearchParams(pairs)`). */
export type QueryPair = [name: string, value: string];

export type QueryInput = URLSearchParams | Iterable<readonly [name: string, value: string]> | Readonly<Record<string, string>>;

export type DecodeResult<T, Code extends string> = ValidationResult<T, Code> & {
  /** What was read, valid or not: strict scalars converted, everything else kept as the text received. */
  readonly request: Record<string, unknown>;
};

const propertyIsEnumerable = Object.prototype.propertyIsEnumerable;

/** A list's index may not run past this even when the spec sets no maxItems: no giant sparse arrays. */
const MAX_INDEX = 100_000;
const DECIMAL_INTEGER = /^-?(?:0|[1-9][0-9]*)$/;
const DECIMAL_NUMBER = /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?$/;
const LIST_INDEX = /^[1-9][0-9]*$/;

/** The request's pairs in the order the shape lists its fields; absent (undefined/null) fields are left out. */
export function flatten(shape: ObjectShape, value: Readonly<Record<string, unknown>>): QueryPair[] {
  if (!isRecord(value)) throw unsendable({ name: 'The request', value, expected: 'an object of named parameters' });
  const pairs: QueryPair[] = [];
  flattenObject({ shape, value, prefix: '', pairs });
  return pairs;
}

// Each shape's fields as a list, made once: the shapes are module constants of the generated codec.
const fieldLists = new WeakMap<ObjectShape, readonly (readonly [string, WireShape])[]>();

function flattenObject({ shape, value, prefix, pairs }: { shape: ObjectShape; value: Readonly<Record<string, unknown>>; prefix: string; pairs: QueryPair[] }): void {
  let fields = fieldLists.get(shape);
  if (fields === undefined) fieldLists.set(shape, (fields = Object.entries(shape.fields)));
  for (const [name, field] of fields) {
    const item = value[name];
    // Absent and empty are left out either way; the ownership test is paid only for a value that is there.
    // A parameter is an own enumerable property, as the validator, JSON and spread read it.
    if (item === undefined || item === null || !propertyIsEnumerable.call(value, name)) continue;
    flattenValue({ shape: field, value: item, name: prefix + name, pairs });
  }
}

/**
 * The encoder takes a request of the generated type and checks nothing the validator checks, but
 * what no query can carry is refused, naming the parameter, instead of sent mangled: a list or an
 * object of another kind, an object as text (`[object Object]`), an empty list item (the items
 * after it would be numbered past a gap).
 */
function unsendable({ name, value, expected }: { name: string; value: unknown; expected: string }): TypeError {
  return new TypeError(`${name} must be ${expected} to be sent in a query; it is ${describeValue(value)}. Validate the request first: the validator names every problem.`);
}

function flattenValue({ shape, value, name, pairs }: { shape: WireShape; value: unknown; name: string; pairs: QueryPair[] }): void {
  if (shape.kind === 'object') {
    if (!isRecord(value)) throw unsendable({ name, value, expected: 'an object' });
    return flattenObject({ shape, value: value as Record<string, unknown>, prefix: `${name}.`, pairs });
  }
  if (shape.kind === 'list') {
    if (!Array.isArray(value)) throw unsendable({ name, value, expected: 'a list' });
    // Holes included: forEach would skip them and number the items after them past a gap.
    for (let index = 0; index < value.length; index++) {
      const item: unknown = value[index];
      const itemName = `${name}.${index + 1}`;
      if (item === undefined || item === null) {
        throw new TypeError(`${itemName} is ${String(item)}: a query numbers list items without gaps, so an empty item cannot be sent. Remove it, or validate the request first.`);
      }
      flattenValue({ shape: shape.items, value: item, name: itemName, pairs });
    }
    return;
  }
  if (typeof value === 'object' || typeof value === 'function' || typeof value === 'symbol') throw unsendable({ name, value, expected: 'text' });
  pairs.push([name, typeof value === 'number' ? decimalText(value) : String(value)]);
}

/**
 * A number as plain decimal text, the form the decoder (and so the strict mock) reads back:
 * String() writes 1e-7 and 1e+21, which a server reading decimals refuses. The digits are
 * String()'s own, the shortest that give the same number, so the value is unchanged.
 */
export function decimalText(value: number): string {
  const text = String(value);
  const exponentAt = text.indexOf('e');
  if (exponentAt < 0) return text;
  const negative = text.startsWith('-');
  const [whole = '', fraction = ''] = text.slice(negative ? 1 : 0, exponentAt).split('.');
  const digits = whole + fraction;
  const point = whole.length + Number(text.slice(exponentAt + 1));
  const plain =
    point <= 0 ? `0.${'0'.repeat(-point)}${digits}` : point >= digits.length ? digits + '0'.repeat(point - digits.length) : `${digits.slice(0, point)}.${digits.slice(point)}`;
  return negative ? `-${plain}` : plain;
}

interface WireProblem {
  readonly kind: 'type' | 'size' | 'unknown';
  readonly path: Path;
  readonly key: PathSegment;
  readonly detail: string;
}

/** Reads pairs back into a request object, then validates it; both kinds of issue are returned together. Never throws. */
export function decodeQuery<T, Code extends string>({
  params,
  shape,
  catalog,
  validate,
}: {
  params: QueryInput;
  shape: ObjectShape;
  catalog: ViolationCatalog<Code>;
  validate: (input: unknown) => ValidationResult<T, Code>;
}): DecodeResult<T, Code> {
  const request: Record<string, unknown> = {};
  const problems: WireProblem[] = [];
  const wire = new Checker(catalog);
  const unusable = notAQuery(params);
  if (unusable !== undefined) {
    wire.reportWhole(`query ${unusable}`);
    return { ok: false, issues: wire.issues!, warnings: [], request };
  }
  const seen = new Set<string>();
  let position = 0;
  try {
    for (const entry of entriesOf(params)) {
      position++;
      const pair = readPair({ entry, position, problems, wire });
      if (pair === undefined) continue;
      const [name, value] = pair;
      if (seen.has(name)) {
        problems.push(twice(name));
        continue;
      }
      seen.add(name);
      insert({ target: request, shape, name, from: 0, value, problems, path: [] });
    }
  } catch (error) {
    // A hostile iterable or a proxy: what it let us read is judged, and the rest is one fault.
    const read = `${position} ${position === 1 ? 'entry' : 'entries'}`;
    wire.reportWhole(`query could not be read past ${read} (reading it threw ${nameOf(error)}); pass URLSearchParams, [name, value] pairs or a record of texts`);
  }
  const result = validate(request);
  for (const problem of problems) wire.reportAt(problem);
  const issues: ValidationIssue<Code>[] = [...(wire.issues ?? []), ...(result.ok ? [] : result.issues)];
  if (issues.length === 0) return { ...result, request };
  return { ok: false, issues, warnings: result.warnings, request };
}

function twice(name: string): WireProblem {
  const path = pathOf(name);
  return { kind: 'type', path: path.slice(0, -1), key: path[path.length - 1]!, detail: `${name} is given more than once; send it once.` };
}

/** Why `params` cannot be read as a query at all, completing "The <subject> query …"; undefined when it can. */
function notAQuery(params: unknown): string | undefined {
  if (typeof params === 'string') return 'is a string; pass new URLSearchParams(text) to read a query string';
  if (typeof params !== 'object' || params === null) return `must be URLSearchParams, [name, value] pairs or a record of texts; got ${kindOf(params)}`;
  return undefined;
}

function entriesOf(params: QueryInput): Iterable<unknown> {
  return params instanceof URLSearchParams || Symbol.iterator in params ? (params as Iterable<unknown>) : Object.entries(params);
}

/**
 * One received pair as [name, text], or undefined when it is not one; that fault is recorded.
 * Untyped callers pass what their framework gives: a record holding a list for a repeated name
 * (as Express's `req.query` does), a number, a pair without its value.
 */
function readPair<Code extends string>({ entry, position, problems, wire }: { entry: unknown; position: number; problems: WireProblem[]; wire: Checker<Code> }): QueryPair | undefined {
  if (Array.isArray(entry) && entry.length === 2 && typeof entry[0] === 'string' && typeof entry[1] === 'string') return entry as unknown as QueryPair;
  const name: unknown = Array.isArray(entry) ? entry[0] : undefined;
  if (typeof name !== 'string') {
    wire.reportWhole(`query: entry ${position} is not a [name, value] pair of texts; got ${Array.isArray(entry) ? `a list of ${entry.length}` : kindOf(entry)}`);
    return undefined;
  }
  const items = entry as unknown[];
  const value = items[1];
  // A repeated name read as a list: the first value counts, as it does for repeated pairs.
  if (items.length === 2 && Array.isArray(value) && value.length > 1 && typeof value[0] === 'string') {
    problems.push(twice(name));
    return [name, value[0]];
  }
  const path = pathOf(name);
  const got = items.length < 2 ? 'no value' : items.length > 2 ? `${items.length - 1} values` : Array.isArray(value) ? 'a list' : kindOf(value);
  problems.push({ kind: 'type', path: path.slice(0, -1), key: path[path.length - 1]!, detail: `${name} must be received as text; got ${got}.` });
  return undefined;
}

function kindOf(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/**
 * Places one received pair: `from` is where the part of its `name` this level places begins (an
 * offset, not a split copy of the name: a 1,000-item list has about 7,000 pairs).
 */
function insert({ target, shape, name, from, value, problems, path }: { target: Record<string, unknown>; shape: ObjectShape; name: string; from: number; value: string; problems: WireProblem[]; path: Path }): void {
  const dot = name.indexOf('.', from);
  const key = dot === -1 ? name.slice(from) : name.slice(from, dot);
  const field = Object.hasOwn(shape.fields, key) ? shape.fields[key] : undefined;
  // A name the shape does not know at all is unknown as a whole: `Promotions.1.ProductCode` is the
  // undeclared parameter `Promotions`, the name the client's validator gives the same mistake.
  if (field === undefined) return define({ target, key, value });
  if (field.kind === 'object') {
    if (dot === -1) return define({ target, key, value });
    const child = childObject(target, key);
    return child === undefined ? keepAsUnknown({ target, name, from, value }) : insert({ target: child, shape: field, name, from: dot + 1, value, problems, path: [...path, key] });
  }
  if (field.kind !== 'list') return dot === -1 ? define({ target, key, value: parseScalar(field.kind, value) }) : keepAsUnknown({ target, name, from, value });

  const indexEnd = dot === -1 ? -1 : name.indexOf('.', dot + 1);
  const index = dot === -1 ? '' : indexEnd === -1 ? name.slice(dot + 1) : name.slice(dot + 1, indexEnd);
  if (!LIST_INDEX.test(index)) {
    // `List.0.Field` or `List.01.Field` is the mistake of a caller who counts from 0 or pads: say so.
    if (!/^[0-9]+$/.test(index)) return keepAsUnknown({ target, name, from, value });
    const listName = [...path, key].join('.');
    const field = indexEnd === -1 ? '' : name.slice(indexEnd);
    problems.push({ kind: 'unknown', path, key: name.slice(from), detail: `It names no item: ${listName} numbers its items from 1, without leading zeros (${listName}.1${field}, ${listName}.2${field}, …).` });
    return;
  }
  const position = Number(index);
  const limit = Math.min(field.maxItems ?? MAX_INDEX, MAX_INDEX);
  if (position > limit) {
    // One item past the limit is one fault, however many of its fields were sent.
    if (problems.some((p) => p.kind === 'size' && p.key === key && p.path.join('.') === path.join('.'))) return;
    problems.push({ kind: 'size', path, key, detail: `${[...path, key].join('.')}.${index} is past the ${limit} items the list may hold.` });
    return;
  }
  const listed = Object.hasOwn(target, key);
  if (listed && !Array.isArray(target[key])) return keepAsUnknown({ target, name, from, value });
  // Defined once, by the first of its items: a list of 1,000 items has about 7,000 pairs.
  const list = listed ? (target[key] as unknown[]) : [];
  if (!listed) define({ target, key, value: list });
  const item = field.items;
  if (item.kind === 'object') {
    if (indexEnd === -1) return define({ target: list, key: position - 1, value });
    const child = childObject(list, position - 1);
    if (child === undefined) return keepAsUnknown({ target, name, from, value });
    return insert({ target: child, shape: item, name, from: indexEnd + 1, value, problems, path: [...path, key, position - 1] });
  }
  if (item.kind === 'list' || indexEnd !== -1) return keepAsUnknown({ target, name, from, value });
  define({ target: list, key: position - 1, value: parseScalar(item.kind, value) });
}

/** Anything the shape cannot place is kept under its full remaining name, so the validator names it as unknown. */
function keepAsUnknown({ target, name, from, value }: { target: Record<string, unknown>; name: string; from: number; value: string }): void {
  define({ target, key: name.slice(from), value });
}

/**
 * Strict: `3` is an integer; `3.0`, ` 3`, `0x3`, `3e0` stay text, which the validator rejects as
 * the wrong type. An integer past 2^53 is read as the number nearest it, which the validator
 * refuses as out of range, as it does the same integer handed to the client.
 */
function parseScalar(kind: ScalarShape['kind'], text: string): unknown {
  switch (kind) {
    case 'integer':
      return DECIMAL_INTEGER.test(text) && Number.isFinite(Number(text)) ? Number(text) : text;
    case 'number':
      return DECIMAL_NUMBER.test(text) && Number.isFinite(Number(text)) ? Number(text) : text;
    case 'boolean':
      return text === 'true' ? true : text === 'false' ? false : text;
    case 'string':
      return text;
  }
}

function childObject(container: Record<string, unknown> | unknown[], key: string | number): Record<string, unknown> | undefined {
  // Own only: an object a polluted prototype holds under this name is not the request's to fill.
  const existing = Object.hasOwn(container, key) ? (container as Record<string | number, unknown>)[key] : undefined;
  if (existing === undefined) {
    const created: Record<string, unknown> = {};
    define({ target: container, key, value: created });
    return created;
  }
  return typeof existing === 'object' && existing !== null && !Array.isArray(existing) ? (existing as Record<string, unknown>) : undefined;
}

/**
 * Defines rather than assigns wherever assigning could reach the prototype chain, so a received
 * `__proto__` is a plain key and never a prototype, and a setter a polluted prototype holds is never
 * called. On an object, a name found nowhere on the chain has no setter to reach (the chain ends at
 * Object.prototype, whose own prototype cannot change): assigning it makes the same own data
 * property, several times faster than defining it. A list is always defined into: Array.prototype's
 * prototype can be replaced, by a proxy that says it has no such index and then takes the value.
 */
function define({ target, key, value }: { target: Record<string, unknown> | unknown[]; key: string | number; value: unknown }): void {
  if (!Array.isArray(target) && !(key in target)) (target as Record<string | number, unknown>)[key] = value;
  else Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function pathOf(name: string): PathSegment[] {
  return name.split('.').map((segment) => (LIST_INDEX.test(segment) && Number(segment) <= MAX_INDEX ? Number(segment) - 1 : segment));
}

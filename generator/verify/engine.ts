import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import fc from 'fast-check';
import { arbitraryName } from '../emit/arbitraries.js';
import type { DocumentModel, NumericSchema, ObjectSchema, OperationModel, PropertyModel, RuleModel, SchemaModel, ViolationKind } from '../model.js';

/**
 * Is a provider faithful to the contract? Valid requests drawn from the generated arbitrary must
 * succeed with a body the contract accepts; invalid ones, each breaking exactly one documented
 * constraint, must fail with the documented status and code. Everything here is derived from the
 * model, so any spec the generator accepts can be verified the same way.
 */

export type CheckName = 'status' | 'code' | 'body' | 'content-type';
export const CHECKS: readonly CheckName[] = ['status', 'code', 'body', 'content-type'];

export interface Report {
  readonly ok: boolean;
  readonly baseUrl: string;
  readonly seed: number;
  readonly count: number;
  readonly valid: { readonly sent: number; readonly ok: number };
  /** `kinds`: how many invalid requests broke each kind of constraint (`rule:<code>` for a cross-field rule). */
  readonly invalid: { readonly sent: number; readonly ok: number; readonly kinds: Readonly<Record<string, number>> };
  /** Requests that got no answer at all (refused connection, timeout). */
  readonly unanswered: number;
  readonly checks: Readonly<Record<CheckName, { readonly checked: number; readonly ok: number }>>;
  readonly failures: readonly Failure[];
  /** What the verification could not exercise, so a pass is read for what it is. */
  readonly notes: readonly string[];
}

export interface Failure {
  readonly operation: string;
  readonly case: 'valid' | 'invalid';
  readonly index: number;
  /** For an invalid case: the one constraint it breaks. */
  readonly breaks?: string;
  readonly expected: { readonly status: number; readonly code?: string };
  readonly request: { readonly method: string; readonly url: string; readonly query: string };
  readonly response?: { readonly status: number; readonly contentType: string | undefined; readonly body: string };
  readonly problems: readonly { readonly check: CheckName | 'transport'; readonly message: string }[];
  /** The options that send this case again (as the last of the run). */
  readonly replay: string;
}

type Pair = readonly [string, string];
type Outcome = { readonly ok: boolean; readonly issues?: readonly { readonly code: string; readonly kind: string; readonly parameter: string; readonly message: string }[] };
type Validate = (input: unknown) => Outcome;

interface Bindings {
  readonly op: OperationModel;
  readonly arbitrary: fc.Arbitrary<unknown>;
  readonly toQuery: (request: unknown) => Pair[];
  readonly fromQuery: (pairs: Iterable<Pair>) => Outcome;
  readonly validateResponse: Validate;
  readonly validateError: Validate | undefined;
}

interface Signer {
  signRequest(input: {
    method: string;
    host: string;
    path: string;
    query: readonly Pair[];
    headers: Record<string, string>;
    accessKeyId: string;
    accessKeySecret: string;
  }): { headers: Readonly<Record<string, string>> };
  encodeQuery(query: readonly Pair[]): string;
  formatAcsDate(date: Date): string;
  newNonce(): string;
}

interface Case {
  readonly op: OperationModel;
  readonly bindings: Bindings;
  readonly kind: 'valid' | 'invalid';
  readonly index: number;
  readonly pairs: readonly Pair[];
  readonly expected: { readonly status: number; readonly code?: string };
  readonly breaks?: string;
  readonly breaksKind?: string;
}

/** Made-up credentials: the contract says every request is signed, not with whose key. */
const TEST_CREDENTIALS = { accessKeyId: 'verify-test-id', accessKeySecret: 'verify-test-secret' } as const;
const MAX_ATTEMPTS = 40;
const CONCURRENCY = 4;
const TIMEOUT_MS = 10_000;
const BODY_PREFIX = 300;
/** A list over maxItems is sent whole only while it stays this small; past it, one item beyond the limit is sent. */
const FULL_LIST_PAIRS = 200;
const KIND_ORDER: readonly string[] = ['missing', 'range', 'enum', 'size', 'type', 'unknown', 'rule'];

export async function verifyProvider({
  model,
  generatedDir,
  baseUrl,
  count,
  seed,
  timeoutMs = TIMEOUT_MS,
}: {
  model: DocumentModel;
  generatedDir: string;
  baseUrl: string;
  count: number;
  seed: number;
  timeoutMs?: number;
}): Promise<Report> {
  const { bindings, signer } = await loadGenerated({ model, generatedDir });
  const notes: string[] = [
    'Valid requests send no empty value for a declared parameter: OpenAPI\'s allowEmptyValue defaults to false, and Prism reads `Name=` as not supplied.',
  ];
  const cases: Case[] = [];
  for (const b of bindings) {
    const templates = invalidTemplates(b.op);
    notes.push(...templates.notes);
    for (let index = 0; index < count; index++) cases.push(validCase({ bindings: b, seed, index }));
    const kinds = KIND_ORDER.filter((kind) => templates.list.some((t) => t.family === kind));
    const exercised = new Set<string>();
    for (let index = 0; index < count && kinds.length > 0; index++) {
      const family = kinds[index % kinds.length]!;
      const made = invalidCase({ bindings: b, seed, index, templates: templates.list.filter((t) => t.family === family) });
      if (made === undefined) {
        notes.push(`${b.op.operationId}: invalid case ${index} (${family}) could not be derived in ${MAX_ATTEMPTS} attempts and was not sent.`);
        continue;
      }
      exercised.add(family);
      cases.push(made);
    }
    const unexercised = kinds.filter((k) => !exercised.has(k));
    if (unexercised.length > 0) notes.push(`${b.op.operationId}: with --count ${count}, no invalid request breaks a constraint of kind ${unexercised.join(', ')}.`);
  }

  const results = await pool(cases, CONCURRENCY, (c) => run({ c, baseUrl, signer, timeoutMs, seed }));
  const checks = Object.fromEntries(CHECKS.map((name) => [name, { checked: 0, ok: 0 }])) as Record<CheckName, { checked: number; ok: number }>;
  const failures: Failure[] = [];
  const kinds: Record<string, number> = {};
  let validOk = 0;
  let invalidOk = 0;
  let unanswered = 0;
  results.forEach((result, i) => {
    const c = cases[i]!;
    if (c.kind === 'invalid') kinds[c.breaksKind!] = (kinds[c.breaksKind!] ?? 0) + 1;
    for (const [name, ok] of result.checks) {
      checks[name].checked++;
      if (ok) checks[name].ok++;
    }
    if (result.failure === undefined) {
      if (c.kind === 'valid') validOk++;
      else invalidOk++;
      return;
    }
    if (result.failure.response === undefined) unanswered++;
    failures.push(result.failure);
  });
  const validSent = cases.filter((c) => c.kind === 'valid').length;
  return {
    ok: failures.length === 0,
    baseUrl,
    seed,
    count,
    valid: { sent: validSent, ok: validOk },
    invalid: { sent: cases.length - validSent, ok: invalidOk, kinds },
    unanswered,
    checks,
    failures,
    notes,
  };
}

/** The generated functions each operation needs, found by the names the emitters give them. */
async function loadGenerated({ model, generatedDir }: { model: DocumentModel; generatedDir: string }): Promise<{ bindings: Bindings[]; signer: Signer }> {
  const load = async (file: string) => {
    const path = resolve(generatedDir, file);
    const module = (await import(pathToFileURL(path).href)) as Record<string, unknown>;
    return <T>(name: string, optional = false): T => {
      const value = module[name];
      if (value !== undefined && value !== null) return value as T;
      if (optional) return undefined as T;
      throw new Error(`${path} has no export ${name}; run \`npm run generate\``);
    };
  };
  const [codec, validators, arbitraries, signerModule] = await Promise.all([load('codec.ts'), load('validators.ts'), load('arbitraries.ts'), load('runtime/signer.ts')]);
  const signer: Signer = {
    signRequest: signerModule('signRequest'),
    encodeQuery: signerModule('encodeQuery'),
    formatAcsDate: signerModule('formatAcsDate'),
    newNonce: signerModule('newNonce'),
  };
  const bindings = model.operations.map((op) => ({
    op,
    arbitrary: arbitraries<fc.Arbitrary<unknown>>(arbitraryName(op.request)),
    toQuery: codec<Bindings['toQuery']>(`to${op.operationId}Query`),
    fromQuery: codec<Bindings['fromQuery']>(`from${op.operationId}Query`),
    validateResponse: validators<Validate>(`validate${op.operationId}Response`),
    validateError: op.errorSchema === undefined ? undefined : validators<Validate | undefined>(`validate${op.errorSchema.name}`, true),
  }));
  return { bindings, signer };
}

// ---------------------------------------------------------------------------------------------
// Cases

/** Each case has its own seed, so case i is the same whatever --count is: `--count i+1` replays it. */
function caseSeed(...parts: readonly (string | number)[]): number {
  return createHash('sha256').update(parts.join(':')).digest().readInt32LE(0);
}

type Rng = () => number;

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

function pick<T>(items: readonly T[], rng: Rng): T | undefined {
  return items.length === 0 ? undefined : items[Math.floor(rng() * items.length)];
}

/** A valid request's pairs, redrawn until no declared parameter is empty and the generated decoder reads it back as valid. */
function validPairs({ bindings, seed }: { bindings: Bindings; seed: number }): Pair[] | undefined {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const [request] = fc.sample(bindings.arbitrary, { seed: caseSeed(seed, attempt), numRuns: 1 });
    const pairs = bindings.toQuery(request);
    if (hasEmptyDeclared(bindings.op, pairs)) continue;
    if (bindings.fromQuery(pairs).ok) return pairs;
  }
  return undefined;
}

function hasEmptyDeclared(op: OperationModel, pairs: readonly Pair[]): boolean {
  const names = new Set(op.request.properties.map((p) => p.name));
  return pairs.some(([name, value]) => value === '' && names.has(name));
}

function validCase({ bindings, seed, index }: { bindings: Bindings; seed: number; index: number }): Case {
  const { op } = bindings;
  const pairs = validPairs({ bindings, seed: caseSeed(seed, op.operationId, 'valid', index) });
  if (pairs === undefined) throw new Error(`${op.operationId}: the generated arbitrary gave no request the decoder accepts in ${MAX_ATTEMPTS} draws`);
  return { op, bindings, kind: 'valid', index, pairs, expected: { status: op.success.httpStatus } };
}

function invalidCase({ bindings, seed, index, templates }: { bindings: Bindings; seed: number; index: number; templates: readonly Template[] }): Case | undefined {
  const { op } = bindings;
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const base = validPairs({ bindings, seed: caseSeed(seed, op.operationId, 'invalid', index, attempt) });
    const rng = rngFrom(caseSeed(seed, op.operationId, 'invalid-choice', index, attempt));
    const template = pick(templates, rng);
    if (base === undefined || template === undefined) continue;
    if (template.container !== '' && !base.some(([name]) => name.startsWith(`${template.container}.`))) continue;
    const mutation = template.make(base, rng);
    if (mutation === undefined) continue;
    // Exactly one broken constraint, by the contract's own decoder: a second one would blur which
    // code is owed. (One constraint may be reported once per offending pair, all naming one parameter.)
    const decoded = bindings.fromQuery(mutation.pairs);
    const issues = decoded.issues ?? [];
    const first = issues[0];
    if (decoded.ok || first === undefined || first.kind !== template.family) continue;
    if (issues.some((i) => i.code !== template.code || i.kind !== first.kind || i.parameter !== first.parameter)) continue;
    const error = op.errors.find((e) => e.code === template.code);
    if (error === undefined) continue;
    return {
      op,
      bindings,
      kind: 'invalid',
      index,
      pairs: mutation.pairs,
      expected: { status: error.httpStatus, code: error.code },
      breaks: `${template.label}: ${mutation.describe}`,
      breaksKind: template.label,
    };
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Breaking one constraint, derived from the model

interface Template {
  /** missing, range, enum, size, type, unknown or rule: the round-robin groups cases by it. */
  readonly family: string;
  /** What the report counts: the family, or `rule:<name>` for a cross-field rule. */
  readonly label: string;
  readonly code: string;
  /** The wire prefix of the object the constraint lives in (`List.1`), '' for the request itself. */
  readonly container: string;
  make(base: readonly Pair[], rng: Rng): { pairs: Pair[]; describe: string } | undefined;
}

interface Slot {
  readonly wire: string;
  readonly container: string;
  readonly property: PropertyModel;
}

/** Every place a value can sit on the wire: the request's properties, then those of the first item of each list of objects. */
function slotsOf(object: ObjectSchema, container: string, depth = 0): { slots: Slot[]; objects: { object: ObjectSchema; container: string }[] } {
  const slots: Slot[] = [];
  const objects = [{ object, container }];
  for (const property of object.properties) {
    const wire = container === '' ? property.name : `${container}.${property.name}`;
    slots.push({ wire, container, property });
    const items = property.schema.kind === 'array' ? property.schema.items : undefined;
    if (items?.kind === 'object' && depth < 3) {
      const nested = slotsOf(items, `${wire}.1`, depth + 1);
      slots.push(...nested.slots);
      objects.push(...nested.objects);
    }
  }
  return { slots, objects };
}

function invalidTemplates(op: OperationModel): { list: Template[]; notes: string[] } {
  const list: Template[] = [];
  const notes: string[] = [];
  const { slots, objects } = slotsOf(op.request, '');
  const add = (family: ViolationKind, container: string, make: Template['make']) => list.push({ family, label: family, code: op.violations[family], container, make });

  for (const { wire, container, property } of slots) {
    const schema = property.schema;
    if (property.required) {
      add('missing', container, (base) => (has(base, wire) ? { pairs: without(base, wire), describe: `${wire} left out` } : undefined));
    }
    if ((schema.kind === 'integer' || schema.kind === 'number') && schema.enum === undefined) {
      const sides = outOfRange(schema);
      if (sides.length > 0) {
        add('range', container, (base, rng) => {
          const side = pick(sides, rng)!;
          return { pairs: withValue({ pairs: base, wire, value: String(side.value) }), describe: `${wire}=${side.value} (${side.limit})` };
        });
      }
    }
    const outside = notInEnum(schema);
    if (outside.length > 0) {
      add('enum', container, (base, rng) => {
        const value = pick(outside, rng)!;
        return { pairs: withValue({ pairs: base, wire, value: value }), describe: `${wire}=${value} (not one of ${(schema as { enum: readonly unknown[] }).enum.join(', ')})` };
      });
    }
    const wrong = wrongTypeTexts(schema);
    if (wrong.length > 0) {
      add('type', container, (base, rng) => {
        const value = pick(wrong, rng)!;
        return { pairs: withValue({ pairs: base, wire, value: value }), describe: `${wire}=${JSON.stringify(value)} (not ${article(schema.kind)})` };
      });
    }
    if (schema.kind === 'array') {
      add('type', container, (base) => ({ pairs: [...without(base, wire), [wire, 'x']], describe: `${wire}=x (a single value where a list is expected)` }));
      if (schema.maxItems !== undefined) {
        const maxItems = schema.maxItems;
        add('size', container, (base) => {
          const item = itemPairs({ pairs: base, wire, index: 1 });
          if (item.length === 0) return undefined;
          if ((maxItems + 1) * item.length <= FULL_LIST_PAIRS) {
            const items = Array.from({ length: maxItems + 1 }, (_, i) => reindex({ item, wire, index: i + 1 })).flat();
            return { pairs: [...without(base, wire), ...items], describe: `${wire} with ${maxItems + 1} items (maxItems ${maxItems})` };
          }
          return { pairs: [...base, ...reindex({ item, wire, index: maxItems + 1 })], describe: `${wire}.${maxItems + 1} sent (maxItems ${maxItems})` };
        });
      }
      if (schema.minItems !== undefined && schema.minItems >= 2) {
        const minItems = schema.minItems;
        add('size', container, (base) => {
          if (itemPairs({ pairs: base, wire, index: minItems }).length === 0) return undefined;
          const kept = base.filter(([name]) => !name.startsWith(`${wire}.`) || listIndex(name, wire) < minItems);
          return { pairs: kept, describe: `${wire} with ${minItems - 1} items (minItems ${minItems})` };
        });
      } else if (schema.minItems === 1) {
        notes.push(`${op.operationId}: minItems 1 of ${wire} cannot be broken on the wire (an empty list sends no pair at all).`);
      }
    }
  }

  for (const { object, container } of objects) {
    if (!object.closed) continue;
    const known = object.properties.map((p) => p.name);
    add('unknown', container, (base, rng) => {
      const name = misspelling(known, rng);
      if (name === undefined) return undefined;
      const wire = container === '' ? name : `${container}.${name}`;
      return { pairs: [...base, [wire, 'x']], describe: `${wire}=x (not a parameter${container === '' ? '' : ` of ${container}`})` };
    });
    for (const rule of object.rules) {
      const template = ruleTemplate({ rule, object, container });
      if (template !== undefined) list.push(template);
      else if (rule.severity === 'error') notes.push(`${op.operationId}: the ${rule.rule} rule on ${rule.parameter} is not exercised.`);
    }
  }
  return { list, notes };
}

function ruleTemplate({ rule, object, container }: { rule: RuleModel; object: ObjectSchema; container: string }): Template | undefined {
  if (rule.severity !== 'error' || rule.code === undefined || rule.rule !== 'notGreaterThan') return undefined;
  const schemaOf = (name: string) => object.properties.find((p) => p.name === name)?.schema as NumericSchema | undefined;
  const parameter = schemaOf(rule.parameter);
  const than = schemaOf(rule.than);
  if (parameter === undefined || than === undefined) return undefined;
  const wire = (name: string) => (container === '' ? name : `${container}.${name}`);
  return {
    family: 'rule',
    label: `rule:${rule.rule}`,
    code: rule.code,
    container,
    make: (base, rng) => {
      const lower = candidates(than).filter((t) => candidates(parameter).some((p) => p > t));
      const t = pick(lower, rng);
      if (t === undefined) return undefined;
      const p = Math.min(...candidates(parameter).filter((v) => v > t));
      const pairs = withValue({ pairs: withValue({ pairs: base, wire: wire(rule.than), value: String(t) }), wire: wire(rule.parameter), value: String(p) });
      return { pairs, describe: `${wire(rule.parameter)}=${p} is greater than ${wire(rule.than)}=${t}` };
    },
  };
}

/** Some values a numeric schema accepts, for building a rule's counter-example. */
function candidates(schema: NumericSchema): number[] {
  if (schema.enum !== undefined) return [...schema.enum];
  const low = schema.minimum ?? 0;
  const high = schema.maximum ?? low + 100;
  const span = Math.min(high - low, 100);
  return Array.from({ length: Math.floor(span) + 1 }, (_, i) => low + i);
}

function outOfRange(schema: NumericSchema): { value: number; limit: string }[] {
  const sides: { value: number; limit: string }[] = [];
  if (schema.maximum !== undefined) sides.push({ value: schema.maximum + 1, limit: `maximum ${schema.maximum}` });
  if (schema.minimum !== undefined) sides.push({ value: schema.minimum - 1, limit: `minimum ${schema.minimum}` });
  return sides;
}

/** Texts the schema's enum does not hold: a case variant first (Prism compares names loosely), then plainly wrong ones. */
function notInEnum(schema: SchemaModel): string[] {
  if (schema.kind === 'string' && schema.enum !== undefined) {
    const first = schema.enum[0]!;
    const values = [first.toLowerCase(), first.toUpperCase(), `${first}_X`, 'BOGUS'];
    return [...new Set(values)].filter((v) => v !== '' && !schema.enum!.includes(v));
  }
  if ((schema.kind === 'integer' || schema.kind === 'number') && schema.enum !== undefined) {
    const values = schema.enum;
    const low = Math.min(...values);
    const high = Math.max(...values);
    const gaps: string[] = [];
    for (let v = Math.ceil(low); v <= high && gaps.length < 3; v++) if (!values.includes(v)) gaps.push(String(v));
    return gaps.length > 0 ? gaps : [String(Math.floor(high) + 1)];
  }
  return [];
}

/** Texts the wire decoder cannot read as the schema's type (every query value is text, so strings have none). */
function wrongTypeTexts(schema: SchemaModel): string[] {
  switch (schema.kind) {
    case 'integer':
      return ['3.0', 'abc', '0x1F', '1e2', ' 7'];
    case 'number':
      return ['abc', '1,5', 'NaN'];
    case 'boolean':
      return ['yes', 'True', '1'];
    default:
      return [];
  }
}

function article(kind: string): string {
  return `${/^[aeiou]/.test(kind) ? 'an' : 'a'} ${kind}`;
}

/** A name one edit away from a real one, and no real name in any case. */
function misspelling(known: readonly string[], rng: Rng): string | undefined {
  const lower = new Set(known.map((k) => k.toLowerCase()));
  for (let attempt = 0; attempt < 20; attempt++) {
    const name = pick(known, rng);
    if (name === undefined || name.length < 2) continue;
    const at = 1 + Math.floor(rng() * (name.length - 1));
    const edits = [
      `${name}s`,
      name.slice(0, at) + name.slice(at + 1),
      name.slice(0, at) + name[at] + name.slice(at),
      name.slice(0, at - 1) + (name[at] ?? '') + name[at - 1] + name.slice(at + 1),
    ];
    const candidate = pick(edits, rng)!;
    if (/^[A-Za-z][A-Za-z0-9]*$/.test(candidate) && !lower.has(candidate.toLowerCase())) return candidate;
  }
  return undefined;
}

function has(pairs: readonly Pair[], wire: string): boolean {
  return pairs.some(([name]) => name === wire || name.startsWith(`${wire}.`));
}

function without(pairs: readonly Pair[], wire: string): Pair[] {
  return pairs.filter(([name]) => name !== wire && !name.startsWith(`${wire}.`));
}

function withValue({ pairs, wire, value }: { pairs: readonly Pair[]; wire: string; value: string }): Pair[] {
  return [...without(pairs, wire), [wire, value]];
}

/** The pairs of item `index` (1-based) of the list at `wire`. */
function itemPairs({ pairs, wire, index }: { pairs: readonly Pair[]; wire: string; index: number }): Pair[] {
  return pairs.filter(([name]) => name === `${wire}.${index}` || name.startsWith(`${wire}.${index}.`));
}

function reindex({ item, wire, index }: { item: readonly Pair[]; wire: string; index: number }): Pair[] {
  return item.map(([name, value]) => [`${wire}.${index}${name.slice(wire.length).replace(/^\.\d+/, '')}`, value] as const);
}

function listIndex(name: string, wire: string): number {
  return Number(name.slice(wire.length + 1).split('.')[0]);
}

// ---------------------------------------------------------------------------------------------
// Sending and checking

interface Result {
  readonly checks: readonly [CheckName, boolean][];
  readonly failure: Failure | undefined;
}

async function run({ c, baseUrl, signer, timeoutMs, seed }: { c: Case; baseUrl: string; signer: Signer; timeoutMs: number; seed: number }): Promise<Result> {
  const { op } = c;
  const url = new URL(op.path, baseUrl);
  const query = signer.encodeQuery(c.pairs);
  const headers: Record<string, string> = Object.fromEntries(op.fixedHeaders.map((h) => [h.name, h.value]));
  headers['x-acs-date'] = signer.formatAcsDate(new Date());
  headers['x-acs-signature-nonce'] = signer.newNonce();
  const signed = signer.signRequest({ method: op.method, host: url.host, path: url.pathname, query: c.pairs, headers, ...TEST_CREDENTIALS });
  const { host: _host, ...send } = signed.headers;
  const target = `${url.origin}${url.pathname}${query === '' ? '' : `?${query}`}`;
  const failure = (problems: Failure['problems'], response?: Failure['response']): Failure => ({
    operation: op.operationId,
    case: c.kind,
    index: c.index,
    ...(c.breaks === undefined ? {} : { breaks: c.breaks }),
    expected: c.expected,
    request: { method: op.method, url: target, query },
    ...(response === undefined ? {} : { response }),
    problems,
    replay: `--seed ${seed} --count ${c.index + 1} (${c.kind} case ${c.index} of ${op.operationId})`,
  });

  let response: Response;
  let text: string;
  try {
    response = await fetch(target, { method: op.method, headers: { ...send, accept: 'application/json' }, redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) });
    text = await response.text();
  } catch (error) {
    return { checks: [], failure: failure([{ check: 'transport', message: `no answer: ${describeError(error)}` }]) };
  }

  const contentType = response.headers.get('content-type') ?? undefined;
  const problems: { check: CheckName; message: string }[] = [];
  const checks: [CheckName, boolean][] = [];
  const record = (check: CheckName, ok: boolean, message: string) => {
    checks.push([check, ok]);
    if (!ok) problems.push({ check, message });
  };

  record('content-type', contentType !== undefined && /^application\/json\s*(;|$)/i.test(contentType), `expected application/json, got ${contentType ?? 'none'}`);
  record('status', response.status === c.expected.status, `expected ${c.expected.status}, got ${response.status}`);
  let body: unknown;
  let parsed = true;
  try {
    body = JSON.parse(text);
  } catch {
    parsed = false;
  }
  if (c.kind === 'valid') {
    record('body', parsed && c.bindings.validateResponse(body).ok, parsed ? `not the success body the contract describes: ${issueText(c.bindings.validateResponse(body))}` : 'not JSON');
  } else {
    const code = parsed && typeof body === 'object' && body !== null ? (body as Record<string, unknown>)['Code'] : undefined;
    const documented = typeof code === 'string' && op.errors.some((e) => e.code === code);
    record('code', code === c.expected.code, `expected ${c.expected.code}, got ${typeof code === 'string' ? `${code}${documented ? '' : ' (not a documented code)'}` : 'no Code'}`);
    const validate = c.bindings.validateError;
    const verdict = parsed && validate !== undefined ? validate(body) : undefined;
    const bodyOk = parsed && (verdict === undefined ? typeof code === 'string' : verdict.ok);
    record('body', bodyOk, parsed ? `not the error body the contract describes: ${verdict === undefined ? 'no Code' : issueText(verdict)}` : 'not JSON');
  }
  const responseSummary = { status: response.status, contentType, body: text.length > BODY_PREFIX ? `${text.slice(0, BODY_PREFIX)}…` : text };
  return { checks, failure: problems.length === 0 ? undefined : failure(problems, responseSummary) };
}

const KIND_PHRASES: Readonly<Record<string, string>> = {
  missing: 'is missing',
  type: 'has the wrong type',
  range: 'is out of range',
  enum: 'is not an allowed value',
  size: 'has the wrong number of items',
  unknown: 'is not in the contract',
  rule: 'breaks a rule',
};

/** The validator's issues said about a body (its messages are worded for requests). */
function issueText(outcome: Outcome): string {
  const issues = outcome.issues ?? [];
  if (issues.length === 0) return 'invalid';
  return issues.map((i) => `${i.parameter || 'the body'} ${KIND_PHRASES[i.kind] ?? i.kind}`).join('; ');
}

function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
  return `${error.message}${cause}`;
}

async function pool<T, R>(items: readonly T[], size: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(size, items.length) }, worker));
  return results;
}

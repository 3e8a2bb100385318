import { pointerTo } from './diagnostics.js';
import {
  VIOLATION_KINDS,
  type ArraySchema,
  type DocumentModel,
  type NumericSchema,
  type ObjectSchema,
  type OperationModel,
  type PropertyModel,
  type RuleModel,
  type Scalar,
  type SchemaModel,
  type ServerModel,
  type SignatureModel,
  type StringSchema,
} from './model.js';

export type Verdict = 'breaking' | 'non-breaking';

/** One difference between two versions of a contract, judged from both ends of the wire. */
export interface Change {
  /** Where to look: in the new document, or in the old one for something that was removed. */
  readonly pointer: string;
  /** A stable id (`parameter-removed`, `maximum-lowered`, …) for tools and tests. */
  readonly kind: string;
  /** One line, in the API's own names. */
  readonly message: string;
  /** Does code written against the old contract keep working against a service that follows the new one? */
  readonly client: Verdict;
  /** Does a provider (fake, proxy, mock) written to the old contract still satisfy the new one? */
  readonly provider: Verdict;
}

/**
 * Every difference that can change what a client or a provider does, in a fixed order (pointer,
 * then kind). Both sides are models, so a schema moved into components and $ref'd is no change.
 * Descriptions, examples, message templates and the changelog are not compared.
 */
export function diffDocuments({ before, after }: { before: DocumentModel; after: DocumentModel }): Change[] {
  const changes = [
    ...diffServers({ before: before.servers, after: after.servers }),
    ...diffSignature({ before: before.signature, after: after.signature }),
    ...diffProduct({ before: before.product, after: after.product }),
    ...diffOperations({ before: before.operations, after: after.operations }),
  ];
  return changes.sort((x, y) => compareText(x.pointer, y.pointer) || compareText(x.kind, y.kind) || compareText(x.message, y.message));
}

// ---------------------------------------------------------------------------------------------
// Verdicts

type Direction = 'request' | 'response';

/**
 * How a change moves the set of messages the contract allows. Fewer allowed requests break the
 * clients that sent the others; more break the providers that refuse them. For what the provider
 * sends back it is the other way round, which is why one table serves both directions.
 */
type Effect = 'narrows' | 'widens' | 'both' | 'neither';

function breaks({ client, provider }: { client: boolean; provider: boolean }): Pick<Change, 'client' | 'provider'> {
  return { client: client ? 'breaking' : 'non-breaking', provider: provider ? 'breaking' : 'non-breaking' };
}

function judge({ effect, direction }: { effect: Effect; direction: Direction }): Pick<Change, 'client' | 'provider'> {
  const narrows = effect === 'narrows' || effect === 'both';
  const widens = effect === 'widens' || effect === 'both';
  return direction === 'request' ? breaks({ client: narrows, provider: widens }) : breaks({ client: widens, provider: narrows });
}

function combine(a: Effect, b: Effect): Effect {
  if (a === 'neither' || a === b) return b;
  if (b === 'neither') return a;
  return 'both';
}

const BOTH = breaks({ client: true, provider: true });

// ---------------------------------------------------------------------------------------------
// The document and its wire binding

function diffServers({ before, after }: { before: readonly ServerModel[]; after: readonly ServerModel[] }): Change[] {
  const changes: Change[] = [];
  const describe = (s: ServerModel) => (s.network === undefined ? s.url : `${s.url} (${s.network})`);
  // Matched by position: the first server is the one clients use by default, so reordering is a change too.
  for (let index = 0; index < Math.max(before.length, after.length); index++) {
    const pointer = pointerTo('#/servers', index);
    const old = before[index];
    const now = after[index];
    if (now === undefined) {
      if (old !== undefined) changes.push({ pointer, kind: 'server-removed', message: `server ${describe(old)} removed`, ...breaks({ client: true, provider: false }) });
      continue;
    }
    if (old === undefined) {
      changes.push({ pointer, kind: 'server-added', message: `server ${describe(now)} added`, ...breaks({ client: false, provider: true }) });
      continue;
    }
    if (old.url !== now.url) changes.push({ pointer, kind: 'server-url-changed', message: `server URL ${old.url} became ${now.url}`, ...BOTH });
    if (old.network !== now.network) {
      changes.push({ pointer, kind: 'server-network-changed', message: `server ${now.url} network ${String(old.network)} became ${String(now.network)}`, ...BOTH });
    }
    const variables = (s: ServerModel) => JSON.stringify(Object.entries(s.variables).sort(([a], [b]) => compareText(a, b)));
    if (variables(old) !== variables(now)) {
      changes.push({ pointer: pointerTo(pointer, 'variables'), kind: 'server-variables-changed', message: `server ${now.url} variables ${variables(old)} became ${variables(now)}`, ...BOTH });
    }
  }
  return changes;
}

function diffSignature({ before, after }: { before: SignatureModel | undefined; after: SignatureModel | undefined }): Change[] {
  const describe = (s: SignatureModel | undefined) => (s === undefined ? 'no signature' : `${s.algorithm} in the ${s.header} header`);
  if (describe(before) === describe(after)) return [];
  return [{ pointer: '#/security', kind: 'signature-changed', message: `requests were signed with ${describe(before)}, now ${describe(after)}`, ...BOTH }];
}

/** The product names the client's error class, so code that catches it by name stops compiling. */
function diffProduct({ before, after }: { before: string | undefined; after: string | undefined }): Change[] {
  if (before === after) return [];
  return [{ pointer: '#/info/x-acs-product', kind: 'product-changed', message: `product ${String(before)} became ${String(after)}`, ...breaks({ client: true, provider: false }) }];
}

function diffOperations({ before, after }: { before: readonly OperationModel[]; after: readonly OperationModel[] }): Change[] {
  const old = new Map(before.map((op) => [op.operationId, op]));
  const now = new Map(after.map((op) => [op.operationId, op]));
  return [
    ...before
      .filter((op) => !now.has(op.operationId))
      .map((op) => ({ pointer: op.pointer, kind: 'operation-removed', message: `${op.operationId}: operation removed`, ...breaks({ client: true, provider: false }) })),
    ...after
      .filter((op) => !old.has(op.operationId))
      .map((op) => ({ pointer: op.pointer, kind: 'operation-added', message: `${op.operationId}: operation added`, ...breaks({ client: false, provider: true }) })),
    ...after.flatMap((op) => {
      const previous = old.get(op.operationId);
      return previous === undefined ? [] : diffOperation({ before: previous, after: op });
    }),
  ];
}

function diffOperation({ before, after }: { before: OperationModel; after: OperationModel }): Change[] {
  const name = after.operationId;
  const changes: Change[] = [];
  const binding = (kind: string, message: string, pointer = after.pointer) => changes.push({ pointer, kind, message: `${name}: ${message}`, ...BOTH });
  if (before.method !== after.method) binding('method-changed', `method ${before.method} became ${after.method}`);
  if (before.path !== after.path) binding('path-changed', `path ${before.path} became ${after.path}`);
  for (const header of new Set([...before.fixedHeaders, ...after.fixedHeaders].map((h) => h.name))) {
    const old = before.fixedHeaders.find((h) => h.name === header)?.value;
    const now = after.fixedHeaders.find((h) => h.name === header)?.value;
    if (old !== now) binding('fixed-header-changed', `fixed header ${header}: ${quote(old)} became ${quote(now)}`, pointerTo(after.pointer, 'parameters'));
  }
  for (const kind of VIOLATION_KINDS) {
    const old = before.violations[kind];
    const now = after.violations[kind];
    if (old !== now) binding('violation-code-changed', `a ${kind} violation answered ${old}, now ${now}`, pointerTo(after.pointer, 'x-acs-violations'));
  }
  if (before.success.httpStatus !== after.success.httpStatus) {
    binding('success-status-changed', `success answered ${before.success.httpStatus}, now ${after.success.httpStatus}`, pointerTo(after.pointer, 'responses'));
  }
  changes.push(
    ...diffObject({ before: before.request, after: after.request, place: { operation: name, direction: 'request', noun: 'parameter', path: '' }, parameters: true }),
    ...diffObject({ before: before.success.schema, after: after.success.schema, place: { operation: name, direction: 'response', noun: 'response field', path: '' }, parameters: false }),
    ...diffErrorBody({ before: before.errorSchema, after: after.errorSchema, operation: after }),
    ...diffErrors({ before, after }),
  );
  return changes;
}

function diffErrorBody({ before, after, operation }: { before: ObjectSchema | undefined; after: ObjectSchema | undefined; operation: OperationModel }): Change[] {
  const place: Place = { operation: operation.operationId, direction: 'response', noun: 'error body field', path: '' };
  if (before !== undefined && after !== undefined) return diffObject({ before, after, place, parameters: false });
  if (before === after) return [];
  const pointer = (after ?? before)!.pointer;
  const kind = after === undefined ? 'error-body-removed' : 'error-body-added';
  const effect = after === undefined ? 'widens' : 'narrows';
  return [{ pointer, kind, message: `${operation.operationId}: error body schema ${after === undefined ? 'removed' : 'added'}`, ...judge({ effect, direction: 'response' }) }];
}

/**
 * A client's error handling is written for the documented codes and statuses: a code it has not
 * seen, one it handles that disappeared, or a status it did not expect all change what it does.
 */
function diffErrors({ before, after }: { before: OperationModel; after: OperationModel }): Change[] {
  const name = after.operationId;
  const changes: Change[] = [];
  for (const error of before.errors) {
    if (after.errors.some((e) => e.code === error.code)) continue;
    // Removed is breaking for providers too: one written to the old contract still answers it.
    changes.push({ pointer: error.pointer, kind: 'error-removed', message: `${name}: error ${error.code} (${error.httpStatus}) removed`, ...BOTH });
  }
  for (const error of after.errors) {
    const old = before.errors.find((e) => e.code === error.code);
    const report = (kind: string, message: string, verdict: Pick<Change, 'client' | 'provider'>) =>
      changes.push({ pointer: error.pointer, kind, message: `${name}: error ${error.code} ${message}`, ...verdict });
    if (old === undefined) {
      report('error-added', `(${error.httpStatus}) added`, breaks({ client: true, provider: false }));
      continue;
    }
    if (old.httpStatus !== error.httpStatus) report('error-status-changed', `status ${old.httpStatus} became ${error.httpStatus}`, BOTH);
    // A client built on the old contract keeps retrying a failure that is no longer safe to repeat;
    // one that no longer retries a now-retryable failure only gives up sooner.
    if (old.retryable !== error.retryable) report('error-retryable-changed', error.retryable ? 'is now safe to retry' : 'is no longer safe to retry', breaks({ client: old.retryable, provider: false }));
  }
  return changes;
}

// ---------------------------------------------------------------------------------------------
// Schemas

interface Place {
  readonly operation: string;
  readonly direction: Direction;
  /** How a message names a member here: `parameter`, `response field`, `error body field`. */
  readonly noun: string;
  /** The path from the top of the request or response, e.g. `Parts[].Label`; empty at the top. */
  readonly path: string;
}

function say(place: Place, text: string): string {
  return `${place.operation}: ${text}`;
}

function child(place: Place, name: string): Place {
  return { ...place, path: place.path === '' ? name : `${place.path}.${name}` };
}

function kindOf(place: Place, what: string): string {
  return `${place.direction === 'request' ? 'parameter' : 'response-field'}-${what}`;
}

/**
 * Where a member is written. An object's properties sit under it. An operation's parameters do
 * not sit under the request's pointer, and the model keeps only where each one's schema is: an
 * inline schema sits right under its parameter; for a shared one the parameter list is the best
 * place to point at.
 */
function memberPointer({ object, property, parameters }: { object: ObjectSchema; property: PropertyModel; parameters: boolean }): string {
  if (!parameters) return pointerTo(object.pointer, 'properties', property.name);
  const parameter = /^(.*\/(?:parameters\/\d+|components\/parameters\/[^/]+))\/schema$/.exec(property.schema.pointer)?.[1];
  return parameter ?? object.pointer;
}

function diffObject({ before, after, place, parameters }: { before: ObjectSchema; after: ObjectSchema; place: Place; parameters: boolean }): Change[] {
  const changes: Change[] = [];
  const removed = before.properties.filter((p) => !after.properties.some((q) => q.name === p.name));
  const added = after.properties.filter((p) => !before.properties.some((q) => q.name === p.name));
  const at = (object: ObjectSchema, property: PropertyModel) => memberPointer({ object, property, parameters });
  const label = (property: PropertyModel) => child(place, property.name).path;

  const [gone] = removed;
  const [fresh] = added;
  // One member out and one in, with the same schema, in the same place: most likely a rename, which
  // reads better as one change than as an unrelated removal and addition, and hurts whom both do.
  if (removed.length === 1 && added.length === 1 && gone !== undefined && fresh !== undefined && sameShape(gone.schema, fresh.schema)) {
    const effect = combine(removalEffect({ after, place }), additionEffect({ before, property: fresh, place }));
    changes.push({ pointer: at(after, fresh), kind: kindOf(place, 'renamed'), message: say(place, `${place.noun} ${label(gone)} renamed to ${label(fresh)}`), ...judge({ effect, direction: place.direction }) });
  } else {
    for (const property of removed) {
      changes.push({
        pointer: at(before, property),
        kind: kindOf(place, 'removed'),
        message: say(place, `${place.noun} ${label(property)} removed`),
        ...judge({ effect: removalEffect({ after, place }), direction: place.direction }),
      });
    }
    for (const property of added) changes.push(addedMember({ before, after, property, place, pointer: at(after, property) }));
  }

  for (const property of after.properties) {
    const old = before.properties.find((p) => p.name === property.name);
    if (old === undefined) continue;
    const here = child(place, property.name);
    if (old.required !== property.required) {
      const effect = property.required ? 'narrows' : 'widens';
      const what = property.required ? 'made-required' : 'made-optional';
      changes.push({ pointer: at(after, property), kind: kindOf(place, what), message: say(place, `${place.noun} ${here.path} is now ${property.required ? 'required' : 'optional'}`), ...judge({ effect, direction: place.direction }) });
    }
    if (old.schema.kind === property.schema.kind && old.style !== property.style) {
      changes.push({ pointer: at(after, property), kind: 'list-style-changed', message: say(place, `${place.noun} ${here.path} travels as ${String(property.style)}, not ${String(old.style)}`), ...BOTH });
    }
    changes.push(...diffSchema({ before: old.schema, after: property.schema, place: here }));
  }

  if (before.closed !== after.closed) {
    const where = place.path === '' ? after.name : place.path;
    const message = after.closed ? `${where} now refuses unknown fields` : `${where} now allows unknown fields`;
    changes.push({ pointer: pointerTo(after.pointer, 'additionalProperties'), kind: after.closed ? 'object-closed' : 'object-opened', message: say(place, message), ...judge({ effect: after.closed ? 'narrows' : 'widens', direction: place.direction }) });
  }
  changes.push(...diffRules({ before, after, place }));
  return changes;
}

/**
 * Old clients still send a removed parameter: a closed object now refuses it, an open one ignores
 * it, and either way the call no longer does what they wrote. Old clients read a removed response
 * field; a provider that keeps sending it breaks only a closed response.
 */
function removalEffect({ after, place }: { after: ObjectSchema; place: Place }): Effect {
  if (place.direction === 'request') return 'narrows';
  return after.closed ? 'both' : 'widens';
}

function addedMember({ before, after, property, place, pointer }: { before: ObjectSchema; after: ObjectSchema; property: PropertyModel; place: Place; pointer: string }): Change {
  const rules = after.rules.filter((rule) => triggers(rule).includes(property.name));
  const note = rules.length === 0 ? '' : `, with its rules: ${rules.map(describeRule).join('; ')}`;
  return {
    pointer,
    kind: kindOf(place, 'added'),
    message: say(place, `${property.required ? 'required' : 'optional'} ${place.noun} ${child(place, property.name).path} added${note}`),
    ...judge({ effect: additionEffect({ before, property, place }), direction: place.direction }),
  };
}

/**
 * An old provider refuses any new parameter as unknown; a required one is also missing from every
 * old client's call. In a response, an old provider never sends the new field (breaking only when it
 * is required), and an old client refuses it only where the object was closed.
 */
function additionEffect({ before, property, place }: { before: ObjectSchema; property: PropertyModel; place: Place }): Effect {
  if (place.direction === 'request') return property.required ? 'both' : 'widens';
  return combine(property.required ? 'narrows' : 'neither', before.closed ? 'widens' : 'neither');
}

function diffSchema({ before, after, place }: { before: SchemaModel; after: SchemaModel; place: Place }): Change[] {
  const name = `${place.noun} ${place.path}`;
  if (before.kind !== after.kind) {
    return [{ pointer: after.pointer, kind: 'type-changed', message: say(place, `${name} was ${before.kind}, now ${after.kind}`), ...BOTH }];
  }
  const changes = diffDefault({ before, after, place });
  // The kinds are equal (checked above), so each cast only restates what `after.kind` says.
  switch (after.kind) {
    case 'string':
      return [...changes, ...diffEnum({ before: before as StringSchema, after, place })];
    case 'integer':
    case 'number': {
      const old = before as NumericSchema;
      const limits: Limit[] = [
        { keyword: 'minimum', before: old.minimum, after: after.minimum },
        { keyword: 'maximum', before: old.maximum, after: after.maximum },
      ];
      return [...changes, ...limits.flatMap((limit) => diffLimit({ limit, before, after, place })), ...diffEnum({ before: old, after, place })];
    }
    case 'boolean':
      return changes;
    case 'array': {
      const old = before as ArraySchema;
      const limits: Limit[] = [
        { keyword: 'minItems', before: old.minItems, after: after.minItems },
        { keyword: 'maxItems', before: old.maxItems, after: after.maxItems },
      ];
      const items = { ...place, path: `${place.path}[]` };
      return [...changes, ...limits.flatMap((limit) => diffLimit({ limit, before, after, place })), ...diffSchema({ before: old.items, after: after.items, place: items })];
    }
    case 'object':
      return [...changes, ...diffObject({ before: before as ObjectSchema, after, place, parameters: false })];
  }
}

/**
 * A request default is what the service does when a client leaves the value out. Changing it changes
 * what existing calls do and what an old provider does; a new default binds only providers; a removed
 * one leaves clients that relied on it without a promise.
 */
function diffDefault({ before, after, place }: { before: SchemaModel; after: SchemaModel; place: Place }): Change[] {
  if (place.direction !== 'request' || before.default === after.default) return [];
  const message = say(place, `${place.noun} ${place.path} default ${quote(before.default)} became ${quote(after.default)}`);
  const pointer = pointerTo(after.default === undefined ? before.pointer : after.pointer, 'default');
  return [{ pointer, kind: 'default-changed', message, ...breaks({ client: before.default !== undefined, provider: after.default !== undefined }) }];
}

type LimitKeyword = 'minimum' | 'maximum' | 'minItems' | 'maxItems';

interface Limit {
  readonly keyword: LimitKeyword;
  readonly before: number | undefined;
  readonly after: number | undefined;
}

/** Each limit, named as in its kinds, with the way it moves to let fewer values through. */
const LIMITS: Record<LimitKeyword, { readonly id: string; readonly tighterWhen: 'raised' | 'lowered' }> = {
  minimum: { id: 'minimum', tighterWhen: 'raised' },
  maximum: { id: 'maximum', tighterWhen: 'lowered' },
  minItems: { id: 'min-items', tighterWhen: 'raised' },
  maxItems: { id: 'max-items', tighterWhen: 'lowered' },
};

function diffLimit({ limit, before, after, place }: { limit: Limit; before: SchemaModel; after: SchemaModel; place: Place }): Change[] {
  const { keyword } = limit;
  const { id, tighterWhen } = LIMITS[keyword];
  const name = `${place.noun} ${place.path}`;
  if (limit.before === limit.after) return [];
  if (limit.after === undefined) {
    return [{ pointer: pointerTo(before.pointer, keyword), kind: `${id}-removed`, message: say(place, `${name} ${keyword} ${limit.before} removed`), ...judge({ effect: 'widens', direction: place.direction }) }];
  }
  if (limit.before === undefined) {
    return [{ pointer: pointerTo(after.pointer, keyword), kind: `${id}-added`, message: say(place, `${name} ${keyword} ${limit.after} added`), ...judge({ effect: 'narrows', direction: place.direction }) }];
  }
  const moved = limit.after > limit.before ? 'raised' : 'lowered';
  const effect = moved === tighterWhen ? 'narrows' : 'widens';
  return [{ pointer: pointerTo(after.pointer, keyword), kind: `${id}-${moved}`, message: say(place, `${name} ${keyword} ${moved} from ${limit.before} to ${limit.after}`), ...judge({ effect, direction: place.direction }) }];
}

function diffEnum({ before, after, place }: { before: StringSchema | NumericSchema; after: StringSchema | NumericSchema; place: Place }): Change[] {
  const old: readonly Scalar[] | undefined = before.enum;
  const now: readonly Scalar[] | undefined = after.enum;
  const name = `${place.noun} ${place.path}`;
  const list = (values: readonly Scalar[]) => values.map((v) => JSON.stringify(v)).join(', ');
  if (old === undefined && now === undefined) return [];
  if (old === undefined) {
    return [{ pointer: pointerTo(after.pointer, 'enum'), kind: 'enum-added', message: say(place, `${name} now only allows ${list(now!)}`), ...judge({ effect: 'narrows', direction: place.direction }) }];
  }
  if (now === undefined) {
    return [{ pointer: pointerTo(before.pointer, 'enum'), kind: 'enum-removed', message: say(place, `${name} no longer limited to ${list(old)}`), ...judge({ effect: 'widens', direction: place.direction }) }];
  }
  const removed = old.filter((v) => !now.includes(v));
  const added = now.filter((v) => !old.includes(v));
  const pointer = pointerTo(after.pointer, 'enum');
  return [
    ...(removed.length === 0 ? [] : [{ pointer, kind: 'enum-value-removed', message: say(place, `${name} no longer allows ${list(removed)}`), ...judge({ effect: 'narrows', direction: place.direction }) }]),
    ...(added.length === 0 ? [] : [{ pointer, kind: 'enum-value-added', message: say(place, `${name} now also allows ${list(added)}`), ...judge({ effect: 'widens', direction: place.direction }) }]),
  ];
}

// ---------------------------------------------------------------------------------------------
// Cross-field rules

/** The members that must all be present for the rule to fire (what the generated checks test first). */
function triggers(rule: RuleModel): string[] {
  switch (rule.rule) {
    case 'notGreaterThan':
      return [rule.parameter, rule.than];
    case 'effectiveOnlyWhen':
      return [rule.parameter];
    case 'ignoredWhenPresent':
      return [rule.parameter, rule.present];
  }
}

function ruleKey(rule: RuleModel): string {
  switch (rule.rule) {
    case 'notGreaterThan':
      return JSON.stringify([rule.rule, rule.parameter, rule.than]);
    case 'effectiveOnlyWhen':
      return JSON.stringify([rule.rule, rule.parameter, rule.when.parameter, rule.when.equals]);
    case 'ignoredWhenPresent':
      return JSON.stringify([rule.rule, rule.parameter, rule.present]);
  }
}

function describeRule(rule: RuleModel): string {
  const severity = rule.severity === 'error' ? `error ${String(rule.code)}` : 'warning';
  switch (rule.rule) {
    case 'notGreaterThan':
      return `${rule.parameter} must not exceed ${rule.than} (${severity})`;
    case 'effectiveOnlyWhen':
      return `${rule.parameter} takes effect only when ${rule.when.parameter} is ${String(rule.when.equals)} (${severity})`;
    case 'ignoredWhenPresent':
      return `${rule.parameter} is ignored when ${rule.present} is present (${severity})`;
  }
}

/**
 * A new error rule refuses requests that were valid; a removed one lets through requests an old
 * provider refuses; warnings refuse nothing. A rule fires only when all its members are present, so
 * one that involves a member that is new (or gone) cannot touch any request an old client sends:
 * it comes (or goes) with that member and is told in that member's change, not as one of its own.
 */
function diffRules({ before, after, place }: { before: ObjectSchema; after: ObjectSchema; place: Place }): Change[] {
  const changes: Change[] = [];
  const has = (object: ObjectSchema, name: string) => object.properties.some((p) => p.name === name);
  const where = place.path === '' ? '' : ` in ${place.path}`;
  const severityEffect = (rule: RuleModel, when: 'added' | 'removed'): Effect => {
    if (rule.severity === 'warning') return 'neither';
    return when === 'added' ? 'narrows' : 'widens';
  };
  for (const rule of after.rules) {
    const old = before.rules.find((r) => ruleKey(r) === ruleKey(rule));
    if (old === undefined) {
      if (!triggers(rule).every((name) => has(before, name))) continue;
      changes.push({ pointer: rule.pointer, kind: 'rule-added', message: say(place, `rule added${where}: ${describeRule(rule)}`), ...judge({ effect: severityEffect(rule, 'added'), direction: place.direction }) });
      continue;
    }
    if (old.severity !== rule.severity) {
      const effect = rule.severity === 'error' ? 'narrows' : 'widens';
      changes.push({ pointer: rule.pointer, kind: 'rule-severity-changed', message: say(place, `rule${where} is now ${rule.severity === 'error' ? 'an error' : 'a warning'}: ${describeRule(rule)}`), ...judge({ effect, direction: place.direction }) });
    } else if (old.code !== rule.code) {
      changes.push({ pointer: rule.pointer, kind: 'rule-code-changed', message: say(place, `rule${where} answered ${String(old.code)}, now: ${describeRule(rule)}`), ...BOTH });
    }
  }
  for (const rule of before.rules) {
    if (after.rules.some((r) => ruleKey(r) === ruleKey(rule))) continue;
    if (!triggers(rule).every((name) => has(after, name))) continue;
    changes.push({ pointer: rule.pointer, kind: 'rule-removed', message: say(place, `rule removed${where}: ${describeRule(rule)}`), ...judge({ effect: severityEffect(rule, 'removed'), direction: place.direction }) });
  }
  return changes;
}

// ---------------------------------------------------------------------------------------------
// Helpers

/** What a schema accepts, without where it is written, its words or its generated name. */
function shape(schema: SchemaModel): unknown {
  switch (schema.kind) {
    case 'string':
      return [schema.kind, schema.default, schema.enum];
    case 'integer':
    case 'number':
      return [schema.kind, schema.default, schema.minimum, schema.maximum, schema.enum];
    case 'boolean':
      return [schema.kind, schema.default];
    case 'array':
      return [schema.kind, schema.minItems, schema.maxItems, shape(schema.items)];
    case 'object':
      return [schema.kind, schema.closed, schema.properties.map((p) => [p.name, p.required, shape(p.schema)]), schema.rules.map(ruleKey)];
  }
}

function sameShape(a: SchemaModel, b: SchemaModel): boolean {
  return JSON.stringify(shape(a)) === JSON.stringify(shape(b));
}

function quote(value: Scalar | undefined): string {
  return value === undefined ? 'none' : JSON.stringify(value);
}

/** Code-unit order, so the output does not depend on the locale. */
function compareText(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

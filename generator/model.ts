import { ACS_EXTENSIONS, VIOLATION_KINDS, beforeRetry, checkApiVersion, checkOperationSecurity, emptyTextIsMissing, errorCatalog, operationRules, productName, servers, signature, signingScheme, violationCodes } from './acs-extensions.js';
import { GeneratorError, pointerTo } from './diagnostics.js';
import type { LoadedSpec } from './load.js';
import { OpenApiReader, objectsWithin, stringOrUndefined, type FoundOperation } from './openapi-reading.js';

export { VIOLATION_KINDS };
export { MAX_ENUM_VALUES, isIdentifier, objectsWithin } from './openapi-reading.js';

/** What the emitters need to know about a document, and nothing else. */
export interface DocumentModel {
  readonly title: string;
  /** info.x-acs-product: names the client's error class (`<product>ApiError`). */
  readonly product: string | undefined;
  readonly version: string;
  readonly servers: readonly ServerModel[];
  readonly signature: SignatureModel | undefined;
  readonly operations: readonly OperationModel[];
  /** Every named object schema an operation uses, each once, in document order. */
  readonly objects: readonly ObjectSchema[];
}

export interface ServerModel {
  readonly url: string;
  readonly network: string | undefined;
  readonly variables: Readonly<Record<string, string>>;
}

export interface SignatureModel {
  readonly algorithm: string;
  readonly header: string;
}

export type Scalar = string | number | boolean;

interface SchemaBase {
  readonly pointer: string;
  readonly description: string | undefined;
  readonly default: Scalar | undefined;
}

export interface StringSchema extends SchemaBase {
  readonly kind: 'string';
  readonly enum: readonly string[] | undefined;
}

export interface NumericSchema extends SchemaBase {
  readonly kind: 'integer' | 'number';
  readonly minimum: number | undefined;
  readonly maximum: number | undefined;
  readonly enum: readonly number[] | undefined;
}

export interface BooleanSchema extends SchemaBase {
  readonly kind: 'boolean';
}

export interface ArraySchema extends SchemaBase {
  readonly kind: 'array';
  readonly items: SchemaModel;
  readonly minItems: number | undefined;
  readonly maxItems: number | undefined;
}

export interface ObjectSchema extends SchemaBase {
  readonly kind: 'object';
  /** The type and function names are made from it: a component name, or `<operationId>Request`. */
  readonly name: string;
  readonly properties: readonly PropertyModel[];
  /** additionalProperties: false — an unknown key is an issue. */
  readonly closed: boolean;
  readonly rules: readonly RuleModel[];
}

export type SchemaModel = StringSchema | NumericSchema | BooleanSchema | ArraySchema | ObjectSchema;

export interface PropertyModel {
  readonly name: string;
  readonly required: boolean;
  readonly schema: SchemaModel;
  /**
   * How a list query parameter travels, as its x-acs-style says (`repeatList`: `Name.1.Field`,
   * 1-based). Undefined for anything else, object properties included: they travel beneath the
   * parameter that holds them.
   */
  readonly style: 'repeatList' | undefined;
  /** Where a parameter is written (its Parameter Object, a component's or inline); undefined for an object's property, which its object's place names. */
  readonly pointer: string | undefined;
}

export type Severity = 'error' | 'warning';

interface RuleBase {
  readonly parameter: string;
  readonly severity: Severity;
  /** Set exactly when severity is error. */
  readonly code: string | undefined;
  readonly why: string;
  readonly pointer: string;
}

export type RuleModel =
  | (RuleBase & { readonly rule: 'notGreaterThan'; readonly than: string })
  | (RuleBase & {
      readonly rule: 'effectiveOnlyWhen';
      readonly when: { readonly parameter: string; readonly equals: Scalar; readonly default: Scalar | undefined };
    })
  | (RuleBase & { readonly rule: 'ignoredWhenPresent'; readonly present: string });

export type ViolationKind = (typeof VIOLATION_KINDS)[number];

export interface ErrorModel {
  readonly code: string;
  readonly httpStatus: number;
  readonly message: string;
  readonly retryable: boolean;
  readonly pointer: string;
}

export interface OperationModel {
  readonly operationId: string;
  readonly method: 'POST' | 'GET';
  readonly path: string;
  readonly pointer: string;
  readonly summary: string | undefined;
  /** Headers whose schema allows exactly one value, sent with every call (x-acs-action, …). */
  readonly fixedHeaders: readonly { readonly name: string; readonly value: string }[];
  readonly request: ObjectSchema;
  readonly violations: Readonly<Record<ViolationKind, string>>;
  /** x-acs-violations.missing.emptyTextIsMissing: a required text sent empty counts as not supplied. */
  readonly emptyTextIsMissing: boolean;
  /** x-acs-before-retry: what to look at before calling again when a call may have been processed. */
  readonly beforeRetry: string | undefined;
  /** `examples`: the names of the success response's examples (a mock's Prefer chooses among them). */
  readonly success: { readonly httpStatus: number; readonly schema: ObjectSchema; readonly examples: readonly string[] };
  readonly errors: readonly ErrorModel[];
  readonly errorSchema: ObjectSchema | undefined;
  /** The status of the response errorSchema was read from: an inline body is typed through it. */
  readonly errorStatus: number | undefined;
}

/** Builds the model, collecting every problem before failing once. */
export function buildModel(spec: LoadedSpec): DocumentModel {
  const reader = new OpenApiReader({ document: spec.document, found: spec.diagnostics, extensions: ACS_EXTENSIONS });
  const info = reader.info();
  const found = reader.operations();
  if (found.length === 0) reader.report({ code: 'unsupported-binding', pointer: '#/paths', message: 'the document has no operation to generate a client for; add one under paths' });
  const operations = found.flatMap((each) => operation({ reader, found: each }) ?? []);
  reader.reportDuplicateOperationIds(operations);
  reportIndistinguishable({ reader, operations });
  reportConflictingErrors({ reader, operations });
  checkApiVersion({ reader, info, operations });
  const scheme = signingScheme(reader.securityRequirements());
  const model: DocumentModel = {
    title: String(info['title'] ?? ''),
    product: productName({ reader, info }),
    version: String(info['version'] ?? ''),
    servers: servers({ reader }),
    signature: signature({ reader, scheme }),
    operations,
    objects: reader.objects(),
  };
  reader.checkSecuritySchemeNames(found);
  checkOperationSecurity({ reader, operations: found, scheme });
  reader.reportUnreadExtensions();
  if (reader.diagnostics.length > 0) throw new GeneratorError(reader.diagnostics, { document: spec.name });
  return model;
}

/**
 * errors.ts holds one entry per code for the whole document, which every operation's client and
 * validator read: a code documented otherwise by a second operation would silently take the first
 * one's status, retry and message (an InternalError retryable for one operation, retried for all).
 */
function reportConflictingErrors({ reader, operations }: { reader: OpenApiReader; operations: readonly OperationModel[] }): void {
  const first = new Map<string, { error: ErrorModel; operationId: string }>();
  for (const op of operations) {
    for (const error of op.errors) {
      const earlier = first.get(error.code);
      if (earlier === undefined) {
        first.set(error.code, { error, operationId: op.operationId });
        continue;
      }
      const differs = [
        ...(earlier.error.httpStatus === error.httpStatus ? [] : [`HTTP ${earlier.error.httpStatus} there, ${error.httpStatus} here`]),
        ...(earlier.error.retryable === error.retryable ? [] : [`x-acs-retryable ${earlier.error.retryable} there, ${error.retryable} here`]),
        ...(earlier.error.message === error.message ? [] : ['another x-acs-message']),
      ];
      if (differs.length === 0) continue;
      reader.report({
        code: 'conflicting-error',
        pointer: error.pointer,
        message: `${error.code} is documented otherwise by ${earlier.operationId} (${earlier.error.pointer}): ${differs.join(', ')}; a code means one thing in the whole document, so give both the same status, x-acs-retryable and x-acs-message, or document another code`,
      });
    }
  }
}

/**
 * A call is told apart only by what travels: the path without its `#fragment` (the URL drops it)
 * and the headers every call of the operation carries. Two operations alike there would both
 * generate, and every call of the second would be answered as the first.
 */
function reportIndistinguishable({ reader, operations }: { reader: OpenApiReader; operations: readonly OperationModel[] }): void {
  const first = new Map<string, OperationModel>();
  for (const op of operations) {
    const headers = op.fixedHeaders.map(({ name, value }) => `${name.toLowerCase()}: ${value}`).sort();
    const path = new URL(op.path, 'http://host').pathname;
    const key = JSON.stringify([path, headers]);
    const earlier = first.get(key);
    if (earlier === undefined) {
      first.set(key, op);
      continue;
    }
    const alike = headers.length === 0 ? 'with no fixed header' : `with ${headers.join(', ')}`;
    reader.report({ code: 'ambiguous-operation', pointer: op.pointer, message: `${op.operationId} travels exactly as ${earlier.operationId} does (path ${path} ${alike}); give each operation its own x-acs-action` });
  }
}

/**
 * An integer's bounds as the wire can carry them: the document's own where it gives them (the
 * reader takes only safe integers as bounds), the safe integers otherwise, since a larger integer
 * is not the one its text names. The validators and the arbitraries both hold to these.
 */
export function integerBounds(schema: NumericSchema): { minimum: number; maximum: number } {
  return { minimum: schema.minimum ?? Number.MIN_SAFE_INTEGER, maximum: schema.maximum ?? Number.MAX_SAFE_INTEGER };
}

/**
 * Whether a valid value of the schema can travel as no query pair at all: an empty list, or an
 * object none of whose fields is required, left empty. Where one must be supplied (a required
 * parameter, a list's item) such a value is missing on the wire, and the validators and the
 * arbitraries both hold to that.
 */
export function canSendNothing(schema: SchemaModel): boolean {
  // A required field, or an item, is itself held to sending something, so one is enough.
  if (schema.kind === 'array') return (schema.minItems ?? 0) === 0;
  if (schema.kind === 'object') return schema.properties.every((p) => !p.required);
  return false;
}

/** Diagnostics come out in the order these reads run; errors come first because later reads check codes against them. */
function operation({ reader, found }: { reader: OpenApiReader; found: FoundOperation }): OperationModel | undefined {
  const { path, operation, pointer } = found;
  const binding = reader.rpcBinding(found);
  if (binding === undefined) return undefined;
  const errors = errorCatalog({ reader, operation, pointer });
  const known = new Set(errors.map((e) => e.code));
  const { properties, fixedHeaders } = reader.parameters({ operation, pointer, path });
  const violations = violationCodes({ reader, operation, pointer, known });
  const rules = operationRules({ reader, operation, pointer, properties, known });
  checkObjectRuleCodes({ reader, properties, known, operationId: binding.operationId });
  const request: ObjectSchema = {
    kind: 'object',
    name: `${binding.operationId}Request`,
    pointer: pointerTo(pointer, 'parameters'),
    description: stringOrUndefined(operation['summary']),
    default: undefined,
    properties,
    closed: true,
    rules,
  };
  const readsEmptyAsMissing = emptyTextIsMissing({ reader, operation });
  if (readsEmptyAsMissing) checkEmptyEnumValues({ reader, properties, operationId: binding.operationId });
  const success = reader.success({ operation, pointer });
  if (violations === undefined || success === undefined) return undefined;
  const errorBody = reader.errorBody({ operation, pointer });
  return {
    operationId: binding.operationId,
    method: binding.method,
    path,
    pointer,
    summary: stringOrUndefined(operation['summary']),
    fixedHeaders,
    request,
    violations,
    emptyTextIsMissing: readsEmptyAsMissing,
    beforeRetry: beforeRetry({ reader, operation, pointer }),
    success,
    errors,
    errorSchema: errorBody?.schema,
    errorStatus: errorBody?.httpStatus,
  };
}

/**
 * Where the operation reads a required text sent empty as not supplied, an empty enum value of one
 * can never be valid: the document's own example of it would be refused, as a value the bounds
 * exclude is. Said for each required text of the request and of the objects its lists hold.
 */
function checkEmptyEnumValues({ reader, properties, operationId }: { reader: OpenApiReader; properties: readonly PropertyModel[]; operationId: string }): void {
  const fields = [...properties, ...objectsWithin(properties.map((p) => p.schema)).flatMap((object) => object.properties)];
  for (const { name, required, schema } of fields) {
    const empty = required && schema.kind === 'string' ? (schema.enum?.indexOf('') ?? -1) : -1;
    if (empty < 0) continue;
    reader.report({
      code: 'contradictory-bounds',
      pointer: pointerTo(schema.pointer, 'enum', empty),
      message: `enum value "" of the required ${name} can never be valid: ${operationId} reads a required text sent empty as not supplied (x-acs-violations missing emptyTextIsMissing); remove the value or make ${name} optional`,
    });
  }
}

/**
 * An object's rules are read once, wherever the object is used, so their codes are checked here,
 * against each operation whose request holds the object: a code the operation does not document
 * would give an issue outside its ErrorCode type.
 */
function checkObjectRuleCodes({ reader, properties, known, operationId }: { reader: OpenApiReader; properties: readonly PropertyModel[]; known: ReadonlySet<string>; operationId: string }): void {
  for (const object of objectsWithin(properties.map((p) => p.schema))) {
    for (const rule of object.rules) {
      if (rule.code !== undefined && !known.has(rule.code)) {
        reader.report({ code: 'unknown-error-code', pointer: pointerTo(rule.pointer, 'code'), message: `${rule.code} is not a documented error code of ${operationId}, whose request holds this object` });
      }
    }
  }
}

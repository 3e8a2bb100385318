/**
 * The one authority for the names generated code declares. Every identifier an emitter writes is
 * handed out here, by a `Scope` (as Ajv's codegen does): a name is the spec's own wording made a
 * valid identifier, and it is renamed only when it is a reserved word or already taken, so two
 * spec names that would meet (an array `Tags`, whose items make `…TagsItem…`, beside a parameter
 * `TagsItem`) can never declare the same name twice.
 *
 * Names are claimed in a fixed order and the first claimant keeps the natural one, so the output is
 * deterministic and an edit that makes no new name meet an old one renames nothing else. The
 * emitters and the conformance tooling read the exported names through `generatedNames(model)`;
 * nothing rebuilds them from strings.
 */
import { TRANSPORT_OPTION_NAMES } from '../runtime/client.js';
import type { DocumentModel, ObjectSchema, OperationModel } from '../model.js';

/** Words no declaration may take: JavaScript's reserved words, TypeScript's type keywords, and the contextual ones. */
const RESERVED_WORDS = new Set([
  // ECMAScript reserved words, strict mode and module code included.
  ...['await', 'break', 'case', 'catch', 'class', 'const', 'continue', 'debugger', 'default', 'delete', 'do', 'else', 'enum', 'export', 'extends'],
  ...['false', 'finally', 'for', 'function', 'if', 'implements', 'import', 'in', 'instanceof', 'interface', 'let', 'new', 'null', 'package'],
  ...['private', 'protected', 'public', 'return', 'static', 'super', 'switch', 'this', 'throw', 'true', 'try', 'typeof', 'var', 'void', 'while', 'with', 'yield'],
  // Not reserved, but not assignable or shadowing what the generated code relies on.
  ...['arguments', 'eval', 'undefined', 'NaN', 'Infinity', 'globalThis'],
  // TypeScript: names a type alias cannot have, and contextual keywords kept out to stay clear of every position.
  ...['any', 'bigint', 'boolean', 'never', 'number', 'object', 'string', 'symbol', 'unknown', 'intrinsic'],
  ...['abstract', 'accessor', 'as', 'asserts', 'async', 'declare', 'from', 'get', 'global', 'infer', 'is', 'keyof', 'module', 'namespace'],
  ...['of', 'out', 'override', 'readonly', 'require', 'satisfies', 'set', 'type', 'unique', 'using', 'constructor', '__proto__'],
]);

/** The globals generated code calls or names as types; a declaration with one of these names would shadow it. */
const GLOBALS = ['Array', 'Boolean', 'Error', 'JSON', 'Map', 'Math', 'NonNullable', 'Number', 'Object', 'Partial', 'Promise', 'Readonly', 'ReadonlySet', 'Record', 'Set', 'String', 'Symbol'];

/**
 * Names the generated modules write as they are: what they import from the runtime and re-export,
 * openapi-typescript's exports, and their own fixed declarations. All modules share one scope for
 * top-level names (see `generatedNames`), so none of these can be handed to a spec name anywhere.
 */
const FIXED_NAMES = [
  // types.ts: openapi-typescript's exports, and ours.
  ...['paths', 'webhooks', 'components', '$defs', 'operations', 'ErrorCode'],
  // errors.ts
  ...['ErrorInfo', 'ERRORS', 'ERROR_CODES', 'isErrorCode'],
  // validators.ts and runtime/validation.ts
  ...['Checker', 'enumSite', 'isRecord', 'missingSite', 'rangeSite', 'runValidation', 'sizeSite', 'typeSite', 'hasOwnProperty', 'propertyIsEnumerable', 'sendsNothing'],
  ...['formatIssues', 'Accepted', 'ValidationIssue', 'ValidationResult', 'ValidationWarning', 'ViolationCatalog', 'ANSWER_CODE', 'AnswerCode'],
  // codec.ts and runtime/wire.ts
  ...['decodeQuery', 'flatten', 'DecodeResult', 'ObjectShape', 'QueryInput', 'QueryPair', 'WireShape'],
  // client.ts and runtime/client.ts
  ...['ApiError', 'createTransport', 'CallOptions', 'TransportOptions', 'OperationBinding', 'ServerBinding', 'SERVERS', 'createClient', 'ClientOptions'],
  ...['ClientConfigurationError', 'RequestValidationError', 'AnyRequestValidationError', 'ResponseContractError', 'TransportError', 'UnreadableResponseError', 'ClientEvent', 'Credentials', 'RetryOptions'],
  // arbitraries.ts
  'fc',
];

/**
 * What a member name of an object literal or interface must not be: `__proto__` would set the
 * prototype, `constructor` is the class's, and an object with a `then` method is awaited as a promise.
 */
const MEMBER_RESERVED = new Set(['__proto__', 'constructor', 'then']);


/** Text made an ASCII identifier: every other character becomes `_`, and a leading digit gets one before it. */
export function identifierPart(text: string): string {
  // ASCII only: TypeScript and the running Node may read different Unicode versions, and a letter
  // one of them does not know would break the build.
  const cleaned = text.replace(/[^A-Za-z0-9_$]/g, '_');
  return cleaned === '' || /^[0-9]/.test(cleaned) ? `_${cleaned}` : cleaned;
}

export function lowerFirst(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1);
}

export function upperFirst(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}

/**
 * A namespace of declared names. A child sees its ancestors' names and avoids them; an ancestor
 * that claims a name later avoids every name its descendants took, so a local never shadows a
 * module constant its function uses. Siblings (two functions) are independent: each names its own
 * locals after what they hold.
 */
export class Scope {
  private readonly own = new Set<string>();
  /** Names claimed in descendant scopes. */
  private readonly below = new Set<string>();
  private frozen = false;

  private constructor(
    private readonly parent: Scope | undefined,
    private readonly kind: 'identifier' | 'member',
  ) {}

  /** A scope of declarations (variables, functions, types): names are valid identifiers and never reserved words. */
  static identifiers(): Scope {
    return new Scope(undefined, 'identifier');
  }

  /** A scope of member names (methods, options): reserved words are fine there, and only a few names are not. */
  static members(taken: Iterable<string> = []): Scope {
    const scope = new Scope(undefined, 'member');
    for (const name of taken) scope.own.add(name);
    return scope;
  }

  /** Names that are used as they are; claiming one that is taken is a generator bug. */
  reserve(names: Iterable<string>): this {
    for (const name of names) {
      if (!this.isFree(name)) throw new Error(`the generated name ${name} is reserved twice`);
      this.take(name);
    }
    return this;
  }

  /**
   * A unique name as close to `preferred` as it can be: made valid, then `_` after a reserved word,
   * then `_2`, `_3`, … while it is taken.
   */
  claim(preferred: string): string {
    if (this.frozen) throw new Error(`cannot claim ${preferred}: the scope is complete`);
    const valid = this.kind === 'identifier' ? identifierPart(preferred) : preferred === '' ? '_' : preferred;
    const base = this.isReserved(valid) ? `${valid}_` : valid;
    let name = base;
    for (let n = 2; !this.isFree(name); n++) name = `${base}_${n}`;
    this.take(name);
    return name;
  }

  child(): Scope {
    return new Scope(this, this.kind);
  }

  /** No more names: a shared scope is read by every emitter and must come out the same each time. */
  freeze(): this {
    this.frozen = true;
    return this;
  }

  private isReserved(name: string): boolean {
    return this.kind === 'identifier' ? RESERVED_WORDS.has(name) : MEMBER_RESERVED.has(name);
  }

  private isFree(name: string): boolean {
    if (this.own.has(name) || this.below.has(name)) return false;
    for (let scope = this.parent; scope !== undefined; scope = scope.parent) if (scope.own.has(name)) return false;
    return true;
  }

  private take(name: string): void {
    this.own.add(name);
    // A frozen ancestor is shared and complete: it claims nothing more, so it need not learn of this name.
    for (let scope = this.parent; scope !== undefined && !scope.frozen; scope = scope.parent) scope.below.add(name);
  }
}

/** The exported names of one operation, in every module that declares or imports them. */
export interface OperationNames {
  readonly requestType: string;
  readonly responseType: string;
  readonly validateRequest: string;
  readonly requestCatalog: string;
  readonly validateResponse: string;
  readonly responseCatalog: string;
  readonly toQuery: string;
  readonly fromQuery: string;
  /** The arbitrary of valid requests. */
  readonly requestArbitrary: string;
  /** The client's method. */
  readonly method: string;
}

/** The validator of an error body, declared once however many operations share the schema. */
export interface ErrorBodyNames {
  readonly type: string;
  readonly validate: string;
  readonly catalog: string;
}

export interface GeneratedNames {
  operation(op: OperationModel): OperationNames;
  /** The exported type of a named object: a component, or an operation's request. */
  objectType(object: ObjectSchema): string | undefined;
  /** The exported arbitrary of a named object; undefined for an inline one (the module names it). */
  objectArbitrary(object: ObjectSchema): string | undefined;
  /** The exported validator and type of an operation's error body; undefined when it documents none. */
  errorBody(op: OperationModel): ErrorBodyNames | undefined;
  /** `<Product>ApiError` and `<Product>Client`. */
  readonly errorClass: string;
  readonly clientInterface: string;
  /** The client option that fills the first variable of the server URL, named after it (`{Zone}` → `zone`). */
  readonly serverOption: { readonly variable: string; readonly option: string } | undefined;
  /** A scope for one module's own top-level names: every exported and fixed name is taken. */
  module(): Scope;
}

const cache = new WeakMap<DocumentModel, GeneratedNames>();

/**
 * Every exported name of the package a document generates. Emitters declare and import by these,
 * and the tooling finds the generated functions by them, so the two can never disagree.
 */
export function generatedNames(model: DocumentModel): GeneratedNames {
  let names = cache.get(model);
  if (names === undefined) cache.set(model, (names = nameDocument(model)));
  return names;
}

/** A schema of components/schemas: it has a type of its own in types.ts. */
export function isComponent(object: ObjectSchema): boolean {
  return componentOf(object) !== undefined;
}

export function componentOf(object: ObjectSchema): string | undefined {
  return /^#\/components\/schemas\/([^/]+)$/.exec(object.pointer)?.[1];
}

function nameDocument(model: DocumentModel): GeneratedNames {
  const top = Scope.identifiers().reserve([...GLOBALS, ...FIXED_NAMES]);
  const types = new Map<ObjectSchema, string>();
  const arbitraries = new Map<ObjectSchema, string>();
  const typeOf = (object: ObjectSchema): string => {
    let name = types.get(object);
    // Types capitalised and values not, as TypeScript code names them: a component `part` or an
    // operation `describe_widget` would otherwise give its type and its arbitrary one name, and the second a suffix.
    if (name === undefined) types.set(object, (name = top.claim(upperFirst(object.name))));
    return name;
  };
  const arbitraryOf = (object: ObjectSchema): string => {
    let name = arbitraries.get(object);
    if (name === undefined) arbitraries.set(object, (name = top.claim(lowerFirst(object.name))));
    return name;
  };
  const methods = Scope.members();
  const product = model.product ?? 'Service';
  const errorClass = top.claim(`${upperFirst(product)}ApiError`);
  const clientInterface = top.claim(`${upperFirst(product)}Client`);
  // Operations first: their requests, validators and codec are the package's entry points.
  const operations = new Map<OperationModel, OperationNames>();
  const errorBodies = new Map<ObjectSchema, ErrorBodyNames>();
  for (const op of model.operations) {
    const success = op.success.schema;
    const requestType = typeOf(op.request);
    const successType = isComponent(success) ? typeOf(success) : undefined;
    // A success component named otherwise gets an alias of that name, so every operation has its `<operationId>Response`.
    const operation = upperFirst(op.operationId);
    const responseType = successType !== undefined && upperFirst(success.name) === `${operation}Response` ? successType : top.claim(`${operation}Response`);
    operations.set(op, {
      requestType,
      responseType,
      validateRequest: top.claim(`validate${upperFirst(op.request.name)}`),
      requestCatalog: top.claim(`${upperFirst(op.request.name)}Catalog`),
      validateResponse: top.claim(`validate${operation}Response`),
      responseCatalog: top.claim(`${upperFirst(success.name)}Catalog`),
      toQuery: top.claim(`to${operation}Query`),
      fromQuery: top.claim(`from${operation}Query`),
      requestArbitrary: arbitraryOf(op.request),
      method: methods.claim(lowerFirst(op.operationId)),
    });
    const body = op.errorSchema;
    if (body !== undefined && !errorBodies.has(body)) {
      // An inline body has no component type; it is named after its operation, and types.ts aliases it.
      const name = upperFirst(isComponent(body) ? body.name : `${op.operationId}ErrorBody`);
      errorBodies.set(body, { type: isComponent(body) ? typeOf(body) : top.claim(name), validate: top.claim(`validate${name}`), catalog: top.claim(`${name}Catalog`) });
    }
  }
  for (const object of model.objects) {
    if (!isComponent(object)) continue;
    typeOf(object);
    arbitraryOf(object);
  }
  const variable = Object.keys(model.servers[0]?.variables ?? {})[0];
  const serverOption = variable === undefined ? undefined : { variable, option: Scope.members(TRANSPORT_OPTION_NAMES).claim(lowerFirst(identifierPart(variable))) };
  top.freeze();
  return {
    operation: (op) => required(operations.get(op), `operation ${op.operationId}`),
    objectType: (object) => types.get(object),
    objectArbitrary: (object) => arbitraries.get(object),
    errorBody: (op) => (op.errorSchema === undefined ? undefined : errorBodies.get(op.errorSchema)),
    errorClass,
    clientInterface,
    serverOption,
    module: () => top.child(),
  };
}

function required<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`no generated names for ${what}: it is not in this model`);
  return value;
}

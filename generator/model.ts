import { GeneratorError, pointerTo, type Diagnostic, type DiagnosticCode } from './diagnostics.js';
import type { LoadedSpec } from './load.js';

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
  /** For query parameters: how a list travels (`repeatList`: `Name.1.Field`, 1-based). */
  readonly style: 'repeatList' | undefined;
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

export const VIOLATION_KINDS = ['missing', 'type', 'range', 'enum', 'size', 'unknown'] as const;
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
  readonly success: { readonly httpStatus: number; readonly schema: ObjectSchema };
  readonly errors: readonly ErrorModel[];
  readonly errorSchema: ObjectSchema | undefined;
}

const METADATA_KEYWORDS = new Set(['description', 'title', 'example', 'examples', 'default', 'deprecated', 'type']);
const KEYWORDS_BY_KIND: Record<SchemaModel['kind'], ReadonlySet<string>> = {
  string: new Set(['enum']),
  integer: new Set(['enum', 'minimum', 'maximum']),
  number: new Set(['enum', 'minimum', 'maximum']),
  boolean: new Set(),
  array: new Set(['items', 'minItems', 'maxItems']),
  object: new Set(['properties', 'required', 'additionalProperties', 'x-acs-rules']),
};
const PARAMETER_KEYWORDS = new Set(['name', 'in', 'required', 'description', 'schema', 'example', 'examples', 'style', 'explode', 'deprecated', 'x-acs-style']);
const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;
/** A literal set larger than this is a sign of a generated or broken document, not an API. */
export const MAX_ENUM_VALUES = 1024;

type Json = Record<string, unknown>;

interface Located {
  readonly node: Json;
  readonly pointer: string;
  /** The component name when the node was reached through `#/components/schemas/<name>`. */
  readonly componentName: string | undefined;
}

/** Builds the model, collecting every problem before failing once. */
export function buildModel(spec: LoadedSpec): DocumentModel {
  return new ModelBuilder(spec.document, spec.diagnostics).build();
}

class ModelBuilder {
  private readonly diagnostics: Diagnostic[];
  private readonly objects = new Map<string, ObjectSchema>();

  constructor(
    private readonly document: Json,
    found: readonly Diagnostic[],
  ) {
    this.diagnostics = [...found];
  }

  build(): DocumentModel {
    const info = asObject(this.document['info']) ?? {};
    const operations = this.operations();
    const model: DocumentModel = {
      title: String(info['title'] ?? ''),
      product: typeof info['x-acs-product'] === 'string' && isIdentifier(info['x-acs-product']) ? info['x-acs-product'] : undefined,
      version: String(info['version'] ?? ''),
      servers: this.servers(),
      signature: this.signature(),
      operations,
      objects: [...this.objects.values()],
    };
    if (this.diagnostics.length > 0) throw new GeneratorError(this.diagnostics);
    return model;
  }

  private report(code: DiagnosticCode, pointer: string, message: string): void {
    // A component used in several places is read once per use; its problem is reported once.
    if (this.diagnostics.some((d) => d.code === code && d.pointer === pointer && d.message === message)) return;
    this.diagnostics.push({ code, pointer, message });
  }

  private resolve(value: unknown, pointer: string, seen: readonly string[] = []): Located | undefined {
    const node = asObject(value);
    if (node === undefined) return undefined;
    const ref = node['$ref'];
    if (typeof ref !== 'string') return { node, pointer, componentName: undefined };
    for (const key of Object.keys(node)) {
      // OpenAPI 3.1 lets a schema add keywords beside $ref; the generator does not merge them, so it says so.
      if (key !== '$ref' && key !== 'description' && key !== 'summary') {
        this.report('unsupported-keyword', pointerTo(pointer, key), `keyword ${key} beside $ref is not merged; move it into ${ref} or inline the schema`);
      }
    }
    if (!ref.startsWith('#/')) {
      this.report('external-ref', pointer, `$ref ${ref} is not local to the document`);
      return undefined;
    }
    if (seen.includes(ref)) {
      this.report('cyclic-schema', pointer, `$ref ${ref} refers back to itself through ${[...seen, ref].join(' → ')}`);
      return undefined;
    }
    const target = lookup(this.document, ref);
    if (target === undefined) {
      this.report('dangling-ref', pointer, `$ref ${ref} resolves to nothing`);
      return undefined;
    }
    const resolved = this.resolve(target, ref, [...seen, ref]);
    const component = /^#\/components\/schemas\/([^/]+)$/.exec(ref)?.[1];
    return resolved && { ...resolved, componentName: resolved.componentName ?? component };
  }

  private servers(): ServerModel[] {
    const servers = Array.isArray(this.document['servers']) ? this.document['servers'] : [];
    return servers.flatMap((server) => {
      const s = asObject(server);
      if (s === undefined) return [];
      const variables = Object.entries(asObject(s['variables']) ?? {}).map(([name, v]) => [name, String(asObject(v)?.['default'] ?? '')]);
      const network = s['x-acs-network'];
      return [{ url: String(s['url']), network: typeof network === 'string' ? network : undefined, variables: Object.fromEntries(variables) }];
    });
  }

  private signature(): SignatureModel | undefined {
    const requirement = Array.isArray(this.document['security']) ? asObject(this.document['security'][0]) : undefined;
    const schemeName = requirement && Object.keys(requirement)[0];
    if (schemeName === undefined) return undefined;
    const pointer = pointerTo('#/components/securitySchemes', schemeName);
    const scheme = this.resolve(lookup(this.document, pointer), pointer)?.node;
    if (scheme?.['type'] !== 'apiKey' || scheme['in'] !== 'header' || typeof scheme['x-acs-signature-algorithm'] !== 'string') {
      this.report('unsupported-binding', pointer, 'the security scheme must be an apiKey header with x-acs-signature-algorithm');
      return undefined;
    }
    return { algorithm: scheme['x-acs-signature-algorithm'], header: String(scheme['name']) };
  }

  private operations(): OperationModel[] {
    const operations: OperationModel[] = [];
    for (const [path, item] of Object.entries(asObject(this.document['paths']) ?? {})) {
      const pathItem = asObject(item) ?? {};
      for (const method of HTTP_METHODS) {
        const operation = asObject(pathItem[method]);
        if (operation === undefined) continue;
        const model = this.operation({ path, method, operation, pointer: pointerTo('#/paths', path, method) });
        if (model) operations.push(model);
      }
    }
    const seen = new Set<string>();
    for (const op of operations) {
      if (seen.has(op.operationId)) this.report('duplicate-name', op.pointer, `operationId ${op.operationId} is used twice`);
      seen.add(op.operationId);
    }
    return operations;
  }

  private operation({ path, method, operation, pointer }: { path: string; method: string; operation: Json; pointer: string }): OperationModel | undefined {
    const operationId = operation['operationId'];
    if (typeof operationId !== 'string' || !isIdentifier(operationId)) {
      this.report('unsupported-binding', pointerTo(pointer, 'operationId'), 'every operation needs an operationId that is a valid identifier');
      return undefined;
    }
    if (method !== 'post' && method !== 'get') {
      this.report('unsupported-binding', pointer, `method ${method.toUpperCase()} is not an RPC method (POST or GET)`);
      return undefined;
    }
    if (operation['requestBody'] !== undefined) {
      this.report('unsupported-binding', pointerTo(pointer, 'requestBody'), 'operation parameters travel in the query string; a request body is not supported');
    }
    const errors = this.errors(operation, pointer);
    const known = new Set(errors.map((e) => e.code));
    const { properties, fixedHeaders } = this.parameters(operation, pointer);
    const violations = this.violations(operation, pointer, known);
    const rules = this.rules({ value: operation['x-acs-rules'], pointer: pointerTo(pointer, 'x-acs-rules'), properties, known });
    const request: ObjectSchema = {
      kind: 'object',
      name: `${operationId}Request`,
      pointer: pointerTo(pointer, 'parameters'),
      description: stringOrUndefined(operation['summary']),
      default: undefined,
      properties,
      closed: true,
      rules,
    };
    const success = this.success(operation, pointer);
    if (violations === undefined || success === undefined) return undefined;
    return {
      operationId,
      method: method === 'post' ? 'POST' : 'GET',
      path,
      pointer,
      summary: stringOrUndefined(operation['summary']),
      fixedHeaders,
      request,
      violations,
      emptyTextIsMissing: this.emptyTextIsMissing(operation),
      success,
      errors,
      errorSchema: this.errorSchema(operation, pointer),
    };
  }

  private parameters(operation: Json, pointer: string): { properties: PropertyModel[]; fixedHeaders: { name: string; value: string }[] } {
    const properties: PropertyModel[] = [];
    const fixedHeaders: { name: string; value: string }[] = [];
    const list = Array.isArray(operation['parameters']) ? operation['parameters'] : [];
    list.forEach((entry, index) => {
      const located = this.resolve(entry, pointerTo(pointer, 'parameters', index));
      if (located === undefined) return;
      const { node, pointer: at } = located;
      for (const key of Object.keys(node)) {
        if (!PARAMETER_KEYWORDS.has(key) && !key.startsWith('x-')) this.report('unsupported-keyword', pointerTo(at, key), `parameter keyword ${key} is not supported`);
      }
      const name = String(node['name']);
      const schemaAt = pointerTo(at, 'schema');
      if (node['in'] === 'header') {
        const schema = this.resolve(node['schema'], schemaAt)?.node;
        const values = schema?.['enum'];
        if (!Array.isArray(values) || values.length !== 1 || typeof values[0] !== 'string') {
          this.report('unsupported-binding', schemaAt, `header ${name} must allow exactly one string value (enum with one item)`);
          return;
        }
        fixedHeaders.push({ name, value: values[0] });
        return;
      }
      if (node['in'] !== 'query') {
        this.report('unsupported-binding', pointerTo(at, 'in'), `parameters in ${String(node['in'])} are not supported; RPC parameters travel in the query`);
        return;
      }
      const schema = this.schema({ value: node['schema'], pointer: schemaAt, nameHint: name });
      if (schema === undefined) return;
      const style = node['x-acs-style'];
      if (style !== undefined && style !== 'repeatList') this.report('unsupported-binding', pointerTo(at, 'x-acs-style'), `x-acs-style ${String(style)} is not supported (repeatList is)`);
      properties.push({
        name,
        required: node['required'] === true,
        schema: withDescription(schema, stringOrUndefined(node['description'])),
        style: schema.kind === 'array' ? 'repeatList' : undefined,
      });
    });
    return { properties, fixedHeaders };
  }

  private schema({ value, pointer, nameHint }: { value: unknown; pointer: string; nameHint: string }): SchemaModel | undefined {
    return this.schemaIn({ value, pointer, nameHint, seen: [] });
  }

  private schemaIn({ value, pointer, nameHint, seen }: { value: unknown; pointer: string; nameHint: string; seen: readonly string[] }): SchemaModel | undefined {
    const ref = asObject(value)?.['$ref'];
    const located = this.resolve(value, pointer, seen);
    if (located === undefined) {
      if (asObject(value) === undefined) this.report('unsupported-type', pointer, 'a schema object is required here');
      return undefined;
    }
    const chain = typeof ref === 'string' ? [...seen, ref] : seen;
    const { node, pointer: at, componentName } = located;
    const type = node['type'];
    if (typeof type !== 'string' || !(type in KEYWORDS_BY_KIND)) {
      this.report('unsupported-type', pointerTo(at, 'type'), `type ${JSON.stringify(type)} is not supported (one of ${Object.keys(KEYWORDS_BY_KIND).join(', ')})`);
      return undefined;
    }
    const kind = type as SchemaModel['kind'];
    for (const key of Object.keys(node)) {
      if (METADATA_KEYWORDS.has(key) || KEYWORDS_BY_KIND[kind].has(key) || (key.startsWith('x-') && key !== 'x-acs-rules')) continue;
      this.report('unsupported-keyword', pointerTo(at, key), `keyword ${key} is not supported on a ${kind} schema`);
    }
    const base = { pointer: at, description: stringOrUndefined(node['description']), default: this.defaultValue(node, at) };
    switch (kind) {
      case 'string':
        return { ...base, kind, enum: this.enumValues({ node, pointer: at, isType: (v): v is string => typeof v === 'string' }) };
      case 'integer':
      case 'number': {
        const isType = (v: unknown): v is number => typeof v === 'number' && (kind === 'number' ? Number.isFinite(v) : Number.isSafeInteger(v));
        const minimum = this.bound(node, at, 'minimum', isType);
        const maximum = this.bound(node, at, 'maximum', isType);
        if (minimum !== undefined && maximum !== undefined && minimum > maximum) {
          this.report('contradictory-bounds', pointerTo(at, 'minimum'), `minimum ${minimum} is above maximum ${maximum}`);
        }
        return { ...base, kind, minimum, maximum, enum: this.enumValues({ node, pointer: at, isType }) };
      }
      case 'boolean':
        return { ...base, kind };
      case 'array': {
        const isCount = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;
        const minItems = this.bound(node, at, 'minItems', isCount);
        const maxItems = this.bound(node, at, 'maxItems', isCount);
        if (minItems !== undefined && maxItems !== undefined && minItems > maxItems) {
          this.report('contradictory-bounds', pointerTo(at, 'minItems'), `minItems ${minItems} is above maxItems ${maxItems}`);
        }
        const items = this.schemaIn({ value: node['items'], pointer: pointerTo(at, 'items'), nameHint: `${nameHint}Item`, seen: chain });
        return items && { ...base, kind, items, minItems, maxItems };
      }
      case 'object':
        return this.object({ node, pointer: at, name: componentName ?? nameHint, seen: chain, base });
    }
  }

  private object({ node, pointer, name, seen, base }: { node: Json; pointer: string; name: string; seen: readonly string[]; base: SchemaBase }): ObjectSchema | undefined {
    const existing = this.objects.get(name);
    if (existing !== undefined) {
      if (existing.pointer !== pointer) this.report('duplicate-name', pointer, `the name ${name} is already used by ${existing.pointer}`);
      return existing;
    }
    if (!isIdentifier(name)) {
      this.report('duplicate-name', pointer, `${name} cannot be a TypeScript identifier; name the schema in components`);
      return undefined;
    }
    const required = new Set(Array.isArray(node['required']) ? node['required'].map(String) : []);
    const properties: PropertyModel[] = [];
    for (const [key, value] of Object.entries(asObject(node['properties']) ?? {})) {
      const schema = this.schemaIn({ value, pointer: pointerTo(pointer, 'properties', key), nameHint: `${name}${capitalize(key)}`, seen });
      if (schema) properties.push({ name: key, required: required.has(key), schema, style: schema.kind === 'array' ? 'repeatList' : undefined });
    }
    for (const key of required) {
      if (!properties.some((p) => p.name === key)) this.report('invalid-rule', pointerTo(pointer, 'required'), `required property ${key} is not among the properties`);
    }
    const additional = node['additionalProperties'];
    if (additional !== undefined && typeof additional !== 'boolean') {
      this.report('unsupported-keyword', pointerTo(pointer, 'additionalProperties'), 'additionalProperties must be true or false');
    }
    const object: ObjectSchema = {
      ...base,
      kind: 'object',
      name,
      properties,
      closed: additional === false,
      rules: this.rules({ value: node['x-acs-rules'], pointer: pointerTo(pointer, 'x-acs-rules'), properties, known: undefined }),
    };
    this.objects.set(name, object);
    return object;
  }

  private defaultValue(node: Json, pointer: string): Scalar | undefined {
    const value = node['default'];
    if (value === undefined) return undefined;
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
    this.report('unsupported-keyword', pointerTo(pointer, 'default'), 'only scalar defaults are supported');
    return undefined;
  }

  private bound(node: Json, pointer: string, keyword: string, isType: (v: unknown) => v is number): number | undefined {
    const value = node[keyword];
    if (value === undefined) return undefined;
    if (isType(value)) return value;
    this.report('unsupported-keyword', pointerTo(pointer, keyword), `${keyword} ${JSON.stringify(value)} does not fit the schema type`);
    return undefined;
  }

  private enumValues<T extends Scalar>({ node, pointer, isType }: { node: Json; pointer: string; isType: (v: unknown) => v is T }): T[] | undefined {
    const values = node['enum'];
    if (values === undefined) return undefined;
    const at = pointerTo(pointer, 'enum');
    if (!Array.isArray(values) || values.length === 0) {
      this.report('enum-type-mismatch', at, 'enum must be a non-empty list');
      return undefined;
    }
    if (values.length > MAX_ENUM_VALUES) {
      this.report('enum-too-large', at, `enum has ${values.length} values; at most ${MAX_ENUM_VALUES} are supported`);
      return undefined;
    }
    const wrong = values.findIndex((v) => !isType(v));
    if (wrong >= 0) {
      this.report('enum-type-mismatch', pointerTo(at, wrong), `enum value ${JSON.stringify(values[wrong])} does not have the schema's type`);
      return undefined;
    }
    return values as T[];
  }

  private rules({ value, pointer, properties, known }: { value: unknown; pointer: string; properties: readonly PropertyModel[]; known: ReadonlySet<string> | undefined }): RuleModel[] {
    if (value === undefined) return [];
    if (!Array.isArray(value)) {
      this.report('invalid-rule', pointer, 'x-acs-rules must be a list');
      return [];
    }
    const byName = new Map(properties.map((p) => [p.name, p]));
    const rules: RuleModel[] = [];
    value.forEach((entry, index) => {
      const at = pointerTo(pointer, index);
      const rule = asObject(entry) ?? {};
      const parameter = String(rule['parameter']);
      const severity = rule['severity'];
      const code = stringOrUndefined(rule['code']);
      const why = stringOrUndefined(rule['why']);
      const problem = (message: string): void => this.report('invalid-rule', at, message);
      if (!byName.has(parameter)) return problem(`parameter ${parameter} is not a property here`);
      if (severity !== 'error' && severity !== 'warning') return problem('severity must be error or warning');
      if (why === undefined) return problem('every rule says why it exists (why)');
      if ((severity === 'error') !== (code !== undefined)) return problem('an error rule names its code; a warning names none');
      if (code !== undefined && known !== undefined && !known.has(code)) {
        return this.report('unknown-error-code', pointerTo(at, 'code'), `${code} is not a documented error code of the operation`);
      }
      const base = { parameter, severity, code, why, pointer: at } as const;
      switch (rule['rule']) {
        case 'notGreaterThan': {
          const than = String(rule['than']);
          const numeric = (name: string) => ['integer', 'number'].includes(byName.get(name)?.schema.kind ?? '');
          if (!numeric(parameter) || !numeric(than)) return problem('notGreaterThan compares two numeric properties');
          rules.push({ ...base, rule: 'notGreaterThan', than });
          return;
        }
        case 'effectiveOnlyWhen': {
          const when = asObject(rule['when']) ?? {};
          const other = byName.get(String(when['parameter']));
          const equals = when['equals'];
          if (other === undefined) return problem(`when.parameter ${String(when['parameter'])} is not a property here`);
          if (typeof equals !== 'string' && typeof equals !== 'number' && typeof equals !== 'boolean') return problem('when.equals must be a scalar');
          rules.push({ ...base, rule: 'effectiveOnlyWhen', when: { parameter: other.name, equals, default: other.schema.default } });
          return;
        }
        case 'ignoredWhenPresent': {
          const present = String(rule['present']);
          if (!byName.has(present)) return problem(`present ${present} is not a property here`);
          rules.push({ ...base, rule: 'ignoredWhenPresent', present });
          return;
        }
        default:
          return problem(`rule ${String(rule['rule'])} is not one the generator knows (notGreaterThan, effectiveOnlyWhen, ignoredWhenPresent)`);
      }
    });
    return rules;
  }

  private violations(operation: Json, pointer: string, known: ReadonlySet<string>): Record<ViolationKind, string> | undefined {
    const at = pointerTo(pointer, 'x-acs-violations');
    const located = this.resolve(operation['x-acs-violations'], at);
    if (located === undefined) {
      this.report('missing-violation-code', at, 'the operation must say which error code each kind of violation produces');
      return undefined;
    }
    const result: Partial<Record<ViolationKind, string>> = {};
    for (const kind of VIOLATION_KINDS) {
      const code = asObject(located.node[kind])?.['code'];
      if (typeof code !== 'string') {
        this.report('missing-violation-code', pointerTo(located.pointer, kind), `no error code for the violation kind ${kind}`);
      } else if (!known.has(code)) {
        this.report('unknown-error-code', pointerTo(located.pointer, kind, 'code'), `${code} is not a documented error code of the operation`);
      } else {
        result[kind] = code;
      }
    }
    return Object.keys(result).length === VIOLATION_KINDS.length ? (result as Record<ViolationKind, string>) : undefined;
  }

  private emptyTextIsMissing(operation: Json): boolean {
    const violations = this.resolve(operation['x-acs-violations'], 'x-acs-violations')?.node;
    return asObject(violations?.['missing'])?.['emptyTextIsMissing'] === true;
  }

  private responses(operation: Json, pointer: string): { status: number; media: Json; pointer: string }[] {
    return Object.entries(asObject(operation['responses']) ?? {}).flatMap(([status, value]) => {
      const located = this.resolve(value, pointerTo(pointer, 'responses', status));
      const media = asObject(asObject(located?.node['content'])?.['application/json']);
      if (located === undefined || media === undefined) return [];
      return [{ status: Number(status), media, pointer: pointerTo(located.pointer, 'content', 'application/json') }];
    });
  }

  private success(operation: Json, pointer: string): OperationModel['success'] | undefined {
    const response = this.responses(operation, pointer).find((r) => r.status >= 200 && r.status < 300);
    const schema = response && this.schema({ value: response.media['schema'], pointer: pointerTo(response.pointer, 'schema'), nameHint: `${String(operation['operationId'])}Response` });
    if (response === undefined || schema?.kind !== 'object') {
      this.report('missing-success-response', pointerTo(pointer, 'responses'), 'no 2xx application/json response with an object schema');
      return undefined;
    }
    return { httpStatus: response.status, schema };
  }

  private errorSchema(operation: Json, pointer: string): ObjectSchema | undefined {
    for (const response of this.responses(operation, pointer)) {
      if (response.status < 400) continue;
      const schema = this.schema({ value: response.media['schema'], pointer: pointerTo(response.pointer, 'schema'), nameHint: 'ErrorResponse' });
      if (schema?.kind === 'object') return schema;
    }
    return undefined;
  }

  private errors(operation: Json, pointer: string): ErrorModel[] {
    const errors: ErrorModel[] = [];
    for (const response of this.responses(operation, pointer)) {
      if (response.status < 400) continue;
      for (const [name, value] of Object.entries(asObject(response.media['examples']) ?? {})) {
        const located = this.resolve(value, pointerTo(response.pointer, 'examples', name));
        if (located === undefined) continue;
        const { node, pointer: at } = located;
        const message = node['x-acs-message'];
        const code = asObject(node['value'])?.['Code'];
        if (typeof message !== 'string' || code !== name) {
          this.report('invalid-error-example', at, `error example ${name} needs x-acs-message and value.Code equal to its name`);
          continue;
        }
        if (errors.some((e) => e.code === name)) {
          this.report('duplicate-name', at, `error code ${name} is documented twice`);
          continue;
        }
        errors.push({ code: name, httpStatus: response.status, message, retryable: node['x-acs-retryable'] === true, pointer: at });
      }
    }
    return errors;
  }
}

function asObject(value: unknown): Json | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : undefined;
}

function stringOrUndefined(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function lookup(document: Json, ref: string): unknown {
  let node: unknown = document;
  for (const raw of ref.slice(2).split('/')) {
    const key = decodeURIComponent(raw).replaceAll('~1', '/').replaceAll('~0', '~');
    const parent = asObject(node) ?? (Array.isArray(node) ? (node as unknown as Json) : undefined);
    if (parent === undefined || !Object.hasOwn(parent, key)) return undefined;
    node = parent[key];
  }
  return node;
}

function withDescription(schema: SchemaModel, description: string | undefined): SchemaModel {
  return description === undefined || schema.kind === 'object' ? schema : { ...schema, description };
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export function isIdentifier(name: string): boolean {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name);
}

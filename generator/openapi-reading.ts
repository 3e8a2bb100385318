import { pointerTo, type Diagnostic } from './diagnostics.js';
import { pointerSegments, resolvePointer } from './json-pointer.js';
import { schemaShape } from './schema-shape.js';
import type { BooleanSchema, NumericSchema, ObjectSchema, OperationModel, PropertyModel, RuleModel, Scalar, SchemaModel, StringSchema } from './model.js';

/** A literal set larger than this is a sign of a generated or broken document, not an API. */
export const MAX_ENUM_VALUES = 1024;

export const METADATA_KEYWORDS = new Set(['description', 'title', 'example', 'examples', 'default', 'deprecated', 'type']);
export const KEYWORDS_BY_KIND: Record<SchemaModel['kind'], ReadonlySet<string>> = {
  string: new Set(['enum']),
  integer: new Set(['enum', 'minimum', 'maximum']),
  number: new Set(['enum', 'minimum', 'maximum']),
  boolean: new Set(),
  array: new Set(['items', 'minItems', 'maxItems']),
  object: new Set(['properties', 'required', 'additionalProperties']),
};
const COMPOSITION_KEYWORDS = ['oneOf', 'anyOf', 'allOf', 'not', 'if', 'const'] as const;
const PARAMETER_KEYWORDS = new Set(['name', 'in', 'required', 'description', 'schema', 'example', 'examples', 'style', 'explode', 'deprecated']);
export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

export type Json = Record<string, unknown>;

export interface Located {
  readonly node: Json;
  readonly pointer: string;
  /** The component name when the node was reached through `#/components/schemas/<name>`. */
  readonly componentName: string | undefined;
}

export interface FoundOperation {
  readonly path: string;
  readonly method: string;
  readonly operation: Json;
  readonly pointer: string;
}

/** The scheme a security requirement names (the first, when it names several); its node is undefined when it is not an object. */
export interface SecurityScheme {
  readonly name: string;
  readonly node: Json | undefined;
  readonly pointer: string;
  /** Every scheme its requirement names: more than one must all be satisfied at once. */
  readonly together: readonly string[];
  /** The requirement it comes from, under the document's security. */
  readonly requirement: string;
}

/** A response with a JSON body, its $ref followed; the pointer is its media type's. */
interface ReadResponse {
  readonly status: number;
  readonly media: Json;
  readonly pointer: string;
}

/** A named example of an error response, its $ref followed. */
export interface ErrorExample {
  readonly name: string;
  readonly httpStatus: number;
  readonly node: Json;
  readonly pointer: string;
}

/** The places of a document where a vendor extension can be written. */
export type ExtensionPlace = 'info' | 'server' | 'securityScheme' | 'pathItem' | 'operation' | 'parameter' | 'schema' | 'objectSchema' | 'response' | 'mediaType' | 'example' | 'errorExample';

/** Keys whose values map names to things: a key of one of those is a name (a header `x-acs-request-id`), never an extension. */
const NAME_MAPS = new Set(['headers', 'securitySchemes', 'properties', 'patternProperties', '$defs', 'dependentSchemas', 'schemas', 'parameters', 'responses', 'examples', 'requestBodies', 'callbacks', 'links', 'pathItems', 'webhooks', 'variables', 'content', 'encoding', 'mapping', 'scopes']);

/** Keywords whose values are data (an example, a default, listed values): a key in them is not an extension. */
const DATA_KEYWORDS = new Set(['example', 'default', 'enum', 'const', 'value']);

const PLACE_WORDS: Record<ExtensionPlace, string> = {
  info: 'info',
  server: 'a server',
  securityScheme: 'a security scheme',
  pathItem: 'a path item',
  operation: 'an operation',
  parameter: 'a parameter',
  schema: 'a schema that is not an object',
  objectSchema: 'an object schema',
  response: 'a response',
  mediaType: 'a media type',
  example: 'an example of a success',
  errorExample: 'an error example',
};

/**
 * What a vendor's extensions add at the places the reader walks through. OpenAPI has no word for
 * cross-field rules or for how a list travels in a query string, so the reader hands these spots
 * to the vendor's reading instead of knowing its keywords.
 */
export interface VendorExtensions {
  /** What every name of these extensions starts with: a misspelt one is still recognisably theirs. */
  readonly prefix: string;
  /** The extensions read at each place; any other name with the prefix there is reported, since nothing would honour it. */
  readonly readAt: Readonly<Record<ExtensionPlace, readonly string[]>>;
  /** Headers the client writes on every call itself (lower case); a fixed header of the same name would be overwritten or sent twice. */
  readonly clientHeaders: readonly string[];
  /** Keywords that mean something on an object schema only: anywhere else they would be silently dropped. */
  readonly objectKeywords: ReadonlySet<string>;
  /** Read once the object's properties are known, since rules name them. */
  objectRules(at: { reader: OpenApiReader; node: Json; pointer: string; properties: readonly PropertyModel[] }): RuleModel[];
  /** Keywords that mean something on a parameter only: on a schema they would be silently dropped. */
  readonly parameterKeywords: ReadonlySet<string>;
  /**
   * How a parameter travels, as the parameter itself says (its schema is undefined for a header).
   * Read once the schema is known, before the next parameter, so diagnostics keep document order.
   */
  parameterStyle(at: { reader: OpenApiReader; node: Json; pointer: string; schema: SchemaModel | undefined }): PropertyModel['style'];
}

/**
 * Reads the document as written, following local $refs itself so every node keeps its JSON pointer,
 * and collects every problem instead of stopping at the first.
 */
export class OpenApiReader {
  private readonly document: Json;
  private readonly extensions: VendorExtensions;
  private readonly found: Diagnostic[];
  /** Object schemas by the JSON pointer they were read at. */
  private readonly named = new Map<string, ObjectSchema>();
  /** Objects a request holds that were checked for what the query codec can carry, each once however many parameters hold it. */
  private readonly wireChecked = new Set<string>();
  private readonly readResponses = new WeakMap<Json, readonly ReadResponse[]>();
  /** The nodes whose extension names were checked where they were read. */
  private readonly extensionsChecked = new WeakSet<Json>();

  constructor({ document, found, extensions }: { document: Json; found: readonly Diagnostic[]; extensions: VendorExtensions }) {
    this.document = document;
    this.extensions = extensions;
    this.found = [...found];
  }

  get diagnostics(): readonly Diagnostic[] {
    return this.found;
  }

  /** Every named object schema read so far, each once, in the order first read. */
  objects(): ObjectSchema[] {
    return [...this.named.values()];
  }

  /** Reports every extension name at a node that is not read there: a typo, or one written in the wrong place. */
  checkExtensionNames({ node, pointer, place }: { node: Json; pointer: string; place: ExtensionPlace }): void {
    this.extensionsChecked.add(node);
    const known = this.extensions.readAt[place];
    for (const key of Object.keys(node)) {
      if (!key.startsWith(this.extensions.prefix) || known.includes(key)) continue;
      const read = known.length === 0 ? `no ${this.extensions.prefix}* extension` : known.join(', ');
      this.report({ code: 'invalid-extension', pointer: pointerTo(pointer, key), message: `${key} means nothing on ${PLACE_WORDS[place]}, where the generator reads ${read}; correct its name or move it where it is read` });
    }
  }

  /**
   * Reports the extensions written where the reader never looks (the document's root, components,
   * a server variable, a response header, a component nothing uses): silently, they changed nothing.
   * Example values, defaults, enums and the extensions' own values are data, not places.
   */
  reportUnreadExtensions(): void {
    // On top of another problem (an operation refused, so never read) it would only say the same again, and wrongly.
    if (this.found.length > 0) return;
    // A scheme no requirement names is still where its extensions belong: the requirement is what is wrong.
    const schemes = asObject(asObject(this.document['components'])?.['securitySchemes']) ?? {};
    for (const [name, scheme] of Object.entries(schemes)) {
      const node = asObject(scheme);
      if (node !== undefined && !this.extensionsChecked.has(node)) this.checkExtensionNames({ node, pointer: pointerTo('#/components/securitySchemes', name), place: 'securityScheme' });
    }
    const readOn = new Map<string, string[]>();
    for (const [place, keys] of Object.entries(this.extensions.readAt)) for (const key of keys) readOn.set(key, [...(readOn.get(key) ?? []), PLACE_WORDS[place as ExtensionPlace]]);
    const why = (key: string) => {
      const on = readOn.get(key);
      return on === undefined ? `the generator reads no extension of that name (it reads ${[...readOn.keys()].join(', ')})` : `the generator reads it on ${on.join(' and ')}, where the document's operations use them`;
    };
    // An extension's value kept elsewhere (`x-acs-violations: {$ref: '#/components/x-acs-violations'}`) is read where it is referred to.
    const referred = new Set<string>();
    const refs = (node: unknown): void => {
      if (node === null || typeof node !== 'object') return;
      for (const [key, value] of Object.entries(node)) {
        if (key === '$ref' && typeof value === 'string') referred.add(value);
        else refs(value);
      }
    };
    refs(this.document);
    const isReferred = (at: string) => referred.has(at) || [...referred].some((target) => target.startsWith(`${at}/`));
    // `names`: the node maps names to things (headers, schemes, properties, a security requirement), so its keys are names, not extensions.
    const walk = (node: unknown, pointer: string, names = false): void => {
      if (Array.isArray(node)) return node.forEach((item, index) => walk(item, pointerTo(pointer, index), pointer.endsWith('/security')));
      if (node === null || typeof node !== 'object') return;
      for (const [key, value] of Object.entries(node)) {
        if (!names && key.startsWith(this.extensions.prefix) && !this.extensionsChecked.has(node as Json) && !isReferred(pointerTo(pointer, key))) {
          this.report({ code: 'invalid-extension', pointer: pointerTo(pointer, key), message: `${key} is never read here: ${why(key)}; move it where it is read, or remove it` });
        }
        // A schema's `examples` is a list of values; elsewhere it maps names to Example Objects, which are places.
        if ((!names && key.startsWith('x-')) || (!names && DATA_KEYWORDS.has(key)) || (key === 'examples' && Array.isArray(value))) continue;
        walk(value, pointerTo(pointer, key), !names && NAME_MAPS.has(key));
      }
    };
    walk(this.document, '#');
  }

  report({ code, pointer, message }: Diagnostic): void {
    // A component used in several places is read once per use; its problem is reported once.
    if (this.found.some((d) => d.code === code && d.pointer === pointer && d.message === message)) return;
    this.found.push({ code, pointer, message });
  }

  resolve({ value, pointer, seen = [] }: { value: unknown; pointer: string; seen?: readonly string[] }): Located | undefined {
    const node = asObject(value);
    if (node === undefined) return undefined;
    const ref = node['$ref'];
    if (typeof ref !== 'string') return { node, pointer, componentName: undefined };
    for (const key of Object.keys(node)) {
      // OpenAPI 3.1 lets a schema add keywords beside $ref; the generator does not merge them, so it says so.
      if (key !== '$ref' && key !== 'description' && key !== 'summary') {
        this.report({ code: 'unsupported-keyword', pointer: pointerTo(pointer, key), message: `keyword ${key} beside $ref is not merged; move it into ${ref} or inline the schema` });
      }
    }
    if (!ref.startsWith('#/')) {
      this.report({ code: 'external-ref', pointer, message: `$ref ${ref} is not local to the document` });
      return undefined;
    }
    if (seen.includes(ref)) {
      this.report({ code: 'cyclic-schema', pointer, message: `$ref ${ref} refers back to itself through ${[...seen, ref].join(' → ')}` });
      return undefined;
    }
    const target = resolvePointer({ document: this.document, pointer: ref });
    if (target === undefined) {
      this.report({ code: 'dangling-ref', pointer, message: `$ref ${ref} resolves to nothing` });
      return undefined;
    }
    const resolved = this.resolve({ value: target, pointer: ref, seen: [...seen, ref] });
    const [group, section, component, ...deeper] = pointerSegments(ref) ?? [];
    const isComponent = group === 'components' && section === 'schemas' && deeper.length === 0;
    return resolved && { ...resolved, componentName: resolved.componentName ?? (isComponent ? component : undefined) };
  }

  info(): Json {
    const info = asObject(this.document['info']) ?? {};
    this.checkExtensionNames({ node: info, pointer: '#/info', place: 'info' });
    return info;
  }

  servers(): { url: string; variables: Record<string, string>; node: Json; pointer: string }[] {
    const servers = Array.isArray(this.document['servers']) ? this.document['servers'] : [];
    return servers.flatMap((server, index) => {
      const node = asObject(server);
      if (node === undefined) return [];
      this.checkExtensionNames({ node, pointer: pointerTo('#/servers', index), place: 'server' });
      const variables = Object.entries(asObject(node['variables']) ?? {}).map(([name, v]) => [name, String(asObject(v)?.['default'] ?? '')]);
      return [{ url: String(node['url']), variables: Object.fromEntries(variables), node, pointer: pointerTo('#/servers', index) }];
    });
  }

  /** The document's security requirements, in order, each by the first scheme it names; any one of them satisfies the document. */
  securityRequirements(): SecurityScheme[] {
    const requirements: unknown[] = Array.isArray(this.document['security']) ? this.document['security'] : [];
    const checked = new Set<string>();
    return requirements.flatMap((each, index) => {
      const together = Object.keys(asObject(each) ?? {});
      const schemeName = together[0];
      if (schemeName === undefined) return [];
      const pointer = pointerTo('#/components/securitySchemes', schemeName);
      const node = this.resolve({ value: resolvePointer({ document: this.document, pointer }), pointer })?.node;
      if (node !== undefined && !checked.has(pointer)) this.checkExtensionNames({ node, pointer, place: 'securityScheme' });
      checked.add(pointer);
      return [{ name: schemeName, node, pointer, together, requirement: pointerTo('#/security', String(index)) }];
    });
  }

  /**
   * OpenAPI requires every name in a security requirement to be a scheme that
   * components.securitySchemes declares. swagger-parser does not check it, and a misspelt
   * alternative would otherwise be passed over in silence whenever another one can be met.
   */
  checkSecuritySchemeNames(operations: readonly FoundOperation[]): void {
    const declared = asObject(asObject(this.document['components'])?.['securitySchemes']) ?? {};
    const lists = [{ value: this.document['security'], pointer: '#/security' }, ...operations.map(({ operation, pointer }) => ({ value: operation['security'], pointer: pointerTo(pointer, 'security') }))];
    for (const { value, pointer } of lists) {
      if (!Array.isArray(value)) continue;
      for (const [index, requirement] of value.entries()) {
        for (const name of Object.keys(asObject(requirement) ?? {})) {
          if (Object.hasOwn(declared, name)) continue;
          this.report({ code: 'undeclared-security-scheme', pointer: pointerTo(pointer, index, name), message: `security names ${name}, which components.securitySchemes does not declare; declare it there or correct the name` });
        }
      }
    }
  }

  operations(): FoundOperation[] {
    const found: FoundOperation[] = [];
    for (const [path, item] of Object.entries(asObject(this.document['paths']) ?? {})) {
      // An extension of the Paths Object, not a path: the sweep of unread extensions judges it.
      if (path.startsWith('x-')) continue;
      const pathItem = asObject(item) ?? {};
      if (pathItem['$ref'] !== undefined) {
        // Its operations would be generated from one place and its parameters from another.
        this.report({ code: 'unsupported-binding', pointer: pointerTo('#/paths', path, '$ref'), message: `path item ${path} is a $ref; write its operations under paths directly` });
        continue;
      }
      this.checkExtensionNames({ node: pathItem, pointer: pointerTo('#/paths', path), place: 'pathItem' });
      // An RPC call always goes to the endpoint's root; `/#Action` keeps operations apart in the document and travels as `/`.
      if (!/^\/(?:#.*)?$/.test(path)) {
        this.report({ code: 'unsupported-binding', pointer: pointerTo('#/paths', path), message: `path ${path} is not the endpoint's root; an RPC call always goes to /, so write / or /#<Action> (one path per action) instead` });
        continue;
      }
      for (const method of HTTP_METHODS) {
        const operation = asObject(pathItem[method]);
        if (operation === undefined) continue;
        const pointer = pointerTo('#/paths', path, method);
        this.checkExtensionNames({ node: operation, pointer, place: 'operation' });
        found.push({ path, method, operation, pointer });
      }
    }
    return found;
  }

  reportDuplicateOperationIds(operations: readonly Pick<OperationModel, 'operationId' | 'pointer'>[]): void {
    const seen = new Set<string>();
    for (const op of operations) {
      if (seen.has(op.operationId)) this.report({ code: 'duplicate-name', pointer: op.pointer, message: `operationId ${op.operationId} is used twice` });
      seen.add(op.operationId);
    }
  }

  rpcBinding({ method, operation, pointer }: FoundOperation): Pick<OperationModel, 'operationId' | 'method'> | undefined {
    const operationId = operation['operationId'];
    if (typeof operationId !== 'string' || !isIdentifier(operationId)) {
      this.report({ code: 'unsupported-binding', pointer: pointerTo(pointer, 'operationId'), message: 'every operation needs an operationId that is a valid identifier' });
      return undefined;
    }
    if (method !== 'post' && method !== 'get') {
      this.report({ code: 'unsupported-binding', pointer, message: `method ${method.toUpperCase()} is not an RPC method (POST or GET)` });
      return undefined;
    }
    if (operation['requestBody'] !== undefined) {
      this.report({ code: 'unsupported-binding', pointer: pointerTo(pointer, 'requestBody'), message: 'operation parameters travel in the query string; a request body is not supported' });
    }
    for (const status of Object.keys(asObject(operation['responses']) ?? {})) {
      if (!EXACT_STATUS.test(status)) {
        this.report({ code: 'unsupported-binding', pointer: pointerTo(pointer, 'responses', status), message: `response ${status} is not an exact HTTP status; the client tells success from each documented error by its status, so write one (200, 400, …)` });
      }
    }
    return { operationId, method: method === 'post' ? 'POST' : 'GET' };
  }

  /**
   * OpenAPI's own serialization keywords are accepted only at their defaults: the codec sends
   * what the wire binding says, so a `style: spaceDelimited` or `explode: false` would be a
   * promise about the wire that nothing keeps.
   */
  private checkSerialization({ node, pointer }: { node: Json; pointer: string }): void {
    const defaults = node['in'] === 'header' ? { style: 'simple', explode: false } : { style: 'form', explode: true };
    for (const key of ['style', 'explode'] as const) {
      const value = node[key];
      if (value !== undefined && value !== defaults[key]) {
        this.report({ code: 'unsupported-binding', pointer: pointerTo(pointer, key), message: `${key} ${JSON.stringify(value)} is not how the parameter travels; leave ${key} out or write ${JSON.stringify(defaults[key])}` });
      }
    }
  }

  /**
   * The operation's parameters, then those of its path item that it does not redefine (the same
   * `name` and `in`), as OpenAPI applies them: a path-level parameter is a parameter of every
   * operation under the path, and must be validated and sent like the operation's own.
   */
  private parameterNodes({ operation, pointer, path }: { operation: Json; pointer: string; path: string }): { node: Json; pointer: string }[] {
    const read = (list: unknown, at: string) =>
      (Array.isArray(list) ? list : []).flatMap((entry, index) => this.resolve({ value: entry, pointer: pointerTo(at, 'parameters', index) }) ?? []);
    const own = read(operation['parameters'], pointer);
    const key = (node: Json) => `${String(node['in'])}\u0000${String(node['name'])}`;
    const redefined = new Set(own.map(({ node }) => key(node)));
    const pathItem = asObject(asObject(this.document['paths'])?.[path]) ?? {};
    const inherited = read(pathItem['parameters'], pointerTo('#/paths', path)).filter(({ node }) => !redefined.has(key(node)));
    return [...own, ...inherited];
  }

  /**
   * An object a parameter holds travels field by field, each as one part of a dotted name
   * (`List.1.Field`): the codec sends the fields the schema names, so the object must be closed.
   */
  private checkRequestObjects(schema: SchemaModel): void {
    for (const object of objectsWithin([schema])) {
      if (this.wireChecked.has(object.pointer)) continue;
      this.wireChecked.add(object.pointer);
      if (!object.closed) {
        this.report({
          code: 'unsupported-binding',
          pointer: object.pointer,
          message: 'an object in a request must say additionalProperties: false: the query codec sends only the fields the schema names, so an extra field would be accepted, then dropped',
        });
      }
      for (const property of object.properties) {
        if (!isWireName(property.name)) {
          this.report({ code: 'unsupported-binding', pointer: pointerTo(object.pointer, 'properties', property.name), message: wireNameMessage(`field ${JSON.stringify(property.name)}`) });
        }
      }
    }
  }

  parameters({ operation, pointer, path }: { operation: Json; pointer: string; path: string }): Pick<OperationModel, 'fixedHeaders'> & { properties: PropertyModel[] } {
    const properties: PropertyModel[] = [];
    const fixedHeaders: { name: string; value: string }[] = [];
    this.parameterNodes({ operation, pointer, path }).forEach(({ node, pointer: at }) => {
      this.checkExtensionNames({ node, pointer: at, place: 'parameter' });
      for (const key of Object.keys(node)) {
        if (!PARAMETER_KEYWORDS.has(key) && !key.startsWith('x-')) this.report({ code: 'unsupported-keyword', pointer: pointerTo(at, key), message: `parameter keyword ${key} is not supported` });
      }
      const name = String(node['name']);
      const schemaAt = pointerTo(at, 'schema');
      this.checkSerialization({ node, pointer: at });
      if (node['in'] === 'query' && !isWireName(name)) {
        this.report({ code: 'unsupported-binding', pointer: pointerTo(at, 'name'), message: wireNameMessage(`parameter ${JSON.stringify(name)}`) });
        return;
      }
      if (node['in'] === 'header') {
        this.extensions.parameterStyle({ reader: this, node, pointer: at, schema: undefined });
        const schema = this.resolve({ value: node['schema'], pointer: schemaAt })?.node;
        const values = schema?.['enum'];
        if (!Array.isArray(values) || values.length !== 1 || typeof values[0] !== 'string') {
          this.report({ code: 'unsupported-binding', pointer: schemaAt, message: `header ${name} must allow exactly one string value (enum with one item)` });
          return;
        }
        const lower = name.toLowerCase();
        if (this.extensions.clientHeaders.includes(lower)) {
          this.report({ code: 'unsupported-binding', pointer: pointerTo(at, 'name'), message: `header ${name} is written by the client on every call (${this.extensions.clientHeaders.join(', ')}); remove the parameter` });
          return;
        }
        if (fixedHeaders.some((header) => header.name.toLowerCase() === lower)) {
          this.report({ code: 'unsupported-binding', pointer: pointerTo(at, 'name'), message: `header ${name} is already a parameter of the operation (header names ignore case); keep one` });
          return;
        }
        fixedHeaders.push({ name, value: values[0] });
        return;
      }
      if (node['in'] !== 'query') {
        this.report({ code: 'unsupported-binding', pointer: pointerTo(at, 'in'), message: `parameters in ${String(node['in'])} are not supported; RPC parameters travel in the query` });
        return;
      }
      // OpenAPI: a parameter is its name and location, listed once; twice, its value would have two schemas and two keys in each object.
      if (properties.some((property) => property.name === name)) {
        this.report({ code: 'unsupported-binding', pointer: pointerTo(at, 'name'), message: `query parameter ${name} is listed twice; a parameter (name and in) may be listed once` });
        return;
      }
      const schema = this.schema({ value: node['schema'], pointer: schemaAt, nameHint: name });
      if (schema === undefined) return;
      this.checkRequestObjects(schema);
      const style = this.extensions.parameterStyle({ reader: this, node, pointer: at, schema });
      properties.push({ name, required: node['required'] === true, schema: withDescription({ schema, description: stringOrUndefined(node['description']) }), style, pointer: at });
    });
    return { properties, fixedHeaders };
  }

  schema({ value, pointer, nameHint }: { value: unknown; pointer: string; nameHint: string }): SchemaModel | undefined {
    return this.schemaIn({ value, pointer, nameHint, seen: [] });
  }

  private schemaIn({ value, pointer, nameHint, seen }: { value: unknown; pointer: string; nameHint: string; seen: readonly string[] }): SchemaModel | undefined {
    const ref = asObject(value)?.['$ref'];
    const located = this.resolve({ value, pointer, seen });
    if (located === undefined) {
      if (asObject(value) === undefined) this.report({ code: 'unsupported-type', pointer, message: 'a schema object is required here' });
      return undefined;
    }
    const chain = typeof ref === 'string' ? [...seen, ref] : seen;
    const { node, pointer: at, componentName } = located;
    const type = node['type'];
    if (typeof type !== 'string' || !(type in KEYWORDS_BY_KIND)) {
      const kinds = Object.keys(KEYWORDS_BY_KIND).join(', ');
      // A schema without a type is most often a composition: name what was written, not the type it lacks.
      const composed = type === undefined ? COMPOSITION_KEYWORDS.find((key) => key in node) : undefined;
      if (composed !== undefined) this.report({ code: 'unsupported-keyword', pointer: pointerTo(at, composed), message: `${composed} is not supported: give the schema one type (one of ${kinds})` });
      else this.report({ code: 'unsupported-type', pointer: pointerTo(at, 'type'), message: `type ${JSON.stringify(type)} is not supported (one of ${kinds})` });
      return undefined;
    }
    const kind = type as SchemaModel['kind'];
    // Every key of a schema is looked at below, its extensions among them.
    this.extensionsChecked.add(node);
    for (const key of Object.keys(node)) {
      if (METADATA_KEYWORDS.has(key) || KEYWORDS_BY_KIND[kind].has(key)) continue;
      if (this.extensions.parameterKeywords.has(key)) {
        this.report({ code: 'unsupported-keyword', pointer: pointerTo(at, key), message: `${key} is read on the query parameter, not on its schema; move it to the parameter` });
        continue;
      }
      if (this.extensions.objectKeywords.has(key)) {
        if (kind === 'object') continue;
      } else if (key.startsWith('x-')) {
        // Another vendor's extension is theirs to read; one of ours that is not read here is reported.
        this.checkExtensionNames({ node: { [key]: node[key] }, pointer: at, place: kind === 'object' ? 'objectSchema' : 'schema' });
        continue;
      }
      this.report({ code: 'unsupported-keyword', pointer: pointerTo(at, key), message: `keyword ${key} is not supported on ${/^[aeiou]/.test(kind) ? 'an' : 'a'} ${kind} schema` });
    }
    const base = { pointer: at, description: stringOrUndefined(node['description']), default: this.defaultValue({ node, pointer: at }) };
    switch (kind) {
      case 'string':
        return this.checkedDefault({ ...base, kind, enum: this.enumValues({ node, pointer: at, isType: (v): v is string => typeof v === 'string' }) });
      case 'integer':
      case 'number': {
        const isType = (v: unknown): v is number => typeof v === 'number' && (kind === 'number' ? Number.isFinite(v) : Number.isSafeInteger(v));
        const minimum = this.bound({ node, pointer: at, keyword: 'minimum', isType });
        const maximum = this.bound({ node, pointer: at, keyword: 'maximum', isType });
        if (minimum !== undefined && maximum !== undefined && minimum > maximum) {
          this.report({ code: 'contradictory-bounds', pointer: pointerTo(at, 'minimum'), message: `minimum ${minimum} is above maximum ${maximum}` });
        }
        const values = this.enumValues({ node, pointer: at, isType });
        // The validator checks an enum by its values alone, so a value the bounds exclude would be accepted.
        values?.forEach((v, index) => {
          const beyond = minimum !== undefined && v < minimum ? `below minimum ${minimum}` : maximum !== undefined && v > maximum ? `above maximum ${maximum}` : undefined;
          if (beyond !== undefined) this.report({ code: 'contradictory-bounds', pointer: pointerTo(at, 'enum', index), message: `enum value ${v} is ${beyond}, so it can never be valid; remove it or widen the bounds` });
        });
        return this.checkedDefault({ ...base, kind, minimum, maximum, enum: values });
      }
      case 'boolean':
        return this.checkedDefault({ ...base, kind });
      case 'array': {
        const isCount = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;
        const minItems = this.bound({ node, pointer: at, keyword: 'minItems', isType: isCount });
        const maxItems = this.bound({ node, pointer: at, keyword: 'maxItems', isType: isCount });
        if (minItems !== undefined && maxItems !== undefined && minItems > maxItems) {
          this.report({ code: 'contradictory-bounds', pointer: pointerTo(at, 'minItems'), message: `minItems ${minItems} is above maxItems ${maxItems}` });
        }
        const items = this.schemaIn({ value: node['items'], pointer: pointerTo(at, 'items'), nameHint: `${nameHint}Item`, seen: chain });
        return items && { ...base, kind, items, minItems, maxItems };
      }
      case 'object':
        return this.object({ node, pointer: at, name: componentName ?? nameHint, seen: chain, base });
    }
  }

  /**
   * A default says what an absent value means (a rule's `effectiveOnlyWhen` reads it), so one the
   * schema itself refuses would make the generated code reason from a value that cannot be.
   */
  private checkedDefault<T extends StringSchema | NumericSchema | BooleanSchema>(schema: T): T {
    if (schema.default !== undefined && !allows(schema, schema.default)) {
      this.report({ code: 'invalid-default', pointer: pointerTo(schema.pointer, 'default'), message: `default ${JSON.stringify(schema.default)} is not a value the schema allows` });
    }
    return schema;
  }

  private object({ node, pointer, name, seen, base }: { node: Json; pointer: string; name: string; seen: readonly string[]; base: SchemaBase }): ObjectSchema | undefined {
    // One schema, read from every place that refers to it, is one object. Its name is what the
    // document calls it; the names authority (emit/names.ts) makes each a unique identifier, so two
    // objects may share a name and a name need not be an identifier.
    const existing = this.named.get(pointer);
    if (existing !== undefined) return existing;
    const required = new Set(Array.isArray(node['required']) ? node['required'].map(String) : []);
    const properties: PropertyModel[] = [];
    const declared = asObject(node['properties']) ?? {};
    for (const [key, value] of Object.entries(declared)) {
      const schema = this.schemaIn({ value, pointer: pointerTo(pointer, 'properties', key), nameHint: `${name}${capitalize(key)}`, seen });
      // Only a parameter says how it travels: what it holds is flattened beneath its name
      // (`Name.1.Field.1`), so a list inside an object has no style of its own.
      if (schema) properties.push({ name: key, required: required.has(key), schema, style: undefined, pointer: undefined });
    }
    for (const key of required) {
      // One whose schema was refused is declared all the same: its own diagnostic says what is wrong.
      if (!Object.hasOwn(declared, key)) this.report({ code: 'invalid-rule', pointer: pointerTo(pointer, 'required'), message: `required property ${key} is not among the properties` });
    }
    const additional = node['additionalProperties'];
    if (additional !== undefined && typeof additional !== 'boolean') {
      this.report({ code: 'unsupported-keyword', pointer: pointerTo(pointer, 'additionalProperties'), message: 'additionalProperties must be true or false' });
    }
    const object: ObjectSchema = {
      ...base,
      kind: 'object',
      name,
      properties,
      closed: additional === false,
      rules: this.extensions.objectRules({ reader: this, node, pointer, properties }),
    };
    this.named.set(pointer, object);
    return object;
  }

  private defaultValue({ node, pointer }: { node: Json; pointer: string }): Scalar | undefined {
    const value = node['default'];
    if (value === undefined) return undefined;
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
    this.report({ code: 'unsupported-keyword', pointer: pointerTo(pointer, 'default'), message: 'only scalar defaults are supported' });
    return undefined;
  }

  private bound({ node, pointer, keyword, isType }: { node: Json; pointer: string; keyword: string; isType: (v: unknown) => v is number }): number | undefined {
    const value = node[keyword];
    if (value === undefined) return undefined;
    if (isType(value)) return value;
    this.report({ code: 'unsupported-keyword', pointer: pointerTo(pointer, keyword), message: `${keyword} ${JSON.stringify(value)} does not fit the schema type` });
    return undefined;
  }

  private enumValues<T extends Scalar>({ node, pointer, isType }: { node: Json; pointer: string; isType: (v: unknown) => v is T }): T[] | undefined {
    const values = node['enum'];
    if (values === undefined) return undefined;
    const at = pointerTo(pointer, 'enum');
    if (!Array.isArray(values) || values.length === 0) {
      this.report({ code: 'enum-type-mismatch', pointer: at, message: 'enum must be a non-empty list' });
      return undefined;
    }
    if (values.length > MAX_ENUM_VALUES) {
      this.report({ code: 'enum-too-large', pointer: at, message: `enum has ${values.length} values; at most ${MAX_ENUM_VALUES} are supported` });
      return undefined;
    }
    const wrong = values.findIndex((v) => !isType(v));
    if (wrong >= 0) {
      this.report({ code: 'enum-type-mismatch', pointer: pointerTo(at, wrong), message: `enum value ${JSON.stringify(values[wrong])} does not have the schema's type` });
      return undefined;
    }
    return values as T[];
  }

  /** An operation's JSON responses, read (and their extension names checked) once however many readings ask. */
  private responses({ operation, pointer }: { operation: Json; pointer: string }): readonly ReadResponse[] {
    let read = this.readResponses.get(operation);
    if (read === undefined) this.readResponses.set(operation, (read = this.readResponsesOf({ operation, pointer })));
    return read;
  }

  private readResponsesOf({ operation, pointer }: { operation: Json; pointer: string }): ReadResponse[] {
    return Object.entries(asObject(operation['responses']) ?? {}).flatMap(([status, value]) => {
      // rpcBinding has reported a range or `default`.
      if (!EXACT_STATUS.test(status)) return [];
      const located = this.resolve({ value, pointer: pointerTo(pointer, 'responses', status) });
      const media = asObject(asObject(located?.node['content'])?.['application/json']);
      if (located === undefined || media === undefined) return [];
      const at = pointerTo(located.pointer, 'content', 'application/json');
      this.checkExtensionNames({ node: located.node, pointer: located.pointer, place: 'response' });
      this.checkExtensionNames({ node: media, pointer: at, place: 'mediaType' });
      for (const [name, example] of Object.entries(asObject(media['examples']) ?? {})) {
        const found = this.resolve({ value: example, pointer: pointerTo(at, 'examples', name) });
        if (found !== undefined) this.checkExtensionNames({ node: found.node, pointer: found.pointer, place: Number(status) >= 400 ? 'errorExample' : 'example' });
      }
      return [{ status: Number(status), media, pointer: at }];
    });
  }

  success({ operation, pointer }: { operation: Json; pointer: string }): OperationModel['success'] | undefined {
    const successes = this.responses({ operation, pointer }).filter((r) => r.status >= 200 && r.status < 300);
    const [response, second] = successes;
    // The client judges every 2xx answer by the one body it knows: a second would be read as the first.
    if (response !== undefined && second !== undefined) {
      this.report({ code: 'unsupported-binding', pointer: second.pointer, message: `a second success response (${second.status} beside ${response.status}): the client judges every 2xx answer by one body; document one success response` });
    }
    const schema = response && this.schema({ value: response.media['schema'], pointer: pointerTo(response.pointer, 'schema'), nameHint: `${String(operation['operationId'])}Response` });
    if (response === undefined || schema?.kind !== 'object') {
      this.report({ code: 'missing-success-response', pointer: pointerTo(pointer, 'responses'), message: 'no 2xx application/json response with an object schema' });
      return undefined;
    }
    return { httpStatus: response.status, schema, examples: Object.keys(asObject(response.media['examples']) ?? {}) };
  }

  /** The body of the first error response that has an object schema, and that response's status. */
  errorBody({ operation, pointer }: { operation: Json; pointer: string }): { schema: ObjectSchema; httpStatus: number } | undefined {
    const failures = this.responses({ operation, pointer }).filter((r) => r.status >= 400);
    for (const [index, response] of failures.entries()) {
      const schema = this.schema({ value: response.media['schema'], pointer: pointerTo(response.pointer, 'schema'), nameHint: 'ErrorResponse' });
      if (schema?.kind !== 'object') continue;
      // The client and validateErrorResponse judge every error answer by this one body; another would go unchecked.
      const shape = this.shapeOf(response.media['schema']);
      for (const other of failures.slice(index + 1)) {
        if (other.media['schema'] !== undefined && this.shapeOf(other.media['schema']) !== shape) {
          this.report({ code: 'unsupported-binding', pointer: pointerTo(other.pointer, 'schema'), message: `error response ${other.status} has another body than ${response.status}'s: the client judges every error answer by one body; give every error response the same schema ($ref one component)` });
        }
      }
      return { schema, httpStatus: response.status };
    }
    return undefined;
  }

  /** A schema as one text, its local $refs followed: two error bodies that say the same thing, inline or by $ref, give the same text. */
  private shapeOf(schema: unknown): string {
    return schemaShape({ schema, follow: (ref) => resolvePointer({ document: this.document, pointer: ref }) });
  }

  /** Lazy, so what the caller reports about one example comes before the next example's $ref problems. */
  *errorExamples({ operation, pointer }: { operation: Json; pointer: string }): Generator<ErrorExample> {
    for (const response of this.responses({ operation, pointer })) {
      if (response.status < 400) continue;
      for (const [name, value] of Object.entries(asObject(response.media['examples']) ?? {})) {
        const located = this.resolve({ value, pointer: pointerTo(response.pointer, 'examples', name) });
        if (located !== undefined) yield { name, httpStatus: response.status, node: located.node, pointer: located.pointer };
      }
    }
  }
}

type SchemaBase = Pick<SchemaModel, 'pointer' | 'description' | 'default'>;

/** Exact statuses only: a range (4XX) or `default` says nothing the client could tell a response by. */
const EXACT_STATUS = /^[1-5][0-9][0-9]$/;

/** A query name is the parameter's name and its fields' names joined by dots, so no part may hold a dot or be empty. */
function isWireName(name: string): boolean {
  return name !== '' && !name.includes('.');
}

function wireNameMessage(what: string): string {
  return `${what} cannot travel in the query: a dot joins the parts of a flattened name (List.1.Field), so a part may neither hold one nor be empty; rename it`;
}

/** Every object the schemas hold, through lists and fields, themselves included: children before parents, each once. */
export function objectsWithin(schemas: readonly SchemaModel[]): ObjectSchema[] {
  const ordered: ObjectSchema[] = [];
  const visit = (schema: SchemaModel): void => {
    if (schema.kind === 'array') return visit(schema.items);
    if (schema.kind !== 'object' || ordered.includes(schema)) return;
    for (const property of schema.properties) visit(property.schema);
    ordered.push(schema);
  };
  for (const schema of schemas) visit(schema);
  return ordered;
}

/** Whether a schema admits a scalar value: its type, its enum and its bounds (never a list or an object). */
export function allows(schema: SchemaModel, value: Scalar): boolean {
  switch (schema.kind) {
    case 'string':
      return typeof value === 'string' && (schema.enum === undefined || schema.enum.includes(value));
    case 'boolean':
      return typeof value === 'boolean';
    case 'integer':
    case 'number':
      return (
        typeof value === 'number' &&
        (schema.kind === 'number' ? Number.isFinite(value) : Number.isSafeInteger(value)) &&
        (schema.enum === undefined || schema.enum.includes(value)) &&
        (schema.minimum === undefined || value >= schema.minimum) &&
        (schema.maximum === undefined || value <= schema.maximum)
      );
    default:
      return false;
  }
}

export function asObject(value: unknown): Json | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : undefined;
}

export function stringOrUndefined(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

export function isIdentifier(name: string): boolean {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name);
}

function withDescription({ schema, description }: { schema: SchemaModel; description: string | undefined }): SchemaModel {
  return description === undefined || schema.kind === 'object' ? schema : { ...schema, description };
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

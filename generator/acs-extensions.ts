import { pointerTo } from './diagnostics.js';
import type { ErrorModel, OperationModel, PropertyModel, RuleModel, SchemaModel, ServerModel, SignatureModel, ViolationKind } from './model.js';
import { allows, asObject, isIdentifier, stringOrUndefined, type FoundOperation, type Json, type OpenApiReader, type SecurityScheme, type VendorExtensions } from './openapi-reading.js';

export const VIOLATION_KINDS = ['missing', 'type', 'range', 'enum', 'size', 'unknown'] as const;

/**
 * The one algorithm generator/runtime/signer.ts computes. A document naming another would get a
 * client that signs this one anyway, so any other value is refused (a test holds the two equal).
 */
export const SIGNATURE_ALGORITHM = 'ACS3-HMAC-SHA256';

/** The field of an error body that carries the service's code, as the gateway writes it and runtime/client.ts reads it. */
export const ERROR_CODE_FIELD = 'Code';

/** The only list style the query codec sends and reads: `Name.1`, `Name.2`, … (1-based). */
export const LIST_STYLE = 'repeatList';

export const ACS_EXTENSIONS: VendorExtensions = {
  prefix: 'x-acs-',
  // runtime/client.ts and runtime/signer.ts write these on every call.
  clientHeaders: ['host', 'authorization', 'x-acs-date', 'x-acs-signature-nonce', 'x-acs-content-sha256', 'x-acs-security-token', 'accept', 'user-agent', 'prefer'],
  readAt: {
    info: ['x-acs-product', 'x-acs-api-version'],
    server: ['x-acs-network'],
    securityScheme: ['x-acs-signature-algorithm'],
    pathItem: [],
    operation: ['x-acs-violations', 'x-acs-rules', 'x-acs-before-retry'],
    parameter: ['x-acs-style'],
    schema: [],
    objectSchema: ['x-acs-rules'],
    response: [],
    mediaType: [],
    example: [],
    errorExample: ['x-acs-message', 'x-acs-retryable'],
  },
  objectKeywords: new Set(['x-acs-rules']),
  objectRules: ({ reader, node, pointer, properties }) => rules({ reader, value: node['x-acs-rules'], pointer: pointerTo(pointer, 'x-acs-rules'), properties, known: undefined }),
  parameterKeywords: new Set(['x-acs-style']),
  parameterStyle: ({ reader, node, pointer, schema }) => {
    const style = node['x-acs-style'];
    const name = String(node['name']);
    const problem = ({ at, message }: { at: string; message: string }): undefined => {
      reader.report({ code: 'invalid-list-style', pointer: at, message });
      return undefined;
    };
    if (schema?.kind !== 'array') {
      return style === undefined ? undefined : problem({ at: pointerTo(pointer, 'x-acs-style'), message: `${name} is not a list, so x-acs-style says nothing about it; remove it` });
    }
    // Said, not assumed: the style is part of the wire contract, and a list that does not say how
    // it travels would leave a reader of the document guessing at what the codec does.
    if (style === undefined) return problem({ at: pointer, message: `list parameter ${name} must say how it travels: add x-acs-style: ${LIST_STYLE} (${name}.1, ${name}.2, …)` });
    if (style !== LIST_STYLE) return problem({ at: pointerTo(pointer, 'x-acs-style'), message: `x-acs-style ${JSON.stringify(style)} is not supported: lists travel as ${LIST_STYLE} only` });
    const nested = listOfLists({ schema, name });
    if (nested !== undefined) {
      return problem({ at: pointerTo(pointer, 'schema'), message: `${nested} is a list of lists, which ${LIST_STYLE} cannot carry (${nested}.1.1 reads back as an unknown name); make its items objects` });
    }
    return LIST_STYLE;
  },
};

/** The wire name of the first list inside `schema` whose items are lists themselves, if any. */
function listOfLists({ schema, name }: { schema: SchemaModel; name: string }): string | undefined {
  if (schema.kind === 'array') return schema.items.kind === 'array' ? name : listOfLists({ schema: schema.items, name: `${name}.N` });
  if (schema.kind !== 'object') return undefined;
  for (const property of schema.properties) {
    const found = listOfLists({ schema: property.schema, name: `${name}.${property.name}` });
    if (found !== undefined) return found;
  }
  return undefined;
}

/**
 * info.x-acs-api-version is the API version the gateway routes by, and each operation sends it as
 * its fixed x-acs-version header; a document that says one version and sends another (or none)
 * would generate a client that calls a different API from the one described.
 */
export function checkApiVersion({ reader, info, operations }: { reader: OpenApiReader; info: Json; operations: readonly OperationModel[] }): void {
  const version = info['x-acs-api-version'];
  if (version === undefined) return;
  if (typeof version !== 'string' || version === '') {
    reader.report({ code: 'invalid-extension', pointer: '#/info/x-acs-api-version', message: `x-acs-api-version ${JSON.stringify(version)} must be the API version as text, e.g. '2021-03-20'` });
    return;
  }
  for (const op of operations) {
    const sent = op.fixedHeaders.find((header) => header.name.toLowerCase() === 'x-acs-version')?.value;
    if (sent === version) continue;
    reader.report({
      code: 'invalid-extension',
      pointer: pointerTo(op.pointer, 'parameters'),
      message: sent === undefined
        ? `${op.operationId} sends no x-acs-version header; add a header parameter x-acs-version with enum ['${version}'] (info.x-acs-api-version)`
        : `${op.operationId} sends x-acs-version ${sent}, but info.x-acs-api-version is ${version}; make them the same`,
    });
  }
}

/** info.x-acs-product names the client's error class (`<product>ApiError`); without it the class is ServiceApiError. */
export function productName({ reader, info }: { reader: OpenApiReader; info: Json }): string | undefined {
  const product = info['x-acs-product'];
  if (product === undefined) return undefined;
  if (typeof product === 'string' && isIdentifier(product)) return product;
  reader.report({ code: 'invalid-extension', pointer: '#/info/x-acs-product', message: `x-acs-product ${JSON.stringify(product)} names the error class (<product>ApiError), so it must be an identifier` });
  return undefined;
}

/**
 * The generated client picks a server by its network (`public` unless told otherwise), so a
 * server without one, or with a network an earlier server already has, could never be picked.
 */
export function servers({ reader }: { reader: OpenApiReader }): ServerModel[] {
  const taken = new Map<string, string>();
  const found = reader.servers();
  // The client fills one variable, from one option, into whichever server it picks.
  const shared = Object.keys(found[0]?.variables ?? {});
  return found.map(({ url, variables, node, pointer }) => {
    checkServerUrl({ reader, url, variables, node, pointer, shared });
    const network = node['x-acs-network'];
    const at = pointerTo(pointer, 'x-acs-network');
    if (typeof network !== 'string' || network === '') {
      reader.report({ code: 'invalid-extension', pointer: network === undefined ? pointer : at, message: `server ${url} needs x-acs-network (public, vpc, …), the name the client picks it by` });
      return { url, network: undefined, variables };
    }
    const first = taken.get(network);
    if (first !== undefined) reader.report({ code: 'invalid-extension', pointer: at, message: `network ${network} is already served by ${first}, which the client always picks first` });
    taken.set(network, first ?? pointer);
    return { url, network, variables };
  });
}

/**
 * The requirement the client meets: the first that names one scheme it can sign with, since any
 * one requirement satisfies the document. Without such a one, the first, so that what is wrong with
 * it is what the diagnostics say.
 */
export function signingScheme(requirements: readonly SecurityScheme[]): SecurityScheme | undefined {
  return requirements.find(({ together, node }) => together.length === 1 && isSigningScheme(node)) ?? requirements[0];
}

function isSigningScheme(node: Json | undefined): boolean {
  return isHeaderKey(node) && node['x-acs-signature-algorithm'] === SIGNATURE_ALGORITHM;
}

function isHeaderKey(node: Json | undefined): node is Json {
  return node?.['type'] === 'apiKey' && node['in'] === 'header';
}

export function signature({ reader, scheme }: { reader: OpenApiReader; scheme: SecurityScheme | undefined }): SignatureModel | undefined {
  if (scheme === undefined) {
    reader.report({ code: 'unsupported-binding', pointer: '#/security', message: `the generated client signs every call (${SIGNATURE_ALGORITHM}); name the security scheme that says so in security` });
    return undefined;
  }
  const { node, pointer, together, requirement } = scheme;
  // The reader has said why there is no scheme: its name is undeclared, or its $ref dangles.
  if (node === undefined) return undefined;
  if (together.length > 1) {
    reader.report({
      code: 'unsupported-binding',
      pointer: requirement,
      message: `the security requirement asks for ${together.join(' and ')} together, but the generated client signs with one scheme; name ${together[0]} alone`,
    });
    return undefined;
  }
  const algorithm = node?.['x-acs-signature-algorithm'];
  if (!isHeaderKey(node) || typeof algorithm !== 'string') {
    reader.report({ code: 'unsupported-binding', pointer, message: 'the security scheme must be an apiKey header with x-acs-signature-algorithm' });
    return undefined;
  }
  if (algorithm !== SIGNATURE_ALGORITHM) {
    reader.report({
      code: 'unsupported-signature-algorithm',
      pointer: pointerTo(pointer, 'x-acs-signature-algorithm'),
      message: `x-acs-signature-algorithm ${algorithm} is not supported: the generated client signs ${SIGNATURE_ALGORITHM} only`,
    });
    return undefined;
  }
  return { algorithm, header: String(node['name']) };
}

/**
 * The client signs every call with the document's one scheme, so an operation that declares
 * security of its own must allow that scheme alone: another scheme, or none (`security: []`),
 * would still be signed as the document says, never as the operation does.
 */
export function checkOperationSecurity({ reader, operations, scheme }: { reader: OpenApiReader; operations: readonly FoundOperation[]; scheme: SecurityScheme | undefined }): void {
  // Without a usable document scheme there is nothing to compare with; signature() has said so.
  if (scheme === undefined || scheme.together.length > 1) return;
  for (const { operation, pointer } of operations) {
    if (!Object.hasOwn(operation, 'security')) continue;
    const declared = operation['security'];
    const allowsTheScheme = Array.isArray(declared) && declared.some((requirement) => {
      const names = Object.keys(asObject(requirement) ?? {});
      return names.length === 1 && names[0] === scheme.name;
    });
    if (allowsTheScheme) continue;
    reader.report({
      code: 'unsupported-binding',
      pointer: pointerTo(pointer, 'security'),
      message: `security ${JSON.stringify(declared)} does not allow ${scheme.name}, the scheme the generated client signs every call with (${SIGNATURE_ALGORITHM}); remove the operation's security or make it name ${scheme.name} alone`,
    });
  }
}

/**
 * What the client cannot do with a server, said instead of done wrong: an RPC call goes to the
 * endpoint's root (a path in the URL would be dropped), a variable's enum would go unchecked, and
 * the one option the client offers fills the same variable in every server.
 */
function checkServerUrl({ reader, url, variables, node, pointer, shared }: { reader: OpenApiReader; url: string; variables: Readonly<Record<string, string>>; node: Json; pointer: string; shared: readonly string[] }): void {
  const names = Object.keys(variables);
  const path = url.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]*/i, '');
  if (path !== '' && path !== '/') {
    reader.report({ code: 'unsupported-binding', pointer: pointerTo(pointer, 'url'), message: `server ${url} has the path ${path}; an RPC call goes to the endpoint's root, so the URL names the host alone` });
  }
  if (names.length > 1 || names.join() !== shared.join()) {
    reader.report({
      code: 'unsupported-binding',
      pointer: pointerTo(pointer, 'variables'),
      message: `server ${url} has the variables ${JSON.stringify(names)}; the client fills one variable, the same in every server (${JSON.stringify(shared.slice(0, 1))}), from one option`,
    });
  }
  for (const name of names) {
    if (asObject(asObject(node['variables'])?.[name])?.['enum'] !== undefined) {
      reader.report({ code: 'unsupported-keyword', pointer: pointerTo(pointer, 'variables', name, 'enum'), message: `the client does not check ${name} against an enum; remove the enum, or the client would send values it lists as impossible` });
    }
  }
}

/** An error example's name is its code, so the catalog needs no second list that could disagree. */
export function errorCatalog({ reader, operation, pointer }: { reader: OpenApiReader; operation: Json; pointer: string }): ErrorModel[] {
  const errors: ErrorModel[] = [];
  for (const { name, httpStatus, node, pointer: at } of reader.errorExamples({ operation, pointer })) {
    const message = node['x-acs-message'];
    const code = asObject(node['value'])?.[ERROR_CODE_FIELD];
    if (typeof message !== 'string' || code !== name) {
      reader.report({ code: 'invalid-error-example', pointer: at, message: `error example ${name} needs x-acs-message and value.Code equal to its name` });
      continue;
    }
    if (errors.some((e) => e.code === name)) {
      reader.report({ code: 'duplicate-name', pointer: at, message: `error code ${name} is documented twice` });
      continue;
    }
    const retryable = node['x-acs-retryable'];
    // A mistyped `'true'` would silently mean "never retried"; the catalog keeps the code either way.
    if (retryable !== undefined && typeof retryable !== 'boolean') {
      reader.report({ code: 'invalid-extension', pointer: pointerTo(at, 'x-acs-retryable'), message: `x-acs-retryable must be true or false, not ${JSON.stringify(retryable)}` });
    }
    errors.push({ code: name, httpStatus, message, retryable: retryable === true, pointer: at });
  }
  return errors;
}

export function violationCodes({ reader, operation, pointer, known }: { reader: OpenApiReader; operation: Json; pointer: string; known: ReadonlySet<string> }): Record<ViolationKind, string> | undefined {
  const at = pointerTo(pointer, 'x-acs-violations');
  const located = reader.resolve({ value: operation['x-acs-violations'], pointer: at });
  if (located === undefined) {
    reader.report({ code: 'missing-violation-code', pointer: at, message: 'the operation must say which error code each kind of violation produces' });
    return undefined;
  }
  for (const [kind, entry] of Object.entries(located.node)) {
    if (!(VIOLATION_KINDS as readonly string[]).includes(kind)) {
      reader.report({ code: 'invalid-extension', pointer: pointerTo(located.pointer, kind), message: `${kind} is not a kind of violation the validators report (${VIOLATION_KINDS.join(', ')})` });
    }
    for (const key of Object.keys(asObject(entry) ?? {})) {
      if (!['code', 'why', 'emptyTextIsMissing'].includes(key)) {
        reader.report({ code: 'invalid-extension', pointer: pointerTo(located.pointer, kind, key), message: `${key} means nothing in a violation mapping, which reads code, why and (under missing) emptyTextIsMissing` });
      }
    }
    const flag = asObject(entry)?.['emptyTextIsMissing'];
    if (flag !== undefined && (kind !== 'missing' || typeof flag !== 'boolean')) {
      reader.report({ code: 'invalid-extension', pointer: pointerTo(located.pointer, kind, 'emptyTextIsMissing'), message: 'emptyTextIsMissing is true or false, under missing only' });
    }
  }
  const result: Partial<Record<ViolationKind, string>> = {};
  for (const kind of VIOLATION_KINDS) {
    const code = asObject(located.node[kind])?.['code'];
    if (typeof code !== 'string') {
      reader.report({ code: 'missing-violation-code', pointer: pointerTo(located.pointer, kind), message: `no error code for the violation kind ${kind}` });
    } else if (!known.has(code)) {
      reader.report({ code: 'unknown-error-code', pointer: pointerTo(located.pointer, kind, 'code'), message: `${code} is not a documented error code of the operation` });
    } else {
      result[kind] = code;
    }
  }
  return Object.keys(result).length === VIOLATION_KINDS.length ? (result as Record<ViolationKind, string>) : undefined;
}

/**
 * x-acs-before-retry: what a caller should look at before calling again when a request may have
 * been processed. Only the spec knows what "processed" means for its operation (nodes added, an
 * order placed), so the client's message takes it from here.
 */
export function beforeRetry({ reader, operation, pointer }: { reader: OpenApiReader; operation: Json; pointer: string }): string | undefined {
  const advice = operation['x-acs-before-retry'];
  if (advice === undefined) return undefined;
  if (typeof advice !== 'string' || advice.trim() === '') {
    reader.report({ code: 'unsupported-binding', pointer: pointerTo(pointer, 'x-acs-before-retry'), message: 'x-acs-before-retry must be a non-empty text' });
    return undefined;
  }
  return advice.trim();
}

export function emptyTextIsMissing({ reader, operation }: { reader: OpenApiReader; operation: Json }): boolean {
  const violations = reader.resolve({ value: operation['x-acs-violations'], pointer: 'x-acs-violations' })?.node;
  return asObject(violations?.['missing'])?.['emptyTextIsMissing'] === true;
}

/** Operation rules may only name the operation's own error codes; object rules cannot know which operation uses them. */
export function operationRules({ reader, operation, pointer, properties, known }: { reader: OpenApiReader; operation: Json; pointer: string; properties: readonly PropertyModel[]; known: ReadonlySet<string> }): RuleModel[] {
  return rules({ reader, value: operation['x-acs-rules'], pointer: pointerTo(pointer, 'x-acs-rules'), properties, known });
}

const COMMON_RULE_KEYS: readonly string[] = ['rule', 'parameter', 'severity', 'code', 'why'];
const RULE_KEYS: Readonly<Record<string, readonly string[]>> = { notGreaterThan: ['than'], effectiveOnlyWhen: ['when'], ignoredWhenPresent: ['present'] };

function rules({ reader, value, pointer, properties, known }: { reader: OpenApiReader; value: unknown; pointer: string; properties: readonly PropertyModel[]; known: ReadonlySet<string> | undefined }): RuleModel[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    reader.report({ code: 'invalid-rule', pointer, message: 'x-acs-rules must be a list' });
    return [];
  }
  const byName = new Map(properties.map((p) => [p.name, p]));
  const found: RuleModel[] = [];
  value.forEach((entry, index) => {
    const at = pointerTo(pointer, index);
    const rule = asObject(entry) ?? {};
    const parameter = String(rule['parameter']);
    const severity = rule['severity'];
    const code = stringOrUndefined(rule['code']);
    const why = stringOrUndefined(rule['why']);
    const problem = (message: string): void => reader.report({ code: 'invalid-rule', pointer: at, message });
    if (!byName.has(parameter)) return problem(`parameter ${parameter} is not a property here`);
    if (severity !== 'error' && severity !== 'warning') return problem('severity must be error or warning');
    if (why === undefined) return problem('every rule says why it exists (why)');
    if ((severity === 'error') !== (code !== undefined)) return problem('an error rule names its code; a warning names none');
    if (code !== undefined && known !== undefined && !known.has(code)) {
      return reader.report({ code: 'unknown-error-code', pointer: pointerTo(at, 'code'), message: `${code} is not a documented error code of the operation` });
    }
    const base = { parameter, severity, code, why, pointer: at } as const;
    const own = RULE_KEYS[String(rule['rule'])];
    // A key the rule does not read (a `when` on notGreaterThan) is a condition nothing checks.
    const unread = own === undefined ? [] : Object.keys(rule).filter((key) => !COMMON_RULE_KEYS.includes(key) && !own.includes(key));
    for (const key of unread) {
      reader.report({ code: 'invalid-rule', pointer: pointerTo(at, key), message: `${key} means nothing in a ${String(rule['rule'])} rule, which reads ${[...COMMON_RULE_KEYS, ...(own ?? [])].join(', ')}` });
    }
    switch (rule['rule']) {
      case 'notGreaterThan': {
        const than = String(rule['than']);
        if (!byName.has(than)) return problem(`than ${than} is not a property here`);
        const numeric = (name: string) => ['integer', 'number'].includes(byName.get(name)?.schema.kind ?? '');
        if (!numeric(parameter) || !numeric(than)) return problem('notGreaterThan compares two numeric properties');
        found.push({ ...base, rule: 'notGreaterThan', than });
        return;
      }
      case 'effectiveOnlyWhen': {
        const when = asObject(rule['when']) ?? {};
        // As a key of the rule: a condition written inside `when` but never read is one nothing checks.
        for (const key of Object.keys(when).filter((k) => k !== 'parameter' && k !== 'equals')) {
          reader.report({ code: 'invalid-rule', pointer: pointerTo(at, 'when', key), message: `when.${key} means nothing: an effectiveOnlyWhen condition reads parameter and equals` });
        }
        const other = byName.get(String(when['parameter']));
        const equals = when['equals'];
        if (other === undefined) return problem(`when.parameter ${String(when['parameter'])} is not a property here`);
        if (typeof equals !== 'string' && typeof equals !== 'number' && typeof equals !== 'boolean') return problem('when.equals must be a scalar');
        // A value the other property can never hold would make the warning advise the impossible.
        if (!allows(other.schema, equals)) return problem(`when.equals ${JSON.stringify(equals)} is not a value ${other.name} allows`);
        found.push({ ...base, rule: 'effectiveOnlyWhen', when: { parameter: other.name, equals, default: other.schema.default } });
        return;
      }
      case 'ignoredWhenPresent': {
        const present = String(rule['present']);
        if (!byName.has(present)) return problem(`present ${present} is not a property here`);
        found.push({ ...base, rule: 'ignoredWhenPresent', present });
        return;
      }
      default:
        return problem(`rule ${String(rule['rule'])} is not one the generator knows (notGreaterThan, effectiveOnlyWhen, ignoredWhenPresent)`);
    }
  });
  return found;
}


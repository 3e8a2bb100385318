/**
 * Every problem the generator can find in a document, with a stable code and the reason a user
 * reads when it fires. A code without an entry here fails the type-check, so each one is documented.
 */
export const DIAGNOSTICS = {
  'invalid-openapi': 'The document is not valid OpenAPI 3.1 (swagger-parser rejected it).',
  'unreadable-document': 'The file could not be read or parsed as YAML/JSON.',
  'dangling-ref': 'A $ref points at nothing in the document.',
  'external-ref': 'Only local references (#/...) are supported, so the document stays one file.',
  'cyclic-schema': 'A schema refers back to itself; flattened query parameters cannot be recursive.',
  'unsupported-keyword': 'The generator cannot enforce this keyword; dropping it would make the validators too lax.',
  'unsupported-type': 'The schema type is not one the wire binding can carry.',
  'unsupported-binding': 'The operation is not bound the way the generator supports (POST or GET, query parameters, fixed headers).',
  'contradictory-bounds': 'A lower bound is above its upper bound, or a value is listed that the bounds or the empty-text reading exclude, so it could never be valid.',
  'enum-type-mismatch': 'An enum value does not have the schema type.',
  'invalid-default': 'A default is not a value its own schema allows (wrong type, outside the enum or the bounds).',
  'enum-too-large': 'The enum has more values than the generator emits as a literal set.',
  'missing-violation-code': 'The operation does not say which error code a kind of violation produces (x-acs-violations).',
  'unknown-error-code': 'A rule or mapping names an error code the operation does not document.',
  'invalid-rule': 'An x-acs-rules entry is malformed or names a property the schema lacks.',
  'invalid-error-example': 'An error example lacks its x-acs-message or its value.Code differs from its name.',
  'missing-success-response': 'The operation has no 2xx JSON response with an object schema.',
  'invalid-changelog': 'info.x-changelog is not a list of { version, summary, date? } texts, each version a semantic one told once, so no CHANGELOG can be written from it.',
  'duplicate-name': 'Two schemas or operations would produce the same generated name.',
  'conflicting-error': 'Two operations document one error code differently (HTTP status, x-acs-retryable or x-acs-message): the generated code holds one table of the document\'s codes.',
  'ambiguous-operation': 'Two operations travel alike (the same path on the wire and the same fixed headers, x-acs-action among them), so no server or mock can tell which one a call is.',
  'invalid-list-style':
    'A list query parameter does not say how it travels (x-acs-style: repeatList), names a style the query codec cannot send, or x-acs-style is written on a parameter that is not a list.',
  'undeclared-security-scheme': 'A security requirement names a scheme that components.securitySchemes does not declare, which OpenAPI forbids.',
  'unsupported-signature-algorithm': 'x-acs-signature-algorithm names an algorithm the generated client cannot compute: its signer implements ACS3-HMAC-SHA256 only.',
  'invalid-extension': 'An x-acs-* value the generated code would otherwise have to drop or guess at (wrong type, unknown name, or a server the client could never pick).',
} as const;

export type DiagnosticCode = keyof typeof DIAGNOSTICS;

export interface Diagnostic {
  readonly code: DiagnosticCode;
  /** JSON pointer into the document, e.g. `#/components/schemas/NodeCount/maximum`. */
  readonly pointer: string;
  readonly message: string;
}

export class GeneratorError extends Error {
  readonly diagnostics: readonly Diagnostic[];
  /** Which document (the name it was read under): the pointers alone do not say, and a command may read more than one. */
  document: string | undefined;

  constructor(diagnostics: readonly Diagnostic[], { document }: { document?: string } = {}) {
    super(formatDiagnostics(diagnostics));
    this.name = 'GeneratorError';
    this.diagnostics = diagnostics;
    this.document = document;
  }
}

/** Runs `work`, naming the document in a GeneratorError it throws that names none yet. */
export function naming<T>({ document, work }: { document: string; work: () => T }): T {
  try {
    return work();
  } catch (error) {
    if (error instanceof GeneratorError) error.document ??= document;
    throw error;
  }
}

export function formatDiagnostics(diagnostics: readonly Diagnostic[]): string {
  return diagnostics.map((d) => `${d.pointer}: ${d.message} [${d.code}]`).join('\n');
}

// Most pointers are made for a diagnostic; the escaping lives in json-pointer.ts, beside its inverse.
export { pointerTo } from './json-pointer.js';

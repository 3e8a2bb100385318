import { createHash } from 'node:crypto';
import { isPair, isScalar, isSeq, LineCounter, parseDocument, visit, type Document } from 'yaml';
import { GeneratorError, pointerTo, type Diagnostic } from './diagnostics.js';
import { resolvePointer } from './json-pointer.js';
import { openApiSchemaRejection } from './openapi-schema.js';
import { recentResults } from './recent.js';
import { schemaObjectProblems } from './schema-objects.js';

export interface LoadedSpec {
  /** The document as written, references unresolved, so every node keeps its JSON pointer. */
  readonly document: Record<string, unknown>;
  readonly sha256: string;
  /** The path the provenance header names, relative to the working directory. */
  readonly name: string;
  /** References that resolve to nothing; the model reports them with everything else it finds. */
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * Loads of the last few documents. A process that loads the same text again (check after generate,
 * diff beside check, a test suite) would parse and validate it again, most of what loading costs.
 * A load that fails is not kept: the next caller loads the text afresh.
 */
const recentLoads = recentResults<Promise<LoadedSpec>>({ limit: 8 });

/** Parses and validates a document given as text; throws GeneratorError with every problem found. */
export async function loadSpec({ text, name }: { text: string; name: string }): Promise<LoadedSpec> {
  // The name's length first, so no name and text can be read as another name and text.
  const key = `${name.length}:${name}\n${text}`;
  const loaded = await recentLoads.of(key, () => loadAfresh({ text, name }));
  // Each caller gets a document of its own, as a fresh parse gives it: the model keeps parts of it.
  return { ...loaded, document: structuredClone(loaded.document), diagnostics: structuredClone(loaded.diagnostics) };
}

async function loadAfresh({ text, name }: { text: string; name: string }): Promise<LoadedSpec> {
  // Over the text with LF line endings: a checkout that turns them into CRLF (git's core.autocrlf
  // on Windows) holds the same contract, and its generated code must be found in sync.
  const sha256 = createHash('sha256').update(withLf(text)).digest('hex');
  const lineCounter = new LineCounter();
  const parsed = parseDocument(text, { lineCounter });
  const [syntax] = parsed.errors;
  if (syntax !== undefined) throw new GeneratorError([{ code: 'unreadable-document', pointer: '#', message: `${name}: ${syntax.message}` }], { document: name });
  const alias = firstAlias({ parsed, lineCounter });
  if (alias !== undefined) {
    const message = `${name}: a YAML alias (*${alias.source}, line ${alias.line}) is not read: an alias shares one node between places, which an OpenAPI document does with a $ref. Write the content out in full there, or move it under components and $ref it.`;
    throw new GeneratorError([{ code: 'unreadable-document', pointer: alias.pointer, message }], { document: name });
  }
  const document: unknown = parsed.toJS({ maxAliasCount: 0 });
  if (document === null || typeof document !== 'object' || Array.isArray(document)) {
    throw new GeneratorError([{ code: 'unreadable-document', pointer: '#', message: `${name} does not hold an object` }], { document: name });
  }
  const version = versionProblem(document as Record<string, unknown>);
  if (version !== undefined) throw new GeneratorError([version], { document: name });
  const { references, stubbed } = checkReferences(document as Record<string, unknown>);
  const diagnostics = [...(await validateOpenApi(stubbed)), ...schemaObjectProblems(stubbed)];
  if (diagnostics.length > 0) throw new GeneratorError([...references, ...diagnostics], { document: name });
  return { document: document as Record<string, unknown>, sha256, name, diagnostics: references };
}

/**
 * swagger-parser stops at the first reference it cannot resolve, and would follow one that leaves
 * the file. Every such reference is reported where it is written, then stubbed out of the copy
 * swagger-parser validates, so one run still finds every other problem.
 */
function checkReferences(document: Record<string, unknown>): { references: Diagnostic[]; stubbed: Record<string, unknown> } {
  const stubbed = structuredClone(document);
  const references: Diagnostic[] = [];
  const walk = (node: unknown, copy: unknown, pointer: string): void => {
    if (node === null || typeof node !== 'object') return;
    for (const [key, child] of Object.entries(node)) {
      const childCopy = (copy as Record<string, unknown>)[key];
      const ref = child !== null && typeof child === 'object' ? (child as Record<string, unknown>)['$ref'] : undefined;
      const at = pointerTo(pointer, key);
      if (typeof ref === 'string' && (!ref.startsWith('#/') || resolvePointer({ document, pointer: ref }) === undefined)) {
        references.push(
          ref.startsWith('#/')
            ? { code: 'dangling-ref', pointer: at, message: `$ref ${ref} resolves to nothing` }
            : { code: 'external-ref', pointer: at, message: `$ref ${ref} is not local to the document` },
        );
        (copy as Record<string, unknown>)[key] = {};
        continue;
      }
      const loop = typeof ref === 'string' ? aliasLoop({ document, ref }) : undefined;
      // Stubbed where the loop is written, for swagger-parser alone: the model reports the cycle.
      if (loop?.includes(at)) {
        (copy as Record<string, unknown>)[key] = {};
        continue;
      }
      walk(child, childCopy, at);
    }
  };
  walk(document, stubbed, '#');
  return { references, stubbed };
}

/**
 * A chain of nodes that are each only a `$ref` to the next and that comes back to one of them
 * never reaches a schema; swagger-parser recursed on one until the stack ran out ("Maximum call
 * stack size exceeded" at #). The chain, when it loops; undefined when it ends anywhere else.
 */
function aliasLoop({ document, ref }: { document: Record<string, unknown>; ref: string }): string[] | undefined {
  const chain: string[] = [];
  for (let next: string | undefined = ref; next !== undefined; ) {
    if (chain.includes(next)) return [...chain, next];
    chain.push(next);
    const target: unknown = next.startsWith('#/') ? resolvePointer({ document, pointer: next }) : undefined;
    const only: unknown = target !== null && typeof target === 'object' && !Array.isArray(target) && Object.keys(target).length === 1 ? (target as Record<string, unknown>)['$ref'] : undefined;
    next = typeof only === 'string' ? only : undefined;
  }
  return undefined;
}

/**
 * The schema check accepts 3.0 documents and answers a Swagger 2.0 one with hundreds of schema
 * errors; neither is what the model reads (3.0's nullable and boolean exclusiveMinimum mean other
 * things), so the version is one diagnostic, said first.
 */
function versionProblem(document: Record<string, unknown>): Diagnostic | undefined {
  const { openapi, swagger } = document;
  if (typeof openapi === 'string' && /^3\.1\.\d+(?:-.+)?$/.test(openapi)) return undefined;
  const found = swagger !== undefined ? `a Swagger ${String(swagger)} document` : openapi === undefined ? 'a document without an openapi field' : `openapi: ${JSON.stringify(openapi)}`;
  return { code: 'invalid-openapi', pointer: openapi === undefined ? '#' : '#/openapi', message: `${found}; this tool reads OpenAPI 3.1 (openapi: 3.1.x): convert the document first` };
}

async function validateOpenApi(document: Record<string, unknown>): Promise<Diagnostic[]> {
  // swagger-parser dereferences in place, so it gets a copy and ours keeps its pointers.
  const rejection = await openApiSchemaRejection(structuredClone(document));
  return rejection === undefined ? [] : describeParserError(rejection);
}

function describeParserError(error: unknown): Diagnostic[] {
  const { details, message } = error as { details?: { instancePath?: string; message?: string; params?: unknown }[]; message?: string };
  if (Array.isArray(details) && details.length > 0) {
    return details.map((d) => ({
      code: 'invalid-openapi' as const,
      pointer: `#${d.instancePath ?? ''}`,
      message: `${d.message ?? 'invalid'}${d.params ? ` ${JSON.stringify(d.params)}` : ''}`,
    }));
  }
  const text = String(message ?? error);
  const missing = /Missing \$ref pointer "([^"]*)"/.exec(text);
  if (missing) return [{ code: 'dangling-ref', pointer: missing[1]!.replace(/^[^#]*/, '') || '#', message: `$ref ${missing[1]} resolves to nothing` }];
  // swagger-parser says this, naming the document as "[object Object]", when there is no paths.
  if (/ is not a valid Openapi API definition$/.test(text.split('\n')[0]!)) {
    return [{ code: 'invalid-openapi', pointer: '#', message: 'the document has no paths; an OpenAPI document of operations needs openapi: 3.1.x, info and paths' }];
  }
  return [{ code: 'invalid-openapi', pointer: '#', message: text.split('\n')[0]! }];
}

/** The first alias (`*name`) in a parsed YAML document: where it is, as a JSON pointer and a line. */
function firstAlias({ parsed, lineCounter }: { parsed: Document; lineCounter: LineCounter }): { source: string; line: number; pointer: string } | undefined {
  let found: { source: string; line: number; pointer: string } | undefined;
  visit(parsed, {
    Alias(_, node, path) {
      let pointer = '#';
      path.forEach((ancestor, index) => {
        const child = path[index + 1] ?? node;
        if (isPair(ancestor) && ancestor.value === child) pointer = pointerTo(pointer, String(isScalar(ancestor.key) ? ancestor.key.value : ancestor.key));
        if (isSeq(ancestor)) pointer = pointerTo(pointer, String(ancestor.items.indexOf(child as never)));
      });
      found = { source: node.source, line: lineCounter.linePos(node.range?.[0] ?? 0).line, pointer };
      return visit.BREAK;
    },
  });
  return found;
}

/** The text with every CRLF line ending written as LF. */
export function withLf(text: string): string {
  return text.includes('\r\n') ? text.replace(/\r\n/g, '\n') : text;
}

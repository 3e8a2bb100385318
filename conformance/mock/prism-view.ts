import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { parse, stringify } from 'yaml';
import { LIST_STYLE } from '../../generator/acs-extensions.js';
import { resolvePointer } from '../../generator/json-pointer.js';
import type { DocumentModel } from '../../generator/model.js';
import { HTTP_METHODS } from '../../generator/openapi-reading.js';
import { wirePath } from '../gateway.js';

/** The document Prism is given, and how to remove it once Prism is done with it. */
export interface PrismView {
  readonly spec: string;
  /** The folder of the copy, when Prism serves one. */
  readonly folder?: string;
  dispose(): void;
}

/**
 * Prism reads a query list only as repeated `Name=value` pairs, never as the gateway's
 * `Name.1.Field`: a required list is absent from every valid request in its eyes, and it would
 * answer each one with a 400. So it serves a copy of the document in which such lists are
 * optional, and an object parameter (`Name.Field`) is any object. The strict front still holds
 * requests to the whole contract; plain Prism never could judge these.
 *
 * Prism also routes by path alone, while RPC operations share one (`POST /`, told apart by
 * `x-acs-action`; a document keeps them apart as `/#Action`). In the copy each such path is one
 * Prism can be sent to (prismPaths), and the strict front sends each request there by its action.
 * Without either, Prism gets the document itself.
 */
export function prismView({ spec, behindFront = false }: { spec: string; /** Whether a strict front judges every request first. */ behindFront?: boolean }): PrismView {
  let text: string;
  try {
    text = readFileSync(spec, 'utf8');
  } catch {
    // Prism says what is wrong with a path it cannot read, as it always has.
    return { spec, dispose: () => {} };
  }
  const changed = prismDocument({ text, behindFront });
  if (changed === undefined) return { spec, dispose: () => {} };
  // The loader refuses external $refs, so the copy needs no neighbours: a folder of its own will do.
  const dir = mkdtempSync(join(tmpdir(), 'emr-contract-prism-'));
  const copy = join(dir, basename(spec).replace(/\.(json|ya?ml)$/i, '') + '.yaml');
  writeFileSync(copy, changed);
  return { spec: copy, folder: dir, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * Where Prism serves each path of the document. A path with a fragment (`/#StopInstance`, which no
 * request can name) is served at the path it travels to (`/`) when no other path takes that one
 * first, so plain Prism answers it; any other is served at a path of its own (the fragment as a
 * segment), where only the strict front, routing by action, sends requests. `paths` are the
 * document's paths that hold operations, in document order: the front, from the model, and the
 * copy, from the document, work out the same places.
 */
export function prismPaths(paths: readonly string[]): Map<string, string> {
  const taken = new Set(paths.filter((path) => wirePath(path) === path));
  const places = new Map<string, string>();
  for (const path of paths) {
    const wire = wirePath(path);
    if (wire === path) {
      places.set(path, path);
    } else if (!taken.has(wire)) {
      taken.add(wire);
      places.set(path, wire);
    } else {
      places.set(path, `${wire.endsWith('/') ? wire : `${wire}/`}.operation/${encodeURIComponent(path.slice(path.indexOf('#') + 1))}`);
    }
  }
  return places;
}

/** The operations that travel to one method and path (`/#Action` is `/` on the wire), which Prism alone cannot tell apart. */
export function sharedWirePaths(model: DocumentModel): string[][] {
  const groups = new Map<string, string[]>();
  for (const op of model.operations) {
    const key = `${op.method} ${wirePath(op.path)}`;
    groups.set(key, [...(groups.get(key) ?? []), op.operationId]);
  }
  return [...groups.values()].filter((names) => names.length > 1);
}

/**
 * The document as Prism should serve it (see prismView), or undefined when that is the document itself.
 *
 * Behind the strict front, every required query parameter is optional too. The front has held
 * each request to the whole contract, required parameters included, before Prism sees it; Prism
 * only picks the answer. Its own reading would refuse what the contract allows: it takes `Name=`
 * for a parameter not sent, where a contract that does not read empty text as missing accepts it.
 */
export function prismDocument({ text, behindFront = false }: { text: string; behindFront?: boolean }): string | undefined {
  let document: unknown;
  try {
    document = parse(text);
  } catch {
    // Prism reports a document it cannot read in its own words.
    return undefined;
  }
  let changed = false;
  for (const parameter of parameters(document)) {
    // An object travels as `Name.Field` pairs; Prism reads a form object as bare `Field` pairs, so
    // in its eyes a required field is missing from every request, the object's own absence included.
    if (parameter['in'] === 'query' && resolve(document as Node, parameter['schema'])?.['type'] === 'object') {
      parameter['schema'] = { type: 'object' };
      parameter['required'] = false;
      changed = true;
    }
    if (parameter['in'] === 'query' && parameter['required'] === true && (behindFront || parameter['x-acs-style'] === LIST_STYLE)) {
      parameter['required'] = false;
      changed = true;
    }
  }
  const paths = isNode(document) && isNode(document['paths']) ? document['paths'] : undefined;
  if (paths !== undefined && Object.keys(paths).some((path) => path.includes('#'))) {
    const places = prismPaths(Object.keys(paths).filter((path) => isNode(paths[path]) && HTTP_METHODS.some((method) => isNode((paths[path] as Node)[method]))));
    (document as Node)['paths'] = Object.fromEntries(Object.entries(paths).map(([path, item]) => [places.get(path) ?? path, item]));
    changed = true;
  }
  return changed ? stringify(document) : undefined;
}

type Node = Record<string, unknown>;
const isNode = (value: unknown): value is Node => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Every parameter object the operations use, a local `$ref` followed to the object it names. */
function parameters(document: unknown): Node[] {
  if (!isNode(document) || !isNode(document['paths'])) return [];
  const found = new Set<Node>();
  const take = (list: unknown): void => {
    if (!Array.isArray(list)) return;
    for (const item of list) {
      const parameter = resolve(document, item);
      if (parameter !== undefined) found.add(parameter);
    }
  };
  for (const item of Object.values(document['paths'])) {
    if (!isNode(item)) continue;
    take(item['parameters']);
    for (const method of HTTP_METHODS) if (isNode(item[method])) take((item[method] as Node)['parameters']);
  }
  return [...found];
}

function resolve(document: Node, value: unknown, depth = 0): Node | undefined {
  if (!isNode(value)) return undefined;
  const ref = value['$ref'];
  if (typeof ref !== 'string') return value;
  // A chain of $refs this long is a cycle: the loader reports it, Prism with it.
  return depth > 16 ? undefined : resolve(document, resolvePointer({ document, pointer: ref }), depth + 1);
}

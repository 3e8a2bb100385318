import { readFileSync } from 'node:fs';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import * as library from '../generated/index.js';
import { generate } from '../generator/generate.js';
import { compileErrors, generateInto, readWidgetDocument } from './support/generated-package.js';

// Objects without fields. Generated code that does nothing is noise a reader must work out is
// harmless: an open object that declares no field needs no check function of its own, and its
// arbitrary no record of no fields. And a request without parameters is still a request, `{}`.

const SPEC = 'spec/increase-nodes.openapi.yaml';

/** The emitted modules (not the runtime, which is written by hand). */
async function emitted(): Promise<[string, string][]> {
  const files = await generate({ text: readFileSync(SPEC, 'utf8'), name: SPEC });
  return [...files].filter(([path]) => path.endsWith('.ts') && !path.startsWith('runtime/'));
}

function emptyFunctions({ path, text }: { path: string; text: string }): string[] {
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionLike(node) && 'body' in node && node.body !== undefined && ts.isBlock(node.body as ts.Node) && (node.body as ts.Block).statements.length === 0) {
      found.push(`${path}: ${node.getText().split('\n')[0]}`);
    }
    ts.forEachChild(node, visit);
  };
  visit(ts.createSourceFile(path, text, ts.ScriptTarget.ES2022, true));
  return found;
}

describe('the code generated from the real spec', () => {
  it('has no function with an empty body (ErrorResponse.AccessDeniedDetail declares no field)', async () => {
    expect((await emitted()).flatMap(([path, text]) => emptyFunctions({ path, text }))).toEqual([]);
  });

  it('has no arbitrary of a record with no fields', async () => {
    const records = (await emitted()).flatMap(([path, text]) => (text.match(/fc\.record\(\{\s*\}[^\n]*/g) ?? []).map((line) => `${path}: ${line}`));
    expect(records).toEqual([]);
  });
});

describe('an operation without query parameters (the widget fixture with its headers only)', () => {
  it('generates code that compiles under strict settings', async () => {
    const document = readWidgetDocument();
    const op = document.paths['/'].post;
    op.parameters = op.parameters.filter((p: { in: string }) => p.in === 'header');
    delete op['x-acs-rules'];
    const { dir, files } = await generateInto({ document, folder: 'no-query-parameters' });
    expect(compileErrors({ dir, files: files.keys() })).toEqual([]);
  });
});

/** Every place under `value` that is an object or a list and is not frozen, by its path. */
function unfrozen(value: unknown, path: string): string[] {
  if (typeof value !== 'object' || value === null) return [];
  const own = Object.isFrozen(value) ? [] : [path];
  return [...own, ...Object.entries(value).flatMap(([key, child]) => unfrozen(child, `${path}.${key}`))];
}

describe('the tables the package exports (ERRORS, ERROR_CODES, the catalogs)', () => {
  it('are frozen all the way down, so no code in the program can make the client retry a call the service may have acted on', () => {
    const tables = Object.entries(library).filter(([, value]) => typeof value !== 'function');
    expect(tables.map(([name]) => name).sort()).toEqual(['ANSWER_CODE', 'ERRORS', 'ERROR_CODES', 'ErrorResponseCatalog', 'IncreaseNodesRequestCatalog', 'IncreaseNodesResponseCatalog']);
    expect(tables.flatMap(([name, value]) => unfrozen(value, name))).toEqual([]);
  });
});

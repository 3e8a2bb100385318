import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import ts from 'typescript';
import { withoutHeader } from '../generator/print.js';

/** The modules `generate` produced for one document, loaded and ready to call. */
export interface GeneratedCode {
  /** The namespace of a generated module, by its output path (`codec.ts`, `runtime/signer.ts`). */
  module(path: string): Readonly<Record<string, unknown>>;
}

/** How the temporary folders of loaded code begin: test runners are told to leave them to Node (vitest.config.ts). */
export const GENERATED_CODE_FOLDER_PREFIX = 'emr-contract-generated-code-';

/**
 * Compiles generated TypeScript (the output of `generate`, in memory) to JavaScript and loads it,
 * so the mock and verify run exactly the code the spec produces, with no build step and no
 * TypeScript loader. The files are written to a private temporary folder only for as long as
 * Node needs to import them. Bare imports (fast-check) resolve from this package, where they are
 * installed, not from the temporary folder.
 */
export async function loadGeneratedCode(files: ReadonlyMap<string, string>): Promise<GeneratedCode> {
  const sources = [...files].filter(([path]) => path.endsWith('.ts'));
  const dir = mkdtempSync(join(tmpdir(), GENERATED_CODE_FOLDER_PREFIX));
  try {
    for (const [path, text] of sources) {
      const target = join(dir, path.replace(/\.ts$/, '.js'));
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, transpile({ text, path }));
    }
    const modules = new Map<string, Record<string, unknown>>();
    for (const [path] of sources) {
      modules.set(path, (await import(pathToFileURL(join(dir, path.replace(/\.ts$/, '.js'))).href)) as Record<string, unknown>);
    }
    return {
      module: (path) => {
        const found = modules.get(path);
        if (found === undefined) throw new Error(`the generator produced no module ${path}`);
        return found;
      },
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Transpiled output by path and code. A process that mocks and verifies several times (a test
 * run, a Vitest globalSetup) loads the same files each time, and the runtime files are the same
 * code for every document, only their headers differ; transpiling them was most of the load. The
 * oldest entries go first, so varied documents cannot grow it without bound.
 */
const transpiled = new Map<string, string>();
const TRANSPILED_KEPT = 256;

function transpile({ text, path }: { text: string; path: string }): string {
  const code = withoutHeader(text);
  const key = `${path}\0${code}`;
  const known = transpiled.get(key);
  if (known !== undefined) return known;
  const output = transpileFresh({ text: code, path });
  if (transpiled.size >= TRANSPILED_KEPT) transpiled.delete(transpiled.keys().next().value!);
  transpiled.set(key, output);
  return output;
}

function transpileFresh({ text, path }: { text: string; path: string }): string {
  return ts.transpileModule(text, {
    fileName: path,
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: false },
    transformers: { after: [resolveBareImports] },
  }).outputText;
}

/** Rewrites `from "fast-check"` to the file this package resolves it to; relative imports stay. */
const resolveBareImports: ts.TransformerFactory<ts.SourceFile> = (context) => (file) => {
  const visit = (node: ts.Node): ts.Node => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier) && isBare(node.moduleSpecifier.text)) {
      const resolved = context.factory.createStringLiteral(import.meta.resolve(node.moduleSpecifier.text));
      return context.factory.updateImportDeclaration(node, node.modifiers, node.importClause, resolved, node.attributes);
    }
    return node;
  };
  return ts.visitEachChild(file, visit, context);
};

function isBare(specifier: string): boolean {
  return !specifier.startsWith('.') && !specifier.startsWith('/') && !specifier.startsWith('node:');
}

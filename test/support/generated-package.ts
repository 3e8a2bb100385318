import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import ts from 'typescript';
import { parse, stringify } from 'yaml';
import { generate } from '../../generator/generate.js';

export const WIDGET_SPEC = 'test/fixtures/widget.openapi.yaml';

let widget: Record<string, any> | undefined;

/** A fresh copy each time (callers edit it); the file is parsed once per worker, as YAML parsing was a second of the suite. */
export function readWidgetDocument(): Record<string, any> {
  widget ??= parse(readFileSync(WIDGET_SPEC, 'utf8')) as Record<string, any>;
  return structuredClone(widget);
}

/** Generates a document into a fresh folder under .tmp/ (inside the repo, so node_modules resolves). */
export async function generateInto({ document, folder }: { document: unknown; folder: string }): Promise<{ dir: string; files: Map<string, string> }> {
  const files = await generate({ text: stringify(document), name: `${folder}.openapi.yaml` });
  const dir = resolve('.tmp', folder);
  rmSync(dir, { recursive: true, force: true });
  for (const [path, text] of files) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return { dir, files };
}

/** The project's strict settings, as the generated code must compile under them. */
export const STRICT: ts.CompilerOptions = {
  strict: true,
  noUncheckedIndexedAccess: true,
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  target: ts.ScriptTarget.ES2022,
  skipLibCheck: true,
  // Users compile the generated code under their own settings: an unused local fails theirs.
  noUnusedLocals: true,
  noUnusedParameters: true,
  noEmit: true,
  types: ['node'],
};

/**
 * A compiler host that parses each file under node_modules (TypeScript's lib, @types/node) once
 * per test file, not once per program: they do not change during a run, and parsing them is most
 * of a small program's time. The generated files are read afresh every time.
 */
const host = (() => {
  const base = ts.createCompilerHost(STRICT);
  const parsed = new Map<string, ts.SourceFile | undefined>();
  const getSourceFile: ts.CompilerHost['getSourceFile'] = (fileName, languageVersion, onError, shouldCreate) => {
    if (!fileName.split(/[\\/]/).includes('node_modules')) return base.getSourceFile(fileName, languageVersion, onError, shouldCreate);
    if (!parsed.has(fileName)) parsed.set(fileName, base.getSourceFile(fileName, languageVersion, onError, shouldCreate));
    return parsed.get(fileName);
  };
  return { ...base, getSourceFile };
})();

let previous: ts.Program | undefined;

/**
 * TypeScript's own verdict on a generated folder, with the project's strict settings. The files
 * under runtime/ are the generator's runtime copied as they are, the same for every document and
 * type-checked in generated/ by `npm run typecheck`; they are part of the program (the generated
 * code is checked against them) but their own bodies are not checked again for each document.
 */
export function compileErrors({ dir, files }: { dir: string; files: Iterable<string> }): string[] {
  const roots = [...files].filter((f) => f.endsWith('.ts'));
  const program = ts.createProgram(roots.map((f) => join(dir, f)), STRICT, host, previous);
  previous = program;
  const shaped = roots.filter((f) => !f.startsWith('runtime/')).map((f) => program.getSourceFile(join(dir, f)));
  const diagnostics = [
    ...program.getOptionsDiagnostics(),
    ...program.getGlobalDiagnostics(),
    ...program.getSyntacticDiagnostics(),
    ...shaped.flatMap((file) => program.getSemanticDiagnostics(file)),
  ];
  return diagnostics.map((d) => `${d.file?.fileName ?? ''}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
}

import type { SourceFile } from 'ts-morph';

/** The package's entry: types, validators, the error catalog; arbitraries stay a subpath (fast-check is optional). */
export function emitIndex(modules: readonly string[]): (file: SourceFile) => void {
  return (file) => {
    for (const module of modules) file.addExportDeclaration({ moduleSpecifier: `./${module}.js` });
  };
}

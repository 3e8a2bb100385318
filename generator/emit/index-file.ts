import type { FileStatements } from '../print.js';

/** The package's entry: types, validators, the error catalog; arbitraries stay a subpath (fast-check is optional). */
export function emitIndex(modules: readonly string[]): (file: FileStatements) => void {
  return (file) => {
    for (const module of modules) file.addExportDeclaration({ moduleSpecifier: `./${module}.js` });
  };
}

/**
 * `npm run typecheck` as a test, so that npm test runs it beside the other files instead of
 * before all of them: tsconfig.json's program (the generator, the tooling, generated/, the tests
 * and the bench) has no error.
 *
 * The check is incremental, as `tsc --incremental` is: the build info in node_modules/.cache
 * remembers each file's hash and diagnostics, so a run after a small edit re-checks only what the
 * edit can affect. A fresh clone has no cache and checks everything.
 */
import ts from 'typescript';
import { expect, it } from 'vitest';

const BUILD_INFO = 'node_modules/.cache/emr-contract/typecheck.tsbuildinfo';

it('the repository type-checks under tsconfig.json', () => {
  const config = ts.getParsedCommandLineOfConfigFile('tsconfig.json', {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: (d) => { throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n')); } });
  expect(config!.errors).toEqual([]);
  expect(config!.fileNames.length).toBeGreaterThan(100);
  const options = { ...config!.options, incremental: true, tsBuildInfoFile: BUILD_INFO };
  const program = ts.createIncrementalProgram({ rootNames: config!.fileNames, options, host: ts.createIncrementalCompilerHost(options) });
  const diagnostics = [...program.getOptionsDiagnostics(), ...program.getGlobalDiagnostics(), ...program.getSyntacticDiagnostics(), ...program.getSemanticDiagnostics()];
  // With noEmit, emitting writes the build info alone.
  program.emit();
  const problems = diagnostics.map((d) => {
    const where = d.file === undefined ? '' : `${d.file.fileName}:${d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1}: `;
    return `${where}${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
  });
  expect(problems).toEqual([]);
});

/**
 * `npm run typecheck` as a test, so that npm test runs it beside the other files instead of
 * before all of them: tsconfig.json's program (the generator, the tooling, generated/, the tests
 * and the bench) has no error.
 */
import ts from 'typescript';
import { expect, it } from 'vitest';

it('the repository type-checks under tsconfig.json', () => {
  const config = ts.getParsedCommandLineOfConfigFile('tsconfig.json', {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: (d) => { throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n')); } });
  expect(config!.errors).toEqual([]);
  expect(config!.fileNames.length).toBeGreaterThan(100);
  const program = ts.createProgram({ rootNames: config!.fileNames, options: config!.options });
  const problems = ts.getPreEmitDiagnostics(program).map((d) => {
    const where = d.file === undefined ? '' : `${d.file.fileName}:${d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1}: `;
    return `${where}${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
  });
  expect(problems).toEqual([]);
});

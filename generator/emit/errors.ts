import { VariableDeclarationKind } from 'ts-morph';
import type { FileStatements } from '../print.js';
import type { DocumentModel, ErrorModel } from '../model.js';
import { code, literal, propertyName, ts } from './code.js';

/** The documented error catalog as data: status, message template, and whether a retry is safe. */
export function emitErrors(model: DocumentModel): (file: FileStatements) => void {
  const errors = new Map<string, ErrorModel>();
  for (const op of model.operations) for (const error of op.errors) if (!errors.has(error.code)) errors.set(error.code, error);
  return (file) => {
    file.addImportDeclaration({ moduleSpecifier: './types.js', isTypeOnly: true, namedImports: ['ErrorCode'] });
    file.addInterface({
      name: 'ErrorInfo',
      isExported: true,
      properties: [
        { name: 'httpStatus', type: 'number', isReadonly: true },
        { name: 'message', type: 'string', isReadonly: true, docs: ['The template; the service fills `%s`.'] },
        { name: 'retryable', type: 'boolean', isReadonly: true, docs: ['The spec marks the code safe to retry: the service certainly did not act.'] },
      ],
    });
    file.addVariableStatement({
      isExported: true,
      declarationKind: VariableDeclarationKind.Const,
      declarations: [
        {
          name: 'ERRORS',
          type: 'Readonly<Record<ErrorCode, ErrorInfo>>',
          // Frozen all the way down: the client decides from this table whether a retry is safe, and
          // no code elsewhere in the program may change that decision by writing to it.
          initializer: (writer) => {
            writer.write('Object.freeze({').newLine();
            for (const e of errors.values()) {
              writer.writeLine(ts`${code(propertyName(e.code))}: Object.freeze({ httpStatus: ${e.httpStatus}, message: ${e.message}, retryable: ${e.retryable} }),`);
            }
            writer.write('})');
          },
        },
      ],
    });
    file.addVariableStatement({
      isExported: true,
      declarationKind: VariableDeclarationKind.Const,
      declarations: [{ name: 'ERROR_CODES', type: 'readonly ErrorCode[]', initializer: `Object.freeze(${literal([...errors.keys()])})` }],
    });
    file.addFunction({
      name: 'isErrorCode',
      isExported: true,
      parameters: [{ name: 'code', type: 'string' }],
      returnType: 'code is ErrorCode',
      statements: ['return Object.hasOwn(ERRORS, code);'],
    });
  };
}

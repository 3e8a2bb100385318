import { VariableDeclarationKind, type SourceFile } from 'ts-morph';
import type { DocumentModel } from '../model.js';
import { code, docText, lowerFirst, ts } from './code.js';

/** `createClient()`: one method per operation, each a binding handed to the generic transport. */
export function emitClient({ model, userAgent }: { model: DocumentModel; userAgent: string }): (file: SourceFile) => void {
  const errorClass = `${model.product ?? 'Service'}ApiError`;
  const clientInterface = `${model.product ?? 'Service'}Client`;
  return (file) => {
    file.addImportDeclaration({
      moduleSpecifier: './runtime/client.js',
      namedImports: ['ApiError', 'createTransport', 'type CallOptions', 'type ClientOptions', 'type OperationBinding', 'type ServerBinding'],
    });
    file.addImportDeclaration({ moduleSpecifier: './errors.js', namedImports: ['ERRORS'] });
    file.addImportDeclaration({
      moduleSpecifier: './codec.js',
      namedImports: model.operations.map((op) => `to${op.operationId}Query`),
    });
    file.addImportDeclaration({
      moduleSpecifier: './types.js',
      isTypeOnly: true,
      namedImports: ['ErrorCode', ...model.operations.flatMap((op) => [op.request.name, `${op.operationId}Response`])],
    });
    file.addImportDeclaration({
      moduleSpecifier: './validators.js',
      namedImports: model.operations.flatMap((op) => [`validate${op.request.name}`, `validate${op.operationId}Response`]),
    });
    file.addExportDeclaration({
      moduleSpecifier: './runtime/client.js',
      namedExports: [
        'ApiError',
        'ClientConfigurationError',
        'RequestValidationError',
        'ResponseContractError',
        'TransportError',
        'UnreadableResponseError',
        'type CallOptions',
        'type ClientEvent',
        'type ClientOptions',
        'type Credentials',
        'type RetryOptions',
      ],
    });
    file.addClass({
      name: errorClass,
      isExported: true,
      extends: 'ApiError<ErrorCode>',
      docs: [docText('An error answer of the service. `code` is typed as the documented union; a code the contract does not list is kept as sent (`documented: false`).')],
      properties: [{ name: 'name', hasOverrideKeyword: true, initializer: ts`${errorClass}` }],
    });
    file.addVariableStatement({
      declarationKind: VariableDeclarationKind.Const,
      declarations: [{ name: 'SERVERS', type: 'readonly ServerBinding[]', initializer: ts`${model.servers.map((s) => ({ url: s.url, network: s.network, variables: s.variables }))}` }],
    });
    // Added in one call: ts-morph re-parses the file after every insertion.
    file.addVariableStatements(
      model.operations.map((op) => {
        const headers = Object.fromEntries(op.fixedHeaders.map((h) => [h.name, h.value]));
        const action = headers['x-acs-action'] ?? op.operationId;
        return {
          declarationKind: VariableDeclarationKind.Const,
          declarations: [
            {
              name: `${op.operationId}Binding`,
              type: `OperationBinding<${op.request.name}, ${op.operationId}Response, ErrorCode>`,
              initializer: ts`{
                action: ${action},
                method: ${op.method},
                path: ${op.path},
                headers: ${headers},
                validateRequest: ${code(`validate${op.request.name}`)},
                validateResponse: ${code(`validate${op.operationId}Response`)},
                toQuery: ${code(`to${op.operationId}Query`)},
                errors: ERRORS,
                apiError: (init) => new ${code(errorClass)}(init),
              }`,
            },
          ],
        };
      }),
    );
    file.addInterface({
      name: clientInterface,
      isExported: true,
      methods: model.operations.map((op) => ({
        name: lowerFirst(op.operationId),
        docs: op.summary === undefined ? [] : [docText(op.summary)],
        parameters: [
          { name: 'request', type: op.request.name },
          { name: 'options', type: 'CallOptions', hasQuestionToken: true },
        ],
        returnType: `Promise<${op.operationId}Response>`,
      })),
    });
    const regionVariable = Object.keys(model.servers[0]?.variables ?? {})[0] ?? '';
    file.addFunction({
      name: 'createClient',
      isExported: true,
      docs: [docText('A client that validates, signs (ACS3-HMAC-SHA256) and sends each call, and retries only what the contract marks safe.')],
      parameters: [{ name: 'options', type: 'ClientOptions', initializer: '{}' }],
      returnType: clientInterface,
      statements: [
        ts`const transport = createTransport({ options, config: { servers: SERVERS, regionVariable: ${regionVariable}, userAgent: ${userAgent} } });`,
        'return {',
        ...model.operations.map((op) => ts`${code(lowerFirst(op.operationId))}: (request, callOptions) => transport.call(${code(`${op.operationId}Binding`)}, request, callOptions),`),
        '};',
      ].join('\n'),
    });
  };
}

import { VariableDeclarationKind } from 'ts-morph';
import type { FileStatements } from '../print.js';
import type { DocumentModel } from '../model.js';
import { code, docText, literal, objectLiteral, propertyName, ts } from './code.js';
import { generatedNames } from './names.js';

/** `createClient()`: one method per operation, each a binding handed to the generic transport. */
export function emitClient({ model, userAgent }: { model: DocumentModel; userAgent: string }): (file: FileStatements) => void {
  return (file) => {
    const names = generatedNames(model);
    const scope = names.module();
    const { errorClass, clientInterface, serverOption } = names;
    const operations = model.operations.map((op) => ({ op, names: names.operation(op), binding: scope.claim(`${op.operationId}Binding`) }));
    file.addImportDeclaration({
      moduleSpecifier: './runtime/client.js',
      namedImports: ['type Accepted', 'ApiError', 'createTransport', 'RequestValidationError as AnyRequestValidationError', 'type CallOptions', 'type OperationBinding', 'type ServerBinding', 'type TransportOptions'],
    });
    file.addImportDeclaration({ moduleSpecifier: './errors.js', namedImports: ['ERRORS'] });
    file.addImportDeclaration({ moduleSpecifier: './codec.js', namedImports: operations.map((o) => o.names.toQuery) });
    file.addImportDeclaration({
      moduleSpecifier: './types.js',
      isTypeOnly: true,
      namedImports: ['ErrorCode', ...operations.flatMap((o) => [o.names.requestType, o.names.responseType])],
    });
    file.addImportDeclaration({
      moduleSpecifier: './validators.js',
      namedImports: operations.flatMap((o) => [o.names.requestCatalog, o.names.validateRequest, o.names.validateResponse]),
    });
    file.addExportDeclaration({
      moduleSpecifier: './runtime/client.js',
      namedExports: [
        'ApiError',
        'ClientConfigurationError',
        'ResponseContractError',
        'TransportError',
        'UnreadableResponseError',
        'type CallOptions',
        'type ClientEvent',
        'type Credentials',
        'type RetryOptions',
      ],
    });
    const networks = [...new Set(model.servers.flatMap((server) => (server.network === undefined ? [] : [server.network])))];
    const transportOptions = networks.length === 0 ? 'TransportOptions' : `TransportOptions<${networks.map((network) => literal(network)).join(' | ')}>`;
    if (serverOption === undefined) {
      file.addTypeAlias({ name: 'ClientOptions', isExported: true, type: transportOptions });
    } else {
      // The option is named after the server URL's variable, so the runtime needs to know no API's vocabulary.
      file.addInterface({
        name: 'ClientOptions',
        isExported: true,
        extends: [transportOptions],
        properties: [
          {
            name: propertyName(serverOption.option),
            type: 'string | undefined',
            hasQuestionToken: true,
            isReadonly: true,
            docs: [docText(`Fills \`{${serverOption.variable}}\` in the service's address; required unless \`endpoint\` is given.`)],
          },
        ],
      });
    }
    file.addClass({
      name: errorClass,
      isExported: true,
      extends: 'ApiError<ErrorCode>',
      docs: [docText('An error answer of the service. `code` is typed as the documented union; a code the contract does not list is kept as sent (`documented: false`).')],
      properties: [{ name: 'name', hasOverrideKeyword: true, initializer: ts`${errorClass}` }],
    });
    file.addClass({
      name: 'RequestValidationError',
      isExported: true,
      extends: 'AnyRequestValidationError<ErrorCode>',
      docs: [docText('The request broke the contract; nothing was sent. Each issue\'s `code` is typed as the documented union: the code the service would answer.')],
    });
    file.addVariableStatement({
      declarationKind: VariableDeclarationKind.Const,
      declarations: [{ name: 'SERVERS', type: 'readonly ServerBinding[]', initializer: ts`${model.servers.map((s) => ({ url: s.url, network: s.network, variables: s.variables }))}` }],
    });
    file.addVariableStatements(
      operations.map(({ op, names: opNames, binding }) => {
        const headers = Object.fromEntries(op.fixedHeaders.map((h) => [h.name, h.value]));
        const action = headers['x-acs-action'] ?? op.operationId;
        const init = code(scope.child().claim('init'));
        return {
          declarationKind: VariableDeclarationKind.Const,
          declarations: [
            {
              name: binding,
              type: `OperationBinding<${opNames.requestType}, ${opNames.responseType}, ErrorCode>`,
              initializer: `{\n${[
                ts`action: ${action},`,
                ts`method: ${op.method},`,
                ts`path: ${op.path},`,
                ts`headers: ${headers},`,
                ...(op.beforeRetry === undefined ? [] : [ts`beforeRetry: ${op.beforeRetry},`]),
                ts`requestCatalog: ${code(opNames.requestCatalog)},`,
                ts`validateRequest: ${code(opNames.validateRequest)},`,
                ts`validateResponse: ${code(opNames.validateResponse)},`,
                ts`toQuery: ${code(opNames.toQuery)},`,
                'errors: ERRORS,',
                ts`apiError: (${init}) => new ${code(errorClass)}(${init}),`,
                ts`invalidRequest: (${init}) => new RequestValidationError(${init}),`,
              ].join('\n')}\n}`,
            },
          ],
        };
      }),
    );
    file.addInterface({
      name: clientInterface,
      isExported: true,
      methods: operations.map(({ op, names: opNames }) => ({
        name: propertyName(opNames.method),
        docs: op.summary === undefined ? [] : [docText(op.summary)],
        parameters: [
          { name: 'request', type: `Accepted<${opNames.requestType}>` },
          { name: 'options', type: 'CallOptions', hasQuestionToken: true },
        ],
        returnType: `Promise<${opNames.responseType}>`,
      })),
    });
    const locals = scope.child();
    const options = code(locals.claim('options'));
    const transport = code(locals.claim('transport'));
    const request = code(locals.claim('request'));
    const callOptions = code(locals.claim('callOptions'));
    const variable = serverOption === undefined ? undefined : code(objectLiteral({ name: serverOption.variable, option: serverOption.option }));
    const config = code(objectLiteral({ servers: code('SERVERS'), variable: variable ?? code('undefined'), userAgent }));
    file.addFunction({
      name: 'createClient',
      isExported: true,
      docs: [docText('A client that validates, signs (ACS3-HMAC-SHA256) and sends each call, and retries only what the contract marks safe.')],
      parameters: [{ name: options.text, type: 'ClientOptions', initializer: '{}' }],
      returnType: clientInterface,
      statements: [
        ts`const ${transport} = createTransport(${code(objectLiteral({ options, config }))});`,
        'return {',
        ...operations.map(({ names: opNames, binding }) => ts`${code(propertyName(opNames.method))}: (${request}, ${callOptions}) => ${transport}.call(${code(binding)}, ${request}, ${callOptions}),`),
        '};',
      ].join('\n'),
    });
  };
}

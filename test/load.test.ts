import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { GeneratorError } from '../generator/diagnostics.js';
import { loadSpec } from '../generator/load.js';

const SPEC = { text: readFileSync('spec/increase-nodes.openapi.yaml', 'utf8'), name: 'spec/increase-nodes.openapi.yaml' };

describe('loadSpec of a text it loaded before', () => {
  it('gives each caller a document of its own: an edit to one is not in the next', async () => {
    const first = await loadSpec(SPEC);
    (first.document['info'] as Record<string, unknown>)['title'] = 'edited by the first caller';
    const second = await loadSpec(SPEC);
    expect((second.document['info'] as Record<string, unknown>)['title']).not.toBe('edited by the first caller');
  });

  it('tells a name with a line break in it from a name and a text: the same characters in all are not the same load', async () => {
    await loadSpec({ text: SPEC.text, name: 'spec.yaml' });
    const firstLine = SPEC.text.indexOf('\n');
    const shifted = { name: `spec.yaml\n${SPEC.text.slice(0, firstLine)}`, text: SPEC.text.slice(firstLine + 1) };
    await expect(loadSpec(shifted)).rejects.toBeInstanceOf(GeneratorError);
  });

  it('refuses an invalid document again with an error made afresh, not the one it threw before', async () => {
    const invalid = { text: 'openapi: 3.1.0\ninfo: {}\npaths: {}\n', name: 'invalid.openapi.yaml' };
    const refusal = () => loadSpec(invalid).then(() => undefined, (error: unknown) => error);
    const first = await refusal();
    const again = await refusal();
    expect(first).toBeInstanceOf(GeneratorError);
    expect(again).not.toBe(first);
    expect((again as GeneratorError).diagnostics).toEqual((first as GeneratorError).diagnostics);
  });
});

// The schema check took 3.0 as valid, which the model misreads (nullable, a boolean
// exclusiveMinimum), and answered Swagger 2.0 with hundreds of schema errors.
describe('loadSpec of a document of another OpenAPI version', () => {
  const minimal = 'info: { title: t, version: "1" }\npaths: {}\n';
  it.each([
    ['openapi: 3.0.3', `openapi: 3.0.3\n${minimal}`, '#/openapi', 'openapi: "3.0.3"; this tool reads OpenAPI 3.1 (openapi: 3.1.x): convert the document first'],
    ['swagger: "2.0"', `swagger: "2.0"\n${minimal}`, '#', 'a Swagger 2.0 document; this tool reads OpenAPI 3.1 (openapi: 3.1.x): convert the document first'],
    ['no openapi field', minimal, '#', 'a document without an openapi field; this tool reads OpenAPI 3.1 (openapi: 3.1.x): convert the document first'],
  ])('%s is refused with one diagnostic that says which version it reads', async (_, text, pointer, message) => {
    const refusal = await loadSpec({ text, name: 'other.openapi.yaml' }).then(() => undefined, (error: unknown) => error);
    expect((refusal as GeneratorError).diagnostics).toEqual([{ code: 'invalid-openapi', pointer, message }]);
  });
});

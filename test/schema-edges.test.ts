import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generateInto, readWidgetDocument } from './support/generated-package.js';

// Schemas at the edges of what the generator reads, generated and run: the oracle is the
// document itself (what it lists or bounds is accepted and drawn, nothing else).

const op = (document: Record<string, any>) => document.paths['/'].post;
const WEIGHT = 6;

async function generated(folder: string, edit: (document: Record<string, any>) => void): Promise<string> {
  const document = readWidgetDocument();
  edit(document);
  return (await generateInto({ document, folder })).dir;
}

describe('an enum of type number', () => {
  it('accepts a listed value that is not an integer, though the first listed value is one', async () => {
    const dir = await generated('edges-number-enum', (d) => (op(d).parameters[WEIGHT].schema = { type: 'number', enum: [1, 2.5] }));
    const { validateCreateWidgetRequest } = await import(join(dir, 'validators.ts'));
    expect(validateCreateWidgetRequest({ Name: 'a', Size: 3, Weight: 2.5 }).ok).toBe(true);
    expect(validateCreateWidgetRequest({ Name: 'a', Size: 3, Weight: 2 }).ok).toBe(false);
  });
});

describe('an integer bounded past 32 bits on one side only', () => {
  it('gives arbitraries that load and draw only values the validator accepts, at and above the bound', async () => {
    const dir = await generated('edges-wide-integer', (d) => op(d).parameters.push({ name: 'Serial', in: 'query', schema: { type: 'integer', minimum: 3_000_000_000 } }));
    const { validateCreateWidgetRequest } = await import(join(dir, 'validators.ts'));
    const { createWidgetRequest } = await import(join(dir, 'arbitraries.ts'));
    const drawn = fc.sample(createWidgetRequest as fc.Arbitrary<Record<string, unknown>>, { numRuns: 200, seed: 1 });
    const serials = drawn.flatMap((request) => (request['Serial'] === undefined ? [] : [request['Serial'] as number]));
    expect(serials.length).toBeGreaterThan(0);
    expect(serials.every((serial) => Number.isSafeInteger(serial) && serial >= 3_000_000_000)).toBe(true);
    expect(drawn.every((request) => validateCreateWidgetRequest(request).ok)).toBe(true);
  });
});

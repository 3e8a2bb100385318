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

describe('numbers on the wire', () => {
  const edit = (d: Record<string, any>) => {
    op(d).parameters[WEIGHT].schema = { type: 'number', minimum: 0 };
    op(d).parameters.push({ name: 'Count', in: 'query', schema: { type: 'integer', minimum: 0 } });
  };

  it('whatever number the validator accepts, the decoder reads back from what the codec sends, as the same value', async () => {
    const dir = await generated('edges-wire-numbers', edit);
    const { validateCreateWidgetRequest } = await import(join(dir, 'validators.ts'));
    const { toCreateWidgetQuery, fromCreateWidgetQuery } = await import(join(dir, 'codec.ts'));
    const extreme = fc.constantFrom(1e-7, 5e-324, 1e21, 1.7976931348623157e308, 2 ** 53 - 1, 2 ** 53 + 2, 123.456e-20);
    fc.assert(
      fc.property(fc.oneof(fc.double({ min: 0, noNaN: true, noDefaultInfinity: true }), extreme), fc.oneof(fc.nat(), fc.maxSafeNat(), extreme), (weight, count) => {
        const request = { Name: 'a', Size: 3, Weight: weight, Count: count };
        if (!validateCreateWidgetRequest(request).ok) return;
        const decoded = fromCreateWidgetQuery(toCreateWidgetQuery(request));
        expect(decoded.ok ? decoded.value : decoded.issues).toEqual(request);
      }),
    );
  });

  it('sends a tiny number as plain decimal and refuses an integer past 2^53 before sending', async () => {
    const dir = await generated('edges-wire-numbers', edit);
    const { validateCreateWidgetRequest } = await import(join(dir, 'validators.ts'));
    const { toCreateWidgetQuery } = await import(join(dir, 'codec.ts'));
    expect(toCreateWidgetQuery({ Name: 'a', Size: 3, Weight: 1.5e-7 })).toContainEqual(['Weight', '0.00000015']);
    expect(validateCreateWidgetRequest({ Name: 'a', Size: 3, Count: 2 ** 53 + 2 }).ok).toBe(false);
  });

  it('reports an integer past 2^53 as out of range, with the bounds it must stay within, not as a wrong type', async () => {
    const dir = await generated('edges-wire-numbers', edit);
    const { validateCreateWidgetRequest } = await import(join(dir, 'validators.ts'));
    const issues = (request: object) => {
      const result = validateCreateWidgetRequest(request);
      return result.ok ? [] : result.issues.map(({ parameter, kind, message }: { parameter: string; kind: string; message: string }) => ({ parameter, kind, detail: message.slice(message.indexOf('It must')) }));
    };
    // Count is bounded below only: above, the wire's own bound, 2^53 - 1, is the one to name.
    expect(issues({ Name: 'a', Size: 3, Count: 2 ** 53 + 2 })).toEqual([{ parameter: 'Count', kind: 'range', detail: 'It must be an integer from 0 to 9007199254740991.' }]);
    // Size is bounded on both sides (1 to 10 in the fixture): its own bounds are the ones to name.
    expect(issues({ Name: 'a', Size: 2 ** 53 + 2 })).toEqual([{ parameter: 'Size', kind: 'range', detail: 'It must be an integer from 1 to 10.' }]);
  });
});

describe('a list of texts where an empty text counts as missing', () => {
  it('gives arbitraries that never draw an empty item, which the validator would refuse as missing', async () => {
    const dir = await generated('edges-empty-items', (d) => {
      op(d)['x-acs-violations'].missing.emptyTextIsMissing = true;
      // Without an error rule the arbitraries are not filtered through the validator: each field must be valid on its own.
      delete op(d)['x-acs-rules'];
    });
    const { validateCreateWidgetRequest } = await import(join(dir, 'validators.ts'));
    const { createWidgetRequest } = await import(join(dir, 'arbitraries.ts'));
    const drawn = fc.sample(createWidgetRequest as fc.Arbitrary<Record<string, unknown>>, { numRuns: 300, seed: 2 });
    expect(drawn.some((request) => Array.isArray(request['Tags']) && request['Tags'].length > 0)).toBe(true);
    expect(drawn.filter((request) => !validateCreateWidgetRequest(request).ok)).toEqual([]);
  });
});

describe('values that travel as no query pair at all', () => {
  // Tags required with no minItems, and a Part whose fields are all optional: [] and {} are then
  // values the validator alone could take, though the query carries nothing of them.
  const edit = (d: Record<string, any>) => {
    op(d).parameters.find((p: { name: string }) => p.name === 'Tags').required = true;
    d.components.schemas.Part.required = [];
  };
  type Validate = (input: unknown) => { ok: boolean; issues?: { kind: string; parameter: string }[] };
  const issuesOf = (result: ReturnType<Validate>) => (result.issues ?? []).map(({ kind, parameter }) => ({ kind, parameter }));

  it('are missing where one must be supplied: an empty required list, an empty item', async () => {
    const { validateCreateWidgetRequest: validate } = (await import(join(await generated('edges-sends-nothing', edit), 'validators.ts'))) as { validateCreateWidgetRequest: Validate };
    expect(issuesOf(validate({ Name: 'a', Size: 3, Tags: [] }))).toEqual([{ kind: 'missing', parameter: 'Tags' }]);
    expect(issuesOf(validate({ Name: 'a', Size: 3, Tags: ['t'], Parts: [{}, { Label: 'b' }] }))).toEqual([{ kind: 'missing', parameter: 'Parts.1' }]);
    expect(issuesOf(validate({ Name: 'a', Size: 3, Tags: ['t'], Parts: [{ Count: undefined }] }))).toEqual([{ kind: 'missing', parameter: 'Parts.1' }]);
    expect(validate({ Name: 'a', Size: 3, Tags: ['t'], Parts: [{ Count: 2 }] }).ok).toBe(true);
  });

  it('are never drawn by the arbitraries: every request drawn is accepted, and read back from its own query as it was', async () => {
    const dir = await generated('edges-sends-nothing-drawn', edit);
    const { validateCreateWidgetRequest: validate } = (await import(join(dir, 'validators.ts'))) as { validateCreateWidgetRequest: Validate };
    const { toCreateWidgetQuery, fromCreateWidgetQuery } = (await import(join(dir, 'codec.ts'))) as { toCreateWidgetQuery: (r: unknown) => [string, string][]; fromCreateWidgetQuery: (q: [string, string][]) => { ok: boolean; value?: unknown } };
    const { createWidgetRequest } = (await import(join(dir, 'arbitraries.ts'))) as { createWidgetRequest: fc.Arbitrary<Record<string, unknown>> };
    fc.assert(
      fc.property(createWidgetRequest, (request) => {
        expect(validate(request).ok).toBe(true);
        const decoded = fromCreateWidgetQuery(toCreateWidgetQuery(request));
        expect(decoded.ok).toBe(true);
        expect(decoded.value).toEqual(JSON.parse(JSON.stringify(request)));
      }),
      { numRuns: 300 },
    );
  });
});

// The codec leaves null fields out, so such an item travelled as nothing (a gap, or no list at all) while the validator passed it.
describe('a list of objects without a required field, an item holding only null fields', () => {
  it('is refused as an item not supplied, as an item of undefined fields is, and the query would carry none of it', async () => {
    const dir = await generated('edges-null-item-fields', (d) => {
      op(d).parameters.find((p: { name: string }) => p.name === 'Parts').required = true;
      d.components.schemas.Part.required = [];
    });
    const { validateCreateWidgetRequest } = await import(join(dir, 'validators.ts'));
    const { toCreateWidgetQuery } = await import(join(dir, 'codec.ts'));
    const issues = (request: unknown) => validateCreateWidgetRequest(request).issues?.map((i: { parameter: string; code: string }) => [i.parameter, i.code]);
    expect(issues({ Name: 'a', Size: 3, Parts: [{ Count: null }, { Label: 'x' }] })).toEqual(issues({ Name: 'a', Size: 3, Parts: [{ Count: undefined }, { Label: 'x' }] }));
    expect(issues({ Name: 'a', Size: 3, Parts: [{ Count: null }] })).toEqual([['Parts.1', 'Absent']]);
    expect(toCreateWidgetQuery({ Name: 'a', Size: 3, Parts: [{ Count: null }] }).map(([name]: [string]) => name)).toEqual(['Name', 'Size']);
  });
});

// A required list held to one item at least: `[]` travels as no pair, so the service sees the list left out.
describe('a required list of objects sent empty', () => {
  it("is the fixture's missing code (Absent) for the validator, as for the decoder of the query it makes: the client and the wire name one mistake alike", async () => {
    const dir = await generated('edges-required-list', (d) => (op(d).parameters.find((p: { name: string }) => p.name === 'Parts').required = true));
    const { validateCreateWidgetRequest } = await import(join(dir, 'validators.ts'));
    const { toCreateWidgetQuery, fromCreateWidgetQuery } = await import(join(dir, 'codec.ts'));
    const request = { Name: 'a', Size: 3, Parts: [] };
    const codes = (result: { ok: boolean; issues?: { code: string; parameter: string }[] }) => (result.issues ?? []).map((issue) => `${issue.code} ${issue.parameter}`);
    expect(codes(validateCreateWidgetRequest(request))).toEqual(['Absent Parts']);
    expect(codes(fromCreateWidgetQuery(toCreateWidgetQuery(request)))).toEqual(['Absent Parts']);
  });
});

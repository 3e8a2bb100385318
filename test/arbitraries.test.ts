import fc from 'fast-check';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { errorResponse, increaseNodesRequest, increaseNodesResponse } from '../generated/arbitraries.js';
import { isErrorCode, validateErrorResponse, validateIncreaseNodesResponse } from '../generated/index.js';
import { generateInto, readWidgetDocument } from './support/generated-package.js';

// The arbitraries are what users' own property tests draw from: every value valid, every request
// one the wire carries unchanged, and the values that matter (documented codes, non-ASCII text,
// empty answers) drawn often enough to be met.

const SEED = 20_250_124;
const sample = <T>(arbitrary: fc.Arbitrary<T>, numRuns = 1000) => fc.sample(arbitrary, { numRuns, seed: SEED });
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/** Every free text of a value, however deep. */
const texts = (value: unknown): string[] =>
  typeof value === 'string' ? [value] : typeof value === 'object' && value !== null ? Object.values(value).flatMap(texts) : [];

describe('the arbitraries of the real spec', () => {
  it('draw only answers their validators accept', () => {
    fc.assert(fc.property(increaseNodesResponse, (body) => validateIncreaseNodesResponse(body).ok));
    fc.assert(fc.property(errorResponse, (body) => validateErrorResponse(body).ok));
  });

  it('draw a documented code for most error bodies and an undocumented one for some', () => {
    const documented = sample(errorResponse).filter((body) => isErrorCode(body.Code)).length;
    expect(documented).toBeGreaterThan(600);
    expect(documented).toBeLessThan(1000);
  });

  it('draw every documented code', () => {
    expect(new Set(sample(errorResponse).map((body) => body.Code).filter(isErrorCode)).size).toBe(18);
  });

  it('draw permission details with fields, not only {}', () => {
    expect(sample(errorResponse).some((body) => Object.keys(body.AccessDeniedDetail ?? {}).length > 0)).toBe(true);
  });

  it('draw texts beyond ASCII and beyond the BMP, and never a lone surrogate', () => {
    const drawn = sample(increaseNodesRequest, 200).flatMap(texts);
    expect({
      nonAscii: drawn.some((text) => /[^\x00-\x7f]/.test(text)),
      astral: drawn.some((text) => /[\u{10000}-\u{10ffff}]/u.test(text)),
      loneSurrogate: drawn.some((text) => LONE_SURROGATE.test(text)),
    }).toEqual({ nonAscii: true, astral: true, loneSurrogate: false });
  });
});

describe('the arbitraries of another document (the widget fixture, with a list in its answer)', () => {
  let arbitraries: Record<string, fc.Arbitrary<Record<string, unknown>>>;
  let codec: Record<string, (value: never) => any>;
  let validators: Record<string, (value: unknown) => { ok: boolean }>;
  beforeAll(async () => {
    const document = readWidgetDocument();
    const success = document.paths['/'].post.responses['200'].content['application/json'];
    document.components.schemas.Page = {
      type: 'object',
      required: ['WidgetId', 'Made'],
      properties: {
        WidgetId: { type: 'string' },
        Made: { type: 'array', items: { $ref: '#/components/schemas/Part' } },
        Labels: { type: 'array', items: { type: 'string' } },
        Notes: { type: 'array', items: { type: 'object', properties: { Text: { type: 'string' } } } },
      },
    };
    success.schema = { $ref: '#/components/schemas/Page' };
    success.examples.Made.value = { WidgetId: 'w-1', Made: [] };
    const { dir } = await generateInto({ document, folder: 'widget-arbitraries' });
    [arbitraries, codec, validators] = await Promise.all(['arbitraries.ts', 'codec.ts', 'validators.ts'].map((file) => import(join(dir, file))));
  });

  it('draw requests that come back from their own query unchanged: an optional list without minItems is never drawn empty', () => {
    fc.assert(
      fc.property(arbitraries['createWidgetRequest']!, (request) => {
        const decoded = codec['fromCreateWidgetQuery']!(codec['toCreateWidgetQuery']!(request as never) as never);
        expect(decoded.ok).toBe(true);
        expect(decoded.request).toEqual(request);
      }),
      { numRuns: 300 },
    );
  });

  it('draw answers whose required list is empty, as an empty page of results is', () => {
    const bodies = sample(arbitraries['page']!, 300);
    expect(bodies.every((body) => validators['validateCreateWidgetResponse']!(body).ok)).toBe(true);
    expect(bodies.some((body) => Array.isArray(body['Made']) && body['Made'].length === 0)).toBe(true);
  });

  // An answer is never flattened into a query, where an empty item would be a gap: its validator accepts both.
  it("draw answers whose lists hold an empty text and an empty object, as the answer's schema allows", () => {
    const bodies = sample(arbitraries['page']!, 300);
    const items = (name: string) => bodies.flatMap((body) => (Array.isArray(body[name]) ? (body[name] as unknown[]) : []));
    expect(items('Labels')).toContain('');
    expect(items('Notes')).toContainEqual({});
    expect(bodies.every((body) => validators['validateCreateWidgetResponse']!(body).ok)).toBe(true);
  });
});

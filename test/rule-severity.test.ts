import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateInto, readWidgetDocument } from './support/generated-package.js';

// A rule's severity decides what the generated validator does with it: an error rule refuses the
// request with its own code; a warning rule lets it through and warns. The widget fixture's rule
// (MinSize not above Size) is edited into each severity and kind.

type Doc = Record<string, any>;
type Validate = (input: unknown) => { ok: boolean; issues?: { code: string; parameter: string }[]; warnings: { rule: string; parameter: string }[] };

const VALID = { Name: 'sprocket', Size: 4 };

async function validatorFor({ folder, rule }: { folder: string; rule: Record<string, unknown> }): Promise<Validate> {
  const document: Doc = readWidgetDocument();
  document.paths['/'].post['x-acs-rules'] = [{ why: 'Said by the test.', ...rule }];
  const { dir } = await generateInto({ document, folder });
  return ((await import(join(dir, 'validators.ts'))) as Record<string, Validate>)['validateCreateWidgetRequest']!;
}

describe('rule severity in the generated validator', () => {
  it('an error notGreaterThan refuses the request with its own code', async () => {
    const validate = await validatorFor({ folder: 'severity-ngt-error', rule: { rule: 'notGreaterThan', parameter: 'MinSize', than: 'Size', severity: 'error', code: 'Malformed' } });
    const result = validate({ ...VALID, MinSize: 5 });
    expect(result.ok).toBe(false);
    expect(result.issues?.map((i) => `${i.code} ${i.parameter}`)).toEqual(['Malformed MinSize']);
  });

  it('a warning notGreaterThan lets the request through and warns', async () => {
    const validate = await validatorFor({ folder: 'severity-ngt-warning', rule: { rule: 'notGreaterThan', parameter: 'MinSize', than: 'Size', severity: 'warning' } });
    const result = validate({ ...VALID, MinSize: 5 });
    expect(result.ok).toBe(true);
    expect(result.warnings.map((w) => `${w.rule} ${w.parameter}`)).toEqual(['notGreaterThan MinSize']);
  });

  it('an error effectiveOnlyWhen refuses the request with its own code', async () => {
    const validate = await validatorFor({ folder: 'severity-eow-error', rule: { rule: 'effectiveOnlyWhen', parameter: 'MinSize', when: { parameter: 'Colour', equals: 'red' }, severity: 'error', code: 'Malformed' } });
    const result = validate({ ...VALID, MinSize: 2, Colour: 'green' });
    expect(result.ok).toBe(false);
    expect(result.issues?.map((i) => `${i.code} ${i.parameter}`)).toEqual(['Malformed MinSize']);
  });

  it('a warning effectiveOnlyWhen on a boolean says the value in force (its default false), not its type', async () => {
    const document: Doc = readWidgetDocument();
    document.paths['/'].post.parameters.push({ name: 'Shiny', in: 'query', schema: { type: 'boolean', default: false } });
    document.paths['/'].post['x-acs-rules'] = [{ rule: 'effectiveOnlyWhen', parameter: 'MinSize', when: { parameter: 'Shiny', equals: true }, severity: 'warning', why: 'Said by the test.' }];
    const { dir } = await generateInto({ document, folder: 'severity-eow-boolean' });
    const validate = ((await import(join(dir, 'validators.ts'))) as Record<string, (input: unknown) => { warnings: { message: string }[] }>)['validateCreateWidgetRequest']!;
    expect(validate({ ...VALID, MinSize: 2 }).warnings.map((w) => w.message)).toEqual(['MinSize takes effect only when Shiny is true, and it is false: set Shiny to true or remove MinSize.']);
  });

  it('an error ignoredWhenPresent refuses the request with its own code', async () => {
    const validate = await validatorFor({ folder: 'severity-iwp-error', rule: { rule: 'ignoredWhenPresent', parameter: 'MinSize', present: 'Colour', severity: 'error', code: 'Malformed' } });
    const result = validate({ ...VALID, MinSize: 2, Colour: 'red' });
    expect(result.ok).toBe(false);
    expect(result.issues?.map((i) => `${i.code} ${i.parameter}`)).toEqual(['Malformed MinSize']);
  });

  it('a warning ignoredWhenPresent lets the request through and warns', async () => {
    const validate = await validatorFor({ folder: 'severity-iwp-warning', rule: { rule: 'ignoredWhenPresent', parameter: 'MinSize', present: 'Colour', severity: 'warning' } });
    const result = validate({ ...VALID, MinSize: 2, Colour: 'red' });
    expect(result.ok).toBe(true);
    expect(result.warnings.map((w) => `${w.rule} ${w.parameter}`)).toEqual(['ignoredWhenPresent MinSize']);
  });
});

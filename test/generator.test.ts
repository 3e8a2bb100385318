import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { GeneratorError } from '../generator/diagnostics.js';
import { compareOutput } from '../generator/drift.js';
import { docText, lineComment, literal } from '../generator/emit/code.js';
import { generate } from '../generator/generate.js';
import { compileErrors, generateInto, readWidgetDocument } from './support/generated-package.js';

const SPEC = 'spec/increase-nodes.openapi.yaml';
const specText = readFileSync(SPEC, 'utf8');
const tsx = ['--import', 'tsx', 'generator/cli.ts'];

describe('the real spec', () => {
  it('generates identical bytes twice', async () => {
    const first = await generate({ text: specText, name: SPEC });
    const second = await generate({ text: specText, name: SPEC });
    expect([...second]).toEqual([...first]);
  });

  it('matches the committed generated/ folder', async () => {
    const expected = await generate({ text: specText, name: SPEC });
    expect(compareOutput({ expected, out: 'generated' })).toEqual({ changed: [], missing: [], extra: [] });
  });

  it('heads every file with the generator, the spec, its version and its SHA-256, and no timestamp', async () => {
    const sha = createHash('sha256').update(specText).digest('hex');
    for (const [path, text] of await generate({ text: specText, name: SPEC })) {
      const head = text.split('\n').slice(0, 2).join('\n');
      expect(head, path).toContain('emr-increase-nodes-contract generator');
      expect(head, path).toContain(`${SPEC} (info.version 1.2.1, sha256 ${sha})`);
      expect(text, path).not.toMatch(/\b20\d\d-\d\d-\d\dT\d\d:/);
    }
  });
});

describe('the drift check', () => {
  function copyOfGenerated(): string {
    const out = mkdtempSync(join(tmpdir(), 'generated-'));
    cpSync('generated', out, { recursive: true });
    return out;
  }

  it('passes on an untouched copy', () => {
    const out = copyOfGenerated();
    const result = spawnSync('node', [...tsx, 'check', '--out', out], { encoding: 'utf8' });
    expect(result.status).toBe(0);
  });

  it('fails on a hand edit, naming the file and the command that fixes it', () => {
    const out = copyOfGenerated();
    const target = join(out, 'validators.ts');
    writeFileSync(target, readFileSync(target, 'utf8').replace('minimum: 1, maximum: 500', 'minimum: 1, maximum: 501'));
    const result = spawnSync('node', [...tsx, 'check', '--out', out], { encoding: 'utf8' });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(join(out, 'validators.ts'));
    expect(result.stderr).toContain('npm run generate');
    expect(result.stderr).toContain('Fix:');
  });

  it('fails on a file the spec does not produce', () => {
    const out = copyOfGenerated();
    writeFileSync(join(out, 'stale.ts'), 'export {};\n');
    const result = spawnSync('node', [...tsx, 'check', '--out', out], { encoding: 'utf8' });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('stale.ts');
  });
});

describe('another operation entirely (the widget fixture)', () => {
  it('generates code that compiles under strict settings', async () => {
    const { dir, files } = await generateInto({ document: readWidgetDocument(), folder: 'widget' });
    expect(compileErrors({ dir, files: files.keys() })).toEqual([]);
  });

  it('generates a validator that enforces the fixture own constraints and codes', async () => {
    const { dir } = await generateInto({ document: readWidgetDocument(), folder: 'widget-run' });
    const { validateCreateWidgetRequest } = await import(join(dir, 'validators.ts'));
    expect(validateCreateWidgetRequest({ Name: 'a', Size: 4, Tags: ['x'], Parts: [{ Label: 'bolt' }] }).ok).toBe(true);
    const result = validateCreateWidgetRequest({ Size: 11, MinSize: 3, Tags: [1], Parts: [{ Lable: 'x' }], Nme: 'a' });
    expect(result.issues.map((i: { code: string; parameter: string }) => `${i.code} ${i.parameter}`).sort()).toEqual(
      ['Absent Name', 'Absent Parts.1.Label', 'Malformed Size', 'Malformed Tags.1', 'Unexpected Nme', 'Unexpected Parts.1.Lable'].sort(),
    );
  });

  it('reads a required text sent empty as missing only when the document says so', async () => {
    const plain = await generateInto({ document: readWidgetDocument(), folder: 'widget-empty-plain' });
    const flagged = readWidgetDocument();
    flagged.paths['/'].post['x-acs-violations'].missing.emptyTextIsMissing = true;
    const strict = await generateInto({ document: flagged, folder: 'widget-empty-flagged' });
    const request = { Name: '', Size: 4 };
    expect((await import(join(plain.dir, 'validators.ts'))).validateCreateWidgetRequest(request).ok).toBe(true);
    const result = (await import(join(strict.dir, 'validators.ts'))).validateCreateWidgetRequest(request);
    expect(result.issues.map((i: { code: string; parameter: string }) => `${i.code} ${i.parameter}`)).toEqual(['Absent Name']);
  });
});

const HOSTILE = [
  '*/ throw new Error("escaped") /*',
  `quotes " ' and \` backticks \${injected}`,
  'line\u2028separator\u2029paragraph',
  'new\nline // and a comment\r\n',
  'naïve 中文 🎉 \\ backslash </script>',
];

describe('hostile text from the spec', () => {
  it('still gives code that compiles, and the enum keeps its exact values', async () => {
    const document = readWidgetDocument();
    const op = document.paths['/'].post;
    document.info.title = HOSTILE.join(' ');
    op.summary = HOSTILE[0];
    op.description = HOSTILE.join('\n');
    op['x-acs-rules'][0].why = HOSTILE.join(' ');
    for (const [index, parameter] of op.parameters.entries()) if (parameter.in === 'query') parameter.description = HOSTILE[index % HOSTILE.length];
    const colour = op.parameters.find((p: { name: string }) => p.name === 'Colour');
    colour.schema.enum = HOSTILE;
    document.components.schemas.Part.description = HOSTILE.join('');
    document.paths['/'].post.responses['400'].content['application/json'].examples.Absent['x-acs-message'] = `${HOSTILE[1]} %s`;

    const { dir, files } = await generateInto({ document, folder: 'hostile' });
    expect(compileErrors({ dir, files: files.keys() })).toEqual([]);
    const { validateCreateWidgetRequest } = await import(join(dir, 'validators.ts'));
    for (const value of HOSTILE) expect(validateCreateWidgetRequest({ Name: 'a', Size: 1, Colour: value }).ok).toBe(true);
    const missing = validateCreateWidgetRequest({ Size: 1 });
    expect(missing.issues[0].message).toContain(`${HOSTILE[1]} Name`);
  });

  it('literal() reads back as the same value for any string', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (value) => {
        expect(new Function(`return ${literal(value)};`)()).toBe(value);
      }),
    );
  });

  it('docText() never lets a comment end early', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('*', '/', ' ', 'a', '\n') }), (value) => {
        expect(docText(value)).not.toContain('*/');
      }),
    );
  });

  it('lineComment() stays on one line', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('\n', '\r', '\u2028', '\u2029', 'a', ' ') }), (value) => {
        expect(lineComment(value)).not.toMatch(/[\n\r\u2028\u2029]/);
      }),
    );
  });
});

async function diagnosticsOf(mutate: (document: Record<string, any>) => void): Promise<{ code: string; pointer: string }[]> {
  const document = readWidgetDocument();
  mutate(document);
  try {
    await generate({ text: stringify(document), name: 'broken.openapi.yaml' });
  } catch (error) {
    if (error instanceof GeneratorError) return error.diagnostics.map(({ code, pointer }) => ({ code, pointer }));
    throw error;
  }
  throw new Error('the broken document generated without a diagnostic');
}

const op = (document: Record<string, any>) => document.paths['/'].post;

describe('documents the generator cannot honour fail with a diagnostic at a JSON pointer', () => {
  it.each([
    ['an unsupported keyword', (d: any) => (op(d).parameters[2].schema.pattern = '^a'), { code: 'unsupported-keyword', pointer: '#/paths/~1/post/parameters/2/schema/pattern' }],
    ['a keyword beside $ref, which would be dropped', (d: any) => (op(d).parameters[3].schema.maximum = 5), { code: 'unsupported-keyword', pointer: '#/paths/~1/post/parameters/3/schema/maximum' }],
    ['a minimum above its maximum', (d: any) => (d.components.schemas.Size.minimum = 11), { code: 'contradictory-bounds', pointer: '#/components/schemas/Size/minimum' }],
    ['a cyclic schema', (d: any) => (d.components.schemas.Part.properties.Inner = { $ref: '#/components/schemas/Part' }), { code: 'cyclic-schema', pointer: '#/components/schemas/Part/properties/Inner' }],
    ['a violation mapped to an undocumented code', (d: any) => (op(d)['x-acs-violations'].missing.code = 'Nope'), { code: 'unknown-error-code', pointer: '#/paths/~1/post/x-acs-violations/missing/code' }],
    ['a rule with an undocumented code', (d: any) => (op(d)['x-acs-rules'][0].code = 'Nope'), { code: 'unknown-error-code', pointer: '#/paths/~1/post/x-acs-rules/0/code' }],
    ['an unknown rule', (d: any) => (op(d)['x-acs-rules'][0].rule = 'lessThanOrSo'), { code: 'invalid-rule', pointer: '#/paths/~1/post/x-acs-rules/0' }],
    ['a 10,000-item enum', (d: any) => (op(d).parameters[5].schema.enum = Array.from({ length: 10_000 }, (_, i) => `v${i}`)), { code: 'enum-too-large', pointer: '#/paths/~1/post/parameters/5/schema/enum' }],
    ['a missing violation mapping', (d: any) => delete op(d)['x-acs-violations'].unknown, { code: 'missing-violation-code', pointer: '#/paths/~1/post/x-acs-violations/unknown' }],
    ['a parameter in the path', (d: any) => (op(d).parameters[2].in = 'cookie'), { code: 'unsupported-binding', pointer: '#/paths/~1/post/parameters/2/in' }],
    ['an error example whose Code differs from its name', (d: any) => (op(d).responses['400'].content['application/json'].examples.Busy.value.Code = 'Idle'), { code: 'invalid-error-example', pointer: '#/paths/~1/post/responses/400/content/application~1json/examples/Busy' }],
  ])('%s', async (_, mutate, expected) => {
    expect(await diagnosticsOf(mutate)).toContainEqual(expected);
  });

  it('a dangling $ref', async () => {
    const diagnostics = await diagnosticsOf((d) => (op(d).parameters[3].schema = { $ref: '#/components/schemas/Nowhere' }));
    expect(diagnostics).toContainEqual({ code: 'dangling-ref', pointer: '#/paths/~1/post/parameters/3/schema' });
  });

  it('reports every problem at once, not only the first', async () => {
    const diagnostics = await diagnosticsOf((d) => {
      d.components.schemas.Size.minimum = 11;
      op(d).parameters[2].schema.pattern = '^a';
    });
    expect(diagnostics.map((d) => d.code).sort()).toEqual(['contradictory-bounds', 'unsupported-keyword']);
  });

  it('leaves the output folder untouched when the spec is broken', () => {
    const out = mkdtempSync(join(tmpdir(), 'never-written-'));
    const broken = join(out, 'broken.openapi.yaml');
    const document = readWidgetDocument();
    document.components.schemas.Size.minimum = 11;
    writeFileSync(broken, stringify(document));
    const result = spawnSync('node', [...tsx, 'generate', '--spec', broken, '--out', join(out, 'generated')], { encoding: 'utf8' });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('#/components/schemas/Size/minimum');
    expect(existsSync(join(out, 'generated'))).toBe(false);
  });
});

describe('the generator itself', () => {
  it('names no operation or parameter of the real API', () => {
    const names = ['IncreaseNodes', 'RegionId', 'ClusterId', 'NodeGroup', 'ApplicationConfig', 'PaymentDuration', 'AutoPayOrder', 'AutoRenew', 'MinIncreaseNodeCount'];
    const sources = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', 'generator'], { encoding: 'utf8' }).split('\n').filter(Boolean);
    for (const file of sources) {
      const text = readFileSync(file, 'utf8');
      for (const name of names) expect(text.includes(name), `${file} names ${name}`).toBe(false);
    }
  });
});

/**
 * Bad specs, on the REAL spec this time: test/generator.test.ts breaks the widget fixture and checks
 * each diagnostic's JSON pointer, but checks that nothing is written for one case only, into a
 * folder that did not exist. Here each of the six broken documents of the issue (a dangling $ref, a
 * cyclic schema, a minimum above its maximum, an unsupported keyword, an unknown error-code mapping,
 * a 10,000-item enum) goes through the very command `npm run generate` runs, over an output folder
 * that already holds a generated package: it must fail with the diagnostic at its pointer and leave
 * every byte of that folder as it was. A dangling $ref must also say where it is written, and must
 * not hide the document's other problems.
 *
 * Sizes: fixed; RELIABILITY_SCALE has no effect here.
 */
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { generateCommand } from '../../cli/commands/generate.js';
import { GeneratorError } from '../../generator/diagnostics.js';
import { generate } from '../../generator/generate.js';

const SPEC = 'spec/increase-nodes.openapi.yaml';
type Document = Record<string, any>;
const readSpec = (): Document => parse(readFileSync(SPEC, 'utf8'));
const work = mkdtempSync(join(tmpdir(), 'bad-specs-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const BREAKS = {
  'a dangling $ref': (d: Document) => (d.components.parameters.ClusterId.schema = { $ref: '#/components/schemas/Nowhere' }),
  'a cyclic schema': (d: Document) => (d.components.schemas.ApplicationConfig.properties.Inner = { $ref: '#/components/schemas/ApplicationConfig' }),
  'a minimum above its maximum': (d: Document) => (d.components.schemas.NodeCount.minimum = 501),
  'an unsupported keyword': (d: Document) => (d.components.parameters.ClusterId.schema.pattern = '^c-'),
  'an unknown error-code mapping': (d: Document) => (d.components['x-acs-violations'].missing.code = 'NoSuchCode'),
  'a 10,000-item enum': (d: Document) => (d.components.parameters.PaymentDurationUnit.schema.enum = Array.from({ length: 10_000 }, (_, i) => `Unit${i}`)),
} as const;

const CASES: ReadonlyArray<readonly [name: keyof typeof BREAKS, want: { code: string; pointer: string }]> = [
  ['a dangling $ref', { code: 'dangling-ref', pointer: '#/components/parameters/ClusterId/schema' }],
  ['a cyclic schema', { code: 'cyclic-schema', pointer: '#/components/schemas/ApplicationConfig/properties/Inner' }],
  ['a minimum above its maximum', { code: 'contradictory-bounds', pointer: '#/components/schemas/NodeCount/minimum' }],
  ['an unsupported keyword', { code: 'unsupported-keyword', pointer: '#/components/parameters/ClusterId/schema/pattern' }],
  ['an unknown error-code mapping', { code: 'unknown-error-code', pointer: '#/components/x-acs-violations/missing/code' }],
  ['a 10,000-item enum', { code: 'enum-too-large', pointer: '#/components/parameters/PaymentDurationUnit/schema/enum' }],
];

function writeBroken(name: string, ...breaks: ReadonlyArray<(d: Document) => unknown>): string {
  const document = readSpec();
  for (const apply of breaks) apply(document);
  const path = join(work, `${name.replace(/[^a-z0-9]+/gi, '-')}.openapi.yaml`);
  writeFileSync(path, stringify(document));
  return path;
}

/** Every file under a folder with the SHA-256 of its bytes. */
function fingerprint(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) walk(path);
      else out[relative(dir, path)] = createHash('sha256').update(readFileSync(path)).digest('hex');
    }
  };
  walk(dir);
  return out;
}

/** Runs `generate --spec <spec> --out <out>` in process, exactly as the CLI does; returns what it threw. */
async function runGenerate({ spec, out }: { spec: string; out: string }): Promise<{ thrown: unknown; ms: number; lines: string[] }> {
  const lines: string[] = [];
  const started = performance.now();
  try {
    await generateCommand({ positionals: [], options: { spec, out }, format: 'text', out: (line) => lines.push(line), err: (line) => lines.push(line) });
  } catch (thrown) {
    return { thrown, ms: performance.now() - started, lines };
  }
  return { thrown: undefined, ms: performance.now() - started, lines };
}

const diagnostics = (thrown: unknown) => (thrown instanceof GeneratorError ? thrown.diagnostics.map(({ code, pointer }) => ({ code, pointer })) : []);

describe('the real spec, broken six ways, through the generate command', () => {
  const figures: string[] = [];
  afterAll(() => console.log(`[reliability] bad specs: ${figures.join('; ')}`));

  it.each(CASES)('%s fails with its diagnostic at its JSON pointer and leaves an existing generated/ untouched', async (name, want) => {
    const out = join(work, `out-${name.replace(/[^a-z0-9]+/gi, '-')}`);
    cpSync('generated', out, { recursive: true });
    // A stale file too: a failed run must not tidy it away either.
    writeFileSync(join(out, 'stale.ts'), 'export {};\n');
    const before = fingerprint(out);
    const { thrown, ms, lines } = await runGenerate({ spec: writeBroken(name, BREAKS[name]), out });
    expect(thrown).toBeInstanceOf(GeneratorError);
    expect(diagnostics(thrown)).toContainEqual(want);
    expect(lines).toEqual([]);
    expect(fingerprint(out)).toEqual(before);
    // The time is a figure, not a verdict: how fast a machine generates says nothing about the document.
    figures.push(`${name}: ${diagnostics(thrown).length} diagnostic(s) in ${ms.toFixed(0)} ms`);
  });

  it.each(CASES)('%s creates no output folder that did not exist', async (name) => {
    const out = join(work, `never-${name.replace(/[^a-z0-9]+/gi, '-')}`);
    const { thrown } = await runGenerate({ spec: writeBroken(name, BREAKS[name]), out });
    expect(thrown).toBeInstanceOf(GeneratorError);
    expect(existsSync(out)).toBe(false);
  });

  it('the unbroken spec still generates through the same path (the harness itself is sound)', async () => {
    const out = join(work, 'out-unbroken');
    const { thrown } = await runGenerate({ spec: writeBroken('unbroken'), out });
    expect(thrown).toBeUndefined();
    // generated/ is also the library package (package.json, README, dist/): compare with what the generator owns there.
    const owned = await generate({ text: readFileSync('spec/increase-nodes.openapi.yaml', 'utf8'), name: 'increase-nodes.openapi.yaml' });
    expect(Object.keys(fingerprint(out)).sort()).toEqual([...owned.keys()].sort());
  });
});

describe('a dangling $ref', () => {
  // The missing target is by definition not in the document: the pointer must lead to the $ref.
  it('is reported at the place the $ref is written (or the message names that place)', async () => {
    const { thrown } = await runGenerate({ spec: writeBroken('dangling-where', BREAKS['a dangling $ref']), out: join(work, 'never-where') });
    expect(thrown).toBeInstanceOf(GeneratorError);
    const dangling = (thrown as GeneratorError).diagnostics.filter((d) => d.code === 'dangling-ref');
    expect(dangling.length).toBeGreaterThan(0);
    const where = '#/components/parameters/ClusterId/schema';
    expect(dangling.some((d) => d.pointer === where || d.pointer === `${where}/$ref` || d.message.includes(where))).toBe(true);
  });

  // Collect all problems, then fail once: a second dangling $ref and the five other kinds of problem
  // must come out of the same run, not one per run.
  it('hides neither a second dangling $ref nor the other five problems of the same document', async () => {
    const text = stringify(
      (() => {
        const document = readSpec();
        for (const apply of Object.values(BREAKS)) apply(document);
        document.components.parameters.RegionId.schema = { $ref: '#/components/schemas/Elsewhere' };
        return document;
      })(),
    );
    let thrown: unknown;
    try {
      await generate({ text, name: 'all-broken.openapi.yaml' });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(GeneratorError);
    const codes = diagnostics(thrown).map((d) => d.code);
    expect(codes.filter((code) => code === 'dangling-ref')).toHaveLength(2);
    expect([...new Set(codes)].sort()).toEqual(['contradictory-bounds', 'cyclic-schema', 'dangling-ref', 'enum-too-large', 'unknown-error-code', 'unsupported-keyword']);
  });
});

// An extension the generated code would not honour is a broken document too: the client would sign
// with another algorithm than the spec names, or send a list in a way the spec never said.
const UNHONOURED: ReadonlyArray<readonly [name: string, apply: (d: Document) => unknown, want: { code: string; pointer: string }]> = [
  ['a signature algorithm the signer does not compute', (d) => (d.components.securitySchemes.acs3['x-acs-signature-algorithm'] = 'HMAC-SHA1'), { code: 'unsupported-signature-algorithm', pointer: '#/components/securitySchemes/acs3/x-acs-signature-algorithm' }],
  ['a list parameter that does not say how it travels', (d) => delete d.components.parameters.ApplicationConfigs['x-acs-style'], { code: 'invalid-list-style', pointer: '#/components/parameters/ApplicationConfigs' }],
];

describe('the real spec with an extension the code would not honour, through the generate command', () => {
  it.each(UNHONOURED)('%s fails with its diagnostic at its JSON pointer and leaves an existing generated/ untouched', async (name, apply, want) => {
    const out = join(work, `out-${name.replace(/[^a-z0-9]+/gi, '-')}`);
    cpSync('generated', out, { recursive: true });
    const before = fingerprint(out);
    const { thrown, lines } = await runGenerate({ spec: writeBroken(name, apply), out });
    expect(diagnostics(thrown)).toEqual([want]);
    expect(lines).toEqual([]);
    expect(fingerprint(out)).toEqual(before);
  });
});

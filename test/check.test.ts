import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { emrContract as cli } from './support/cli.js';

/** A copy of the real spec, changed, with its own generated folder so only the release gate can fail. */
async function changedSpec(change: (document: Record<string, any>) => void): Promise<{ spec: string; out: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'check-'));
  const document = parse(readFileSync('spec/increase-nodes.openapi.yaml', 'utf8'));
  change(document);
  const spec = join(dir, 'increase-nodes.openapi.yaml');
  writeFileSync(spec, stringify(document));
  const out = join(dir, 'generated');
  expect((await cli('generate', '--spec', spec, '--out', out)).status).toBe(0);
  return { spec, out };
}

const narrowCount = (document: Record<string, any>) => (document.components.schemas.NodeCount.maximum = 400);

describe('the release gate of emr-contract check', () => {
  it('fails on a breaking change the version does not announce, and says how to fix it', async () => {
    const { spec, out } = await changedSpec(narrowCount);
    const result = await cli('check', '--spec', spec, '--out', out, '--releases', 'spec/releases');
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('no unannounced breaking change against spec/releases/increase-nodes-1.2.3.openapi.yaml');
    expect(result.stderr).toContain('IncreaseNodeCount');
    expect(result.stderr).toContain('raise the major number of info.version');
  });

  it('passes the same change once the major version went up', async () => {
    const { spec, out } = await changedSpec((document) => {
      narrowCount(document);
      document.info.version = '2.0.0';
      document.info['x-changelog'].push({ version: '2.0.0', summary: 'NodeCount maximum lowered to 400.' });
    });
    expect((await cli('check', '--spec', spec, '--out', out, '--releases', 'spec/releases')).status).toBe(0);
  });

  const addNote = (document: Record<string, any>) => {
    document.components.parameters.Note = { name: 'Note', in: 'query', description: 'A note.', schema: { type: 'string' }, example: 'hi' };
    document.paths['/'].post.parameters.push({ $ref: '#/components/parameters/Note' });
  };
  const releaseAs = (version: string) => (document: Record<string, any>) => {
    document.info.version = version;
    document.info['x-changelog'].push({ version, summary: 'Note added (optional).' });
  };

  it('passes an optional addition with a minor bump', async () => {
    const { spec, out } = await changedSpec((document) => {
      addNote(document);
      releaseAs('1.3.0')(document);
    });
    const result = await cli('check', '--spec', spec, '--out', out, '--releases', 'spec/releases', '--format', 'json');
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout).steps.map((s: { ok: boolean }) => s.ok)).toEqual([true, true, true, true]);
  });

  it('fails a change made under the released version, and says to raise it', async () => {
    const { spec, out } = await changedSpec(addNote);
    const result = await cli('check', '--spec', spec, '--out', out, '--releases', 'spec/releases');
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('info.version 1.2.3 is the version of spec/releases/increase-nodes-1.2.3.openapi.yaml, yet the contract changed (1 change');
    expect(result.stderr).toContain('set info.version above 1.2.3');
  });

  it('fails a version below the newest release', async () => {
    const { spec, out } = await changedSpec((document) => {
      addNote(document);
      document.info.version = '1.2.1';
    });
    const result = await cli('check', '--spec', spec, '--out', out, '--releases', 'spec/releases');
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('info.version 1.2.1 is below 1.2.3, the version of spec/releases/increase-nodes-1.2.3.openapi.yaml');
  });
});

describe('the releases emr-contract check compares with', () => {
  // releases/ at the project's root instead of beside the spec switched the gate off without a word.
  it('says the release checks were skipped when the spec has no releases/ beside it, in text and in JSON', async () => {
    const { spec, out } = await changedSpec(narrowCount);
    const [text, json] = await Promise.all([cli('check', '--spec', spec, '--out', out), cli('check', '--spec', spec, '--out', out, '--format', 'json')]);
    const skipped = /release checks \(info\.version, unannounced breaking changes\) were skipped: keep released documents there, or pass --releases <folder>/;
    expect(text.status).toBe(0);
    expect(text.stdout).toMatch(skipped);
    expect(JSON.parse(json.stdout).notes).toEqual([expect.stringMatching(skipped)]);
  });

  it('refuses a --releases folder that is not there, instead of skipping the gate', async () => {
    const missing = join(mkdtempSync(join(tmpdir(), 'check-')), 'relases');
    const result = await cli('check', '--releases', missing);
    expect({ status: result.status, stderr: result.stderr }).toEqual({ status: 2, stderr: expect.stringContaining(`--releases ${missing} is not a folder`) });
  });

  // Released copies kept beside the spec: the spec was taken for the newest release and diffed against itself.
  it('does not count the spec itself as a release when it sits in the --releases folder', async () => {
    const { spec, out } = await changedSpec((document) => {
      narrowCount(document);
      document.info.version = '1.3.0';
      document.info['x-changelog'].push({ version: '1.3.0', summary: 'NodeCount maximum lowered to 400.' });
    });
    const folder = join(spec, '..');
    cpSync('spec/releases/increase-nodes-1.2.2.openapi.yaml', join(folder, 'increase-nodes-1.2.2.openapi.yaml'));
    const result = await cli('check', '--spec', spec, '--out', out, '--releases', folder);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/✗ no unannounced breaking change against \S*increase-nodes-1\.2\.2\.openapi\.yaml\n {4}IncreaseNodes: parameter IncreaseNodeCount maximum lowered from 500 to 400/);
  });

  it('says an empty --releases is an empty value', async () => {
    const result = await cli('check', '--releases', '');
    expect({ status: result.status, stderr: result.stderr }).toEqual({ status: 2, stderr: expect.stringContaining('--releases an empty value is not a folder') });
  });

  it('names the released document that does not load', async () => {
    const releases = mkdtempSync(join(tmpdir(), 'check-releases-'));
    writeFileSync(join(releases, 'broken-1.0.0.openapi.yaml'), 'openapi: 3.1.0\ninfo: {}\n');
    const result = await cli('check', '--releases', releases);
    expect({ status: result.status, stderr: result.stderr }).toEqual({ status: 2, stderr: expect.stringContaining('broken-1.0.0.openapi.yaml does not load') });
  });
});

describe('emr-contract check on this repository, as npm test gates it', () => {
  it('passes: the spec is valid, generated/ is in sync, and no breaking change goes unannounced', async () => {
    const result = await cli('check', '--format', 'json');
    const report = JSON.parse(result.stdout) as { ok: boolean; steps: { name: string; ok: boolean; fix?: string }[] };
    expect({ status: result.status, failed: report.steps.filter((step) => !step.ok) }).toEqual({ status: 0, failed: [] });
    expect(report.steps.length).toBeGreaterThanOrEqual(3);
  });
});

describe('the output check of emr-contract check', () => {
  /** A copy of the real spec and of generated/, in a folder of their own. */
  const copied = () => {
    const dir = mkdtempSync(join(tmpdir(), 'check-out-'));
    cpSync('spec/increase-nodes.openapi.yaml', join(dir, 'increase-nodes.openapi.yaml'));
    const out = join(dir, 'generated');
    for (const file of readdirSync('generated')) if (file.endsWith('.ts') || file === 'runtime' || file === 'openapi.yaml' || file === 'CHANGELOG.md') cpSync(join('generated', file), join(out, file), { recursive: true });
    return { spec: join(dir, 'increase-nodes.openapi.yaml'), out };
  };

  it.each(['package.json', 'package.json/generated'])('refuses an --out of %s (a file, or a path through one), naming it, instead of crashing', async (out) => {
    const result = await cli('check', '--out', out);
    expect({ status: result.status, stderr: result.stderr }).toEqual({ status: 2, stderr: `emr-contract: --out ${out} is a file or runs through one; give the folder the code was generated into\n` });
  });

  it('refuses a --releases through a file as not a folder, instead of crashing', async () => {
    const result = await cli('check', '--releases', 'package.json/releases');
    expect({ status: result.status, stderr: result.stderr }).toEqual({ status: 2, stderr: expect.stringContaining('--releases package.json/releases is not a folder') });
  });

  it("says to move a file of the user's own out of the way first, since generate will not replace it", async () => {
    const { spec, out } = copied();
    writeFileSync(join(out, 'types.ts'), '// my own types\n');
    const result = await cli('check', '--spec', spec, '--out', out);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`is a file of your own where the generator writes one (it has no "Generated by" header): ${join(out, 'types.ts')}`);
    expect(result.stderr).toContain(`move ${join(out, 'types.ts')} out of ${out}/, then run \`npx emr-contract generate`);
  });

  it('finds a checkout with CRLF line endings (git on Windows) in sync, spec included', async () => {
    const { spec, out } = copied();
    const toCrlf = (path: string) => writeFileSync(path, readFileSync(path, 'utf8').replace(/\n/g, '\r\n'));
    toCrlf(spec);
    const walk = (dir: string): string[] => readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]));
    walk(out).forEach(toCrlf);
    const result = await cli('check', '--spec', spec, '--out', out, '--format', 'json');
    expect(JSON.parse(result.stdout).steps.map((s: { name: string; ok: boolean; problems: string[] }) => [s.ok, s.problems])).toEqual([
      [true, []],
      [true, []],
    ]);
  });
});

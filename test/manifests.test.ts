import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { GENERATOR } from '../generator/identity.js';

const manifest = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as Record<string, any>;
const library = manifest('generated/package.json');
const cli = manifest('cli/package.json');
const spec = parse(readFileSync('spec/increase-nodes.openapi.yaml', 'utf8')) as { info: { version: string; 'x-changelog': { version: string }[] } };

describe('the two packages', () => {
  it('the library is versioned as the contract it was generated from', () => {
    expect(library.version).toBe(spec.info.version);
  });

  it("the contract's changelog ends with its current version", () => {
    expect(spec.info['x-changelog'].at(-1)?.version).toBe(spec.info.version);
  });

  it('the generator names itself as the CLI package does', () => {
    expect(GENERATOR).toEqual({ name: cli.name, version: cli.version });
  });

  it('the CLI depends on exactly the library version in this repository', () => {
    expect(cli.dependencies[library.name]).toBe(library.version);
  });

  it('the library has no runtime dependencies, and fast-check stays an optional peer', () => {
    expect(library.dependencies).toBeUndefined();
    expect(library.peerDependenciesMeta['fast-check']).toEqual({ optional: true });
  });

  it("the CLI pins Prism's packages itself, since a consumer's install ignores the repository's overrides", () => {
    const root = manifest('package.json');
    for (const [name, version] of Object.entries(root.overrides as Record<string, string>)) {
      if (name.startsWith('@stoplight/')) expect(cli.dependencies[name], name).toBe(version);
    }
  });
});

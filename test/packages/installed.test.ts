import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answers } from '../../conformance/mock/prism-process.js';
import { reservedPort } from '../support/ports.js';
import { createConsumer, npx, packWorkspaces, processesMatching, repoVersion, run, startNpx, writeFiles, type Running, type Tarball } from './consumer.js';

// Everything here runs against the packed tarballs installed into an empty project, as a user
// gets them: plain Node, strict TypeScript, npx. Nothing may resolve into this repository.

const LIBRARY = 'emr-increase-nodes-contract';
const CLI = 'emr-contract';
const READY = /listening on (http:\/\/127\.0\.0\.1:\d+)/;
const PRISM_AT = /Prism on http:\/\/127\.0\.0\.1:(\d+)/;

let tarballs: Tarball[];
let consumer: string;

beforeAll(() => {
  tarballs = packWorkspaces();
  const tools = ['typescript', '@types/node', 'vitest', 'vite'].map((name) => `${name}@${repoVersion(name)}`);
  consumer = createConsumer({ install: [...tarballs.map((t) => t.file), ...tools] });
});

afterAll(() => {
  if (consumer !== undefined) rmSync(consumer, { recursive: true, force: true });
});

function tarball(name: string): Tarball {
  const found = tarballs.find((t) => t.name === name);
  if (found === undefined) throw new Error(`npm pack made no ${name}`);
  return found;
}

/** Polls until nothing accepts connections on the port; a leftover server fails the test at the limit. */
async function portCloses(port: number): Promise<boolean> {
  for (let tries = 0; tries < 300; tries++) {
    if (!(await answers({ host: '127.0.0.1', port }))) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}

describe('the packed tarballs', () => {
  it('the library has zero dependencies, a files whitelist, a LICENSE, a README and a CHANGELOG', () => {
    const manifest = JSON.parse(run({ command: 'tar', args: ['-xOzf', tarball(LIBRARY).file, 'package/package.json'], cwd: consumer }).stdout) as Record<string, unknown>;
    expect(manifest['dependencies']).toBeUndefined();
    expect(manifest['sideEffects']).toBe(false);
    const entries = run({ command: 'tar', args: ['-tzf', tarball(LIBRARY).file], cwd: consumer }).stdout.split('\n');
    expect(entries).toEqual(expect.arrayContaining(['package/LICENSE', 'package/README.md', 'package/CHANGELOG.md', 'package/openapi.yaml', 'package/dist/index.js', 'package/dist/index.d.ts', 'package/dist/index.d.ts.map']));
    expect(entries.filter((e) => /^package\/(test|bench|spec|generator|\.ci)\//.test(e))).toEqual([]);
  });

  it('the CLI ships compiled JavaScript, with no TypeScript loader among its dependencies', () => {
    const manifest = JSON.parse(run({ command: 'tar', args: ['-xOzf', tarball(CLI).file, 'package/package.json'], cwd: consumer }).stdout) as { dependencies: Record<string, string> };
    expect(Object.keys(manifest.dependencies)).not.toContain('tsx');
    expect(manifest.dependencies['@stoplight/prism-http']).toBe('5.12.0');
    const entries = run({ command: 'tar', args: ['-tzf', tarball(CLI).file], cwd: consumer }).stdout.split('\n');
    expect(entries).toEqual(expect.arrayContaining(['package/bin/emr-contract.js', 'package/dist/cli/main.js', 'package/dist/generator/runtime/client.ts', 'package/LICENSE', 'package/README.md']));
    expect(entries.filter((e) => e.endsWith('.ts') && !e.endsWith('.d.ts') && !e.includes('/runtime/'))).toEqual([]);
  });

  it('installs Prism at versions that run on Node 20, without the repository overrides', () => {
    const running = Number(process.versions.node.split('.')[0]);
    for (const name of ['prism-cli', 'prism-core', 'prism-http', 'prism-http-server']) {
      const manifest = JSON.parse(readFileSync(join(consumer, 'node_modules', '@stoplight', name, 'package.json'), 'utf8')) as { engines?: { node?: string } };
      const needs = Number(/^>=\s*(\d+)/.exec(manifest.engines?.node ?? '>=0')?.[1]);
      expect(needs, `${name} needs node ${manifest.engines?.node}`).toBeLessThanOrEqual(running);
    }
  });
});

describe('the library from plain Node', () => {
  it("prints exactly the issues the README's validation example promises", () => {
    const readme = readFileSync(join(consumer, 'node_modules', LIBRARY, 'README.md'), 'utf8');
    const example = /## Validate a request[\s\S]*?```ts\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(example).toBeDefined();
    writeFiles({ dir: consumer, files: { 'readme-example.mjs': example! } });
    const printed = run({ command: process.execPath, args: ['readme-example.mjs'], cwd: consumer }).stderr.trim();
    const promised = example!
      .split('\n')
      .filter((line) => line.startsWith('// - '))
      .map((line) => line.slice(3))
      .join('\n');
    expect(promised).not.toBe('');
    expect(printed).toBe(promised);
  });

  it('loads with require() as well as import', () => {
    const script = `const { validateIncreaseNodesRequest, createClient } = require('${LIBRARY}');
process.stdout.write(JSON.stringify([typeof createClient, validateIncreaseNodesRequest({ RegionId: 'cn-hangzhou', ClusterId: 'c-1', NodeGroupId: 'ng-1', IncreaseNodeCount: 501 }).issues.map((i) => i.code)]));`;
    writeFiles({ dir: consumer, files: { 'required.cjs': script } });
    expect(JSON.parse(run({ command: process.execPath, args: ['required.cjs'], cwd: consumer }).stdout)).toEqual(['function', ['InvalidParameterValue']]);
  });

  it('its arbitraries, with the fast-check the user installed, give requests its validator accepts', () => {
    const script = `import fc from 'fast-check';
import { increaseNodesRequest } from '${LIBRARY}/arbitraries';
import { validateIncreaseNodesRequest } from '${LIBRARY}';
const samples = fc.sample(increaseNodesRequest, { numRuns: 200, seed: 7 });
process.stdout.write(JSON.stringify({ count: samples.length, invalid: samples.filter((r) => !validateIncreaseNodesRequest(r).ok).length }));`;
    writeFiles({ dir: consumer, files: { 'arbitraries.mjs': script } });
    expect(JSON.parse(run({ command: process.execPath, args: ['arbitraries.mjs'], cwd: consumer }).stdout)).toEqual({ count: 200, invalid: 0 });
  });

  it('ships the contract it was generated from, byte for byte', () => {
    const shipped = run({ command: process.execPath, args: ['-p', `require('fs').readFileSync(require.resolve('${LIBRARY}/openapi.yaml'), 'utf8')`], cwd: consumer }).stdout;
    expect(shipped.trimEnd()).toBe(readFileSync(resolve('spec/increase-nodes.openapi.yaml'), 'utf8').trimEnd());
  });
});

describe('the library under a strict TypeScript consumer', () => {
  const usage = `import { createClient, validateIncreaseNodesRequest, EmrApiError, RequestValidationError, toIncreaseNodesQuery, type ErrorCode, type IncreaseNodesRequest } from '${LIBRARY}';
import { increaseNodesRequest } from '${LIBRARY}/arbitraries';

const request: IncreaseNodesRequest = { RegionId: 'cn-hangzhou', ClusterId: 'c-1', NodeGroupId: 'ng-1', IncreaseNodeCount: 3 };
const result = validateIncreaseNodesRequest(request);
export const parameters: readonly string[] = result.ok ? [] : result.issues.map((issue) => issue.parameter);
const client = createClient({ regionId: 'cn-hangzhou', credentials: { accessKeyId: 'id', accessKeySecret: 'secret' } });
export async function scale(signal: AbortSignal): Promise<string> {
  try {
    return (await client.increaseNodes(request, { signal })).OperationId;
  } catch (error) {
    if (error instanceof EmrApiError) return error.code;
    if (error instanceof RequestValidationError) {
      const codes: readonly ErrorCode[] = error.issues.map((issue) => issue.code);
      return codes.join(', ');
    }
    throw error;
  }
}
export const wire = new URLSearchParams(toIncreaseNodesQuery(request)).toString();
export { increaseNodesRequest };
`;
  const misspelt = `import type { IncreaseNodesRequest } from '${LIBRARY}';
// @ts-expect-error IncreaseNodesCount is not a parameter of IncreaseNodes
export const misspelt: IncreaseNodesRequest = { RegionId: 'cn-hangzhou', ClusterId: 'c-1', NodeGroupId: 'ng-1', IncreaseNodeCount: 3, IncreaseNodesCount: 3 };
`;
  // Under exactOptionalPropertyTypes: an option or a field left undefined is not given, as the
  // runtime reads it; a validated value holds no null (it comes back without such fields), so it is the request type.
  const optional = `import { createClient, toIncreaseNodesQuery, validateIncreaseNodesRequest, type Accepted, type ApplicationConfig, type IncreaseNodesRequest } from '${LIBRARY}';

declare const endpoint: string | undefined;
declare const signal: AbortSignal | undefined;
declare const autoRenew: boolean | undefined;
const client = createClient({ regionId: 'cn-hangzhou', endpoint, timeoutMs: undefined, retry: { maxAttempts: undefined }, credentials: { accessKeyId: 'id', accessKeySecret: 'secret', securityToken: undefined } });
const request: Accepted<IncreaseNodesRequest> = { RegionId: 'cn-hangzhou', ClusterId: 'c-1', NodeGroupId: 'ng-1', IncreaseNodeCount: 3, AutoRenew: autoRenew, ApplicationConfigs: [{ ApplicationName: 'HDFS', ConfigFileName: 'hdfs-site.xml', ConfigItemKey: 'k', ConfigScope: undefined }] };
export const pairs = toIncreaseNodesQuery(request);
export const called = client.increaseNodes(request, { signal, prefer: { code: undefined } });
// Derived from the client, the request type reads as it always did: an optional field is a number or undefined, never null.
type Taken = Parameters<typeof client.increaseNodes>[0];
export const nextDuration = (taken: Taken): number => (taken.PaymentDuration !== undefined ? taken.PaymentDuration + 1 : 1);
declare const configs: readonly Readonly<ApplicationConfig>[];
export const fromReadonly = toIncreaseNodesQuery({ ...request, ApplicationConfigs: configs });
const checked = validateIncreaseNodesRequest(JSON.parse('{}'));
if (checked.ok) {
  const typed: IncreaseNodesRequest = checked.value;
  if (typed.AutoRenew !== undefined) typed.AutoRenew.valueOf();
  void client.increaseNodes(typed);
}
`;
  const strict = {
    target: 'ES2022',
    lib: ['ES2023'],
    strict: true,
    skipLibCheck: false,
    exactOptionalPropertyTypes: true,
    noUnusedLocals: true,
    noUnusedParameters: true,
    noUncheckedIndexedAccess: true,
    noImplicitOverride: true,
    noPropertyAccessFromIndexSignature: true,
    erasableSyntaxOnly: true,
    verbatimModuleSyntax: true,
    types: [],
    noEmit: true,
  };

  for (const [mode, resolution] of [
    ['NodeNext', { module: 'NodeNext', moduleResolution: 'NodeNext' }],
    ['Bundler', { module: 'ESNext', moduleResolution: 'Bundler' }],
  ] as const) {
    it(`type-checks cleanly with ${mode} resolution: a misspelt IncreaseNodesCount is a type error, an undefined option or field is not, a validated value is the request type`, () => {
      const dir = join(consumer, `strict-${mode}`);
      writeFiles({
        dir,
        files: {
          'usage.ts': usage,
          'misspelt.ts': misspelt,
          'optional.ts': optional,
          'tsconfig.json': JSON.stringify({ compilerOptions: { ...strict, ...resolution }, files: ['usage.ts', 'misspelt.ts', 'optional.ts'] }),
        },
      });
      const result = run({ command: process.execPath, args: [join(consumer, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json'], cwd: dir, allowFailure: true });
      expect(result.stdout + result.stderr).toBe('');
      expect(result.status).toBe(0);
    });
  }

  it('the misspelling check can fail: without @ts-expect-error the same line does not compile', () => {
    const dir = join(consumer, 'strict-misspelt');
    writeFiles({
      dir,
      files: {
        'misspelt.ts': misspelt.replace(/\/\/ @ts-expect-error.*\n/, ''),
        'tsconfig.json': JSON.stringify({ compilerOptions: { ...strict, module: 'NodeNext', moduleResolution: 'NodeNext' }, files: ['misspelt.ts'] }),
      },
    });
    const result = run({ command: process.execPath, args: [join(consumer, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json'], cwd: dir, allowFailure: true });
    expect(result.status).toBe(2);
    expect(result.stdout).toContain("'IncreaseNodesCount' does not exist in type");
  });
});

describe('npx emr-contract', () => {
  it('--help answers without loading TypeScript, Prism, Ajv or the OpenAPI tooling', () => {
    // Every CommonJS module Node loaded, listed at exit: the heavy dependencies are all CommonJS or load some.
    writeFiles({ dir: consumer, files: { 'loaded.cjs': "process.on('exit', () => process.stderr.write('\\nLOADED ' + JSON.stringify(Object.keys(require('module')._cache))));" } });
    const result = run({ command: process.execPath, args: ['--require', './loaded.cjs', 'node_modules/.bin/emr-contract', '--help'], cwd: consumer });
    expect(result.stdout).toContain('usage: emr-contract <command>');
    const loaded = JSON.parse(/LOADED (.*)$/.exec(result.stderr)![1]!) as string[];
    expect(loaded.filter((path) => /node_modules\/(typescript|ts-morph|@ts-morph|@stoplight|ajv|@apidevtools|openapi-typescript|yaml|fast-check)\//.test(path))).toEqual([]);
    expect(npx({ args: [CLI, '--help'], cwd: consumer }).stdout).toContain('usage: emr-contract <command>');
  });

  it.each([
    ['verify without --base-url', ['verify']],
    ['mock with a port out of range', ['mock', '--port', '70000']],
  ])('answers %s with exit 2 before loading TypeScript, ts-morph or Prism', (_, argv) => {
    writeFiles({ dir: consumer, files: { 'loaded.cjs': "process.on('exit', () => process.stderr.write('\\nLOADED ' + JSON.stringify(Object.keys(require('module')._cache))));" } });
    const result = run({ command: process.execPath, args: ['--require', './loaded.cjs', 'node_modules/.bin/emr-contract', ...argv], cwd: consumer, allowFailure: true });
    expect(result.status).toBe(2);
    const loaded = JSON.parse(/LOADED (.*)$/.exec(result.stderr)![1]!) as string[];
    expect(loaded.filter((path) => /node_modules\/(typescript|ts-morph|@ts-morph|@stoplight|openapi-typescript)\//.test(path))).toEqual([]);
  });

  it('mock --strict serves the bundled contract; the client calls it; verify passes; SIGTERM to npx leaves nothing listening', async () => {
    const port = await reservedPort();
    const mock = startNpx({ args: [CLI, 'mock', '--strict', '--port', String(port)], cwd: consumer });
    try {
      const url = (await mock.waitFor(READY))[1]!;
      const prismPort = Number((await mock.waitFor(PRISM_AT))[1]);
      expect(url).toBe(`http://127.0.0.1:${port}`);

      const call = `import { createClient, EmrApiError } from '${LIBRARY}';
const client = createClient({ endpoint: process.argv[2], credentials: { accessKeyId: 'test', accessKeySecret: 'test' }, retry: false });
const request = { RegionId: 'cn-hangzhou', ClusterId: 'c-1', NodeGroupId: 'ng-1', IncreaseNodeCount: 3 };
const { OperationId } = await client.increaseNodes(request);
const refused = await client.increaseNodes(request, { prefer: { code: 400, example: 'OutOfStock' } }).catch((e) => e);
process.stdout.write(JSON.stringify({ OperationId, refused: refused instanceof EmrApiError ? refused.code : String(refused) }));`;
      writeFiles({ dir: consumer, files: { 'call.mjs': call } });
      const answered = JSON.parse(run({ command: process.execPath, args: ['call.mjs', url], cwd: consumer }).stdout) as { OperationId: string; refused: string };
      expect(answered).toEqual({ OperationId: 'op-13c37a77c505****', refused: 'OutOfStock' });

      const verified = npx({ args: [CLI, 'verify', '--base-url', url, '--count', '10', '--seed', '1'], cwd: consumer, allowFailure: true });
      expect(verified.stdout + verified.stderr).toContain('✓ the provider answers as the contract says');
      expect(verified.status).toBe(0);

      mock.child.kill('SIGTERM');
      await mock.exited;
      expect(await portCloses(port)).toBe(true);
      expect(await portCloses(prismPort)).toBe(true);
      expect(processesMatching(`-p ${prismPort} --no-multiprocess`)).toEqual([]);
    } finally {
      stopHard(mock);
    }
  });

  it('mock leaves nothing listening when npx is killed outright (SIGKILL)', async () => {
    const mock = startNpx({ args: [CLI, 'mock', '--strict', '--port', '0'], cwd: consumer });
    try {
      const port = Number(new URL((await mock.waitFor(READY))[1]!).port);
      const prismPort = Number((await mock.waitFor(PRISM_AT))[1]);
      mock.child.kill('SIGKILL');
      expect(await portCloses(port)).toBe(true);
      expect(await portCloses(prismPort)).toBe(true);
      expect(processesMatching(`-p ${prismPort} --no-multiprocess`)).toEqual([]);
    } finally {
      stopHard(mock);
    }
  });

  it("the installed generate writes exactly this repository's generated/ from the same spec", () => {
    const project = join(consumer, 'same-spec');
    cpSync(resolve('spec/increase-nodes.openapi.yaml'), join(project, 'increase-nodes.openapi.yaml'));
    npx({ args: [CLI, 'generate', '--spec', 'increase-nodes.openapi.yaml', '--out', 'out'], cwd: project });
    const written = run({ command: 'find', args: ['.', '-type', 'f'], cwd: join(project, 'out') }).stdout.split('\n').filter(Boolean).sort();
    expect(written.length).toBeGreaterThan(10);
    for (const file of written) expect(readFileSync(join(project, 'out', file), 'utf8'), file).toBe(readFileSync(resolve('generated', file), 'utf8'));
  });

  it('generate and check work on a copied spec from any folder, and check fails after a hand edit', () => {
    const project = join(consumer, 'team');
    cpSync(resolve('spec/increase-nodes.openapi.yaml'), join(project, 'contract', 'emr.openapi.yaml'));
    writeFiles({ dir: project, files: { 'src/emr/package-notes.md': 'Our own file beside the generated code.\n' } });
    const generated = npx({ args: [CLI, 'generate', '--spec', 'contract/emr.openapi.yaml', '--out', 'src/emr'], cwd: project });
    expect(generated.stdout).toMatch(/Generated src\/emr\/ from contract\/emr\.openapi\.yaml: 0 changed, \d+ added, 0 removed/);

    const elsewhere = join(project, 'contract');
    expect(npx({ args: [CLI, 'check', '--spec', 'emr.openapi.yaml', '--out', '../src/emr'], cwd: elsewhere }).status).toBe(0);
    expect(readFileSync(join(project, 'src/emr/package-notes.md'), 'utf8')).toBe('Our own file beside the generated code.\n');

    const validators = join(project, 'src/emr/validators.ts');
    writeFileSync(validators, readFileSync(validators, 'utf8').replace('maximum: 500', 'maximum: 501'));
    const drifted = npx({ args: [CLI, 'check', '--spec', 'emr.openapi.yaml', '--out', '../src/emr'], cwd: elsewhere, allowFailure: true });
    expect(drifted.status).toBe(1);
    expect(drifted.stderr).toContain('validators.ts');
    expect(drifted.stderr).toContain('npx emr-contract generate --spec emr.openapi.yaml --out ../src/emr');
  });
});

describe("emr-contract/mock's startMock", () => {
  it('starts a strict mock on a free port that answers like the service, and stop() leaves nothing listening', async () => {
    const script = `import { startMock } from '${CLI}/mock';
const mock = await startMock({ strict: true, port: 0 });
const answer = await fetch(mock.url + '/?RegionId=cn-hangzhou', { method: 'POST', headers: { 'x-acs-action': 'IncreaseNodes', 'x-acs-version': '2021-03-20', authorization: 'ACS3-HMAC-SHA256 Credential=t,SignedHeaders=host,Signature=0' } });
const body = await answer.json();
await mock.stop();
process.stdout.write(JSON.stringify({ url: mock.url, prismUrl: mock.prismUrl, status: answer.status, code: body.Code }));`;
    writeFiles({ dir: consumer, files: { 'start-mock.mjs': script } });
    const result = JSON.parse(run({ command: process.execPath, args: ['start-mock.mjs'], cwd: consumer }).stdout) as { url: string; prismUrl: string; status: number; code: string };
    expect(result).toMatchObject({ status: 400, code: 'MissingParameter' });
    expect(result.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(result.url).not.toBe(result.prismUrl);
    expect(await portCloses(Number(new URL(result.url).port))).toBe(true);
    expect(await portCloses(Number(new URL(result.prismUrl).port))).toBe(true);
  });
});

describe("the CLI README's Vitest globalSetup", () => {
  it('starts the strict mock for a test run, hands its URL to the tests, and stops it afterwards', async () => {
    const readme = readFileSync(join(consumer, 'node_modules', CLI, 'README.md'), 'utf8');
    const setup = /```ts\n(\/\/ test\/global-setup\.ts[\s\S]*?)```/.exec(readme)?.[1];
    expect(setup).toBeDefined();
    const dir = join(consumer, 'vitest-project');
    writeFiles({
      dir,
      files: {
        'package.json': JSON.stringify({ type: 'module', private: true }),
        'test/global-setup.ts': setup!,
        'vitest.config.ts': "import { defineConfig } from 'vitest/config';\nexport default defineConfig({ test: { globalSetup: ['test/global-setup.ts'] } });\n",
        'test/scale.test.ts': `import { expect, inject, it } from 'vitest';
import { createClient, EmrApiError } from '${LIBRARY}';
import { writeFileSync } from 'node:fs';
it('calls the mock', async () => {
  const endpoint = inject('emrEndpoint');
  writeFileSync('endpoint.txt', endpoint);
  const client = createClient({ endpoint, credentials: { accessKeyId: 'test', accessKeySecret: 'test' }, retry: false });
  const answer = await client.increaseNodes({ RegionId: 'cn-hangzhou', ClusterId: 'c-1', NodeGroupId: 'ng-1', IncreaseNodeCount: 3 });
  expect(answer.OperationId).toBe('op-13c37a77c505****');
  await expect(client.increaseNodes({ RegionId: 'cn-hangzhou', ClusterId: 'c-1', NodeGroupId: 'ng-1', IncreaseNodeCount: 3 }, { prefer: { code: 400, example: 'OutOfStock' } })).rejects.toBeInstanceOf(EmrApiError);
});
`,
      },
    });
    const result = run({ command: process.execPath, args: [join(consumer, 'node_modules/vitest/vitest.mjs'), 'run', '--root', dir], cwd: dir, allowFailure: true });
    expect(result.stdout + result.stderr).toContain('1 passed');
    expect(result.status).toBe(0);
    const port = Number(new URL(readFileSync(join(dir, 'endpoint.txt'), 'utf8')).port);
    expect(await portCloses(port)).toBe(true);
  });
});

function stopHard(running: Running): void {
  if (running.child.exitCode === null && running.child.signalCode === null) running.child.kill('SIGKILL');
}


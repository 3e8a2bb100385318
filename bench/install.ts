/**
 * What users install, measured from the real tarballs: each package packed, installed into an
 * empty project, and what landed on disk counted (packages and bytes). Then the installed CLI
 * timed cold (a new process each run), interleaved with the openapi-typescript CLI on the same
 * spec, so a slow moment of the machine hits both alike.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, lstatSync, readdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createConsumer, packWorkspaces, type Tarball } from '../test/packages/consumer.js';
import { median } from './harness.js';

export interface Installed {
  /** Every folder with a package.json under node_modules, nested copies included. */
  readonly packages: number;
  /** Bytes of every file under node_modules. */
  readonly bytes: number;
}

export interface ColdTiming {
  readonly name: string;
  readonly medianMs: number;
  readonly samplesMs: readonly number[];
}

export interface InstallResults {
  readonly tarballs: readonly Tarball[];
  readonly library: Installed;
  readonly alibaba: Installed;
  readonly cli: Installed;
  readonly cold: { readonly generate: ColdTiming; readonly check: ColdTiming; readonly openapiTypescript: ColdTiming };
}

const ROUNDS = 7;
const ALIBABA = '@alicloud/openapi-core@1.0.8';

export function benchInstall({ log }: { log: (line: string) => void }): InstallResults {
  const tarballs = packWorkspaces();
  const file = (name: string) => tarballs.find((t) => t.name === name)!.file;
  for (const t of tarballs) log(`  ${t.name}: tarball ${t.entryCount} files, ${formatBytes(t.size)} packed, ${formatBytes(t.unpackedSize)} unpacked`);

  const projects: string[] = [];
  const installed = (install: readonly string[]): { dir: string; footprint: Installed } => {
    const dir = createConsumer({ install });
    projects.push(dir);
    return { dir, footprint: footprintOf(join(dir, 'node_modules')) };
  };
  try {
    const library = installed([file('emr-increase-nodes-contract')]).footprint;
    const alibaba = installed([ALIBABA]).footprint;
    const cliProject = installed([file('emr-increase-nodes-contract'), file('emr-contract')]);
    log(`  installed: library ${library.packages} package(s), ${formatBytes(library.bytes)}; ${ALIBABA} ${alibaba.packages} packages, ${formatBytes(alibaba.bytes)}; CLI ${cliProject.footprint.packages} packages, ${formatBytes(cliProject.footprint.bytes)}`);
    const cold = coldTimings(cliProject.dir);
    log(`  cold, median of ${ROUNDS}: generate ${cold.generate.medianMs.toFixed(0)} ms, check ${cold.check.medianMs.toFixed(0)} ms, openapi-typescript ${cold.openapiTypescript.medianMs.toFixed(0)} ms`);
    return { tarballs, library, alibaba, cli: cliProject.footprint, cold };
  } finally {
    for (const dir of projects) rmSync(dir, { recursive: true, force: true });
  }
}

/** Each run a new process, as CI runs it; the three commands take turns, rotated every round. */
function coldTimings(dir: string): InstallResults['cold'] {
  copyFileSync(resolve('spec/increase-nodes.openapi.yaml'), join(dir, 'contract.openapi.yaml'));
  const cli = join(dir, 'node_modules', 'emr-contract', 'bin', 'emr-contract.js');
  const oat = join(dir, 'node_modules', 'openapi-typescript', 'bin', 'cli.js');
  // check compares with what generate wrote, so one untimed generate comes first.
  run({ dir, args: [cli, 'generate', '--spec', 'contract.openapi.yaml', '--out', 'out'] });
  const sides = [
    { name: 'generate', args: [cli, 'generate', '--spec', 'contract.openapi.yaml', '--out', 'out'] },
    { name: 'check', args: [cli, 'check', '--spec', 'contract.openapi.yaml', '--out', 'out'] },
    { name: 'openapi-typescript', args: [oat, 'contract.openapi.yaml', '--output', 'types.ts'] },
  ];
  const samples = new Map<string, number[]>(sides.map((s) => [s.name, []]));
  for (let round = 0; round < ROUNDS; round++) {
    for (const side of [...sides.slice(round % sides.length), ...sides.slice(0, round % sides.length)]) samples.get(side.name)!.push(run({ dir, args: side.args }));
  }
  const timing = (name: string): ColdTiming => ({ name, medianMs: median(samples.get(name)!), samplesMs: samples.get(name)! });
  return { generate: timing('generate'), check: timing('check'), openapiTypescript: timing('openapi-typescript') };
}

function run({ dir, args }: { dir: string; args: readonly string[] }): number {
  const started = performance.now();
  const result = spawnSync(process.execPath, [...args], { cwd: dir, encoding: 'utf8' });
  const ms = performance.now() - started;
  if (result.status !== 0) throw new Error(`${args.join(' ')} exited ${String(result.status)}:\n${result.stdout}\n${result.stderr}`);
  return ms;
}

function footprintOf(nodeModules: string): Installed {
  let packages = 0;
  let bytes = 0;
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (isPackage(path)) packages += 1;
        walk(path);
      } else if (entry.isFile()) {
        bytes += lstatSync(path).size;
      }
    }
  };
  walk(nodeModules);
  return { packages, bytes };
}

/** A package folder: node_modules/<name> or node_modules/@scope/<name>, with its manifest. */
function isPackage(dir: string): boolean {
  const parts = dir.split('/');
  const parent = parts[parts.length - 2];
  const grandparent = parts[parts.length - 3];
  const placed = parent === 'node_modules' ? !parts[parts.length - 1]!.startsWith('.') && !parts[parts.length - 1]!.startsWith('@') : parent?.startsWith('@') === true && grandparent === 'node_modules';
  if (!placed) return false;
  try {
    return lstatSync(join(dir, 'package.json')).isFile();
  } catch {
    return false;
  }
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
  return `${(bytes / 1024).toFixed(0)} KiB`;
}

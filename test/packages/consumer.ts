import { spawn, spawnSync, type ChildProcess, type SpawnSyncReturns } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const REPO = resolve('.');
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const NPX = process.platform === 'win32' ? 'npx.cmd' : 'npx';

/** What `npm pack` made of one workspace. */
export interface Tarball {
  readonly name: string;
  readonly file: string;
  readonly entryCount: number;
  readonly size: number;
  readonly unpackedSize: number;
}

/**
 * The environment of a command run as a user would run it: none of the `npm_*` variables of the
 * `npm run` that started the tests, so nothing of this repository's configuration leaks in.
 */
export function userEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) if (!key.toLowerCase().startsWith('npm_')) env[key] = value;
  return { ...env, FORCE_COLOR: '0', NO_COLOR: '1', ...extra };
}

/** Runs a command to completion and throws with its output when it fails. */
export function run({ command, args, cwd, allowFailure = false }: { command: string; args: readonly string[]; cwd: string; allowFailure?: boolean }): SpawnSyncReturns<string> {
  const result = spawnSync(command, [...args], { cwd, env: userEnv(), encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (!allowFailure && result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} (in ${cwd}) exited ${String(result.status)}:\n${result.stdout}\n${result.stderr}`);
  }
  return result;
}

/** Packs both workspaces (their prepack builds them) into a fresh folder. */
export function packWorkspaces(): Tarball[] {
  const destination = mkdtempSync(join(tmpdir(), 'emr-packs-'));
  const result = run({ command: NPM, args: ['pack', '--json', '--workspace', 'generated', '--workspace', 'cli', '--pack-destination', destination], cwd: REPO });
  const packed = JSON.parse(result.stdout.slice(result.stdout.indexOf('['))) as { name: string; filename: string; entryCount: number; size: number; unpackedSize: number }[];
  return packed.map((p) => ({ name: p.name, file: join(destination, p.filename), entryCount: p.entryCount, size: p.size, unpackedSize: p.unpackedSize }));
}

/** The version of a package installed in this repository, so the consumer installs it from npm's cache. */
export function repoVersion(name: string): string {
  return (JSON.parse(readFileSync(join(REPO, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
}

/**
 * An empty project, then `npm install` of the tarballs (and whatever else it names), preferring
 * npm's cache: the registry is asked only for what the cache lacks.
 */
export function createConsumer({ install }: { install: readonly string[] }): string {
  const dir = mkdtempSync(join(tmpdir(), 'emr-consumer-'));
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify({ name: 'consumer', version: '1.0.0', private: true, type: 'module' }, null, 2)}\n`);
  run({ command: NPM, args: ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error', ...install], cwd: dir });
  return dir;
}

export function writeFiles({ dir, files }: { dir: string; files: Record<string, string> }): void {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
}

export function npx({ args, cwd, allowFailure }: { args: readonly string[]; cwd: string; allowFailure?: boolean }): SpawnSyncReturns<string> {
  return run({ command: NPX, args: ['--no-install', ...args], cwd, ...(allowFailure === undefined ? {} : { allowFailure }) });
}

/** A long-running `npx emr-contract …`, with what it printed so far and a way to wait for a line. */
export interface Running {
  readonly child: ChildProcess;
  output(): string;
  waitFor(pattern: RegExp): Promise<RegExpExecArray>;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export function startNpx({ args, cwd }: { args: readonly string[]; cwd: string }): Running {
  const child = spawn(NPX, ['--no-install', ...args], { cwd, env: userEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
  let text = '';
  const waiters: (() => void)[] = [];
  const collect = (chunk: Buffer) => {
    text += chunk.toString('utf8');
    for (const waiter of waiters.splice(0)) waiter();
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolvePromise) => child.once('exit', (code, signal) => resolvePromise({ code, signal })));
  const waitFor = (pattern: RegExp) =>
    new Promise<RegExpExecArray>((resolvePromise, reject) => {
      const look = () => {
        const match = pattern.exec(text);
        if (match !== null) resolvePromise(match);
        else if (child.exitCode !== null || child.signalCode !== null) reject(new Error(`exited before printing ${String(pattern)}:\n${text}`));
        else waiters.push(look);
      };
      void exited.then(() => waiters.push(look) && look());
      look();
    });
  return { child, output: () => text, waitFor, exited };
}

/** The process ids whose command line contains `needle` (pgrep -f), this test's own excepted. */
export function processesMatching(needle: string): number[] {
  const result = spawnSync('pgrep', ['-f', needle], { encoding: 'utf8' });
  return result.stdout
    .split('\n')
    .filter(Boolean)
    .map(Number)
    .filter((pid) => pid !== process.pid);
}

import { accessSync, constants, existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { bundledContractPath } from '../../conformance/bundled-contract.js';

/** What every subcommand receives: parsed options, and where to write, so tests can capture it. */
export interface CommandContext {
  readonly positionals: readonly string[];
  readonly options: Readonly<Record<string, string | boolean | undefined>>;
  readonly format: 'text' | 'json';
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
}

export type Command = (context: CommandContext) => Promise<number>;

export class UsageError extends Error {}

/** An option's value as a message quotes it: `--port=` gives an empty one, which would read as nothing at all. */
export function shownValue(text: string): string {
  return text === '' ? 'an empty value' : text;
}

export function stringOption(context: CommandContext, name: string): string | undefined {
  const value = context.options[name];
  return typeof value === 'string' ? value : undefined;
}

/**
 * The folder generated code goes in: --out, else generated/. An empty --out (an unset variable in
 * `--out "$OUT"`) would be the working folder, so generate would write over a project's root.
 */
export function outFolder(context: CommandContext): string {
  const given = stringOption(context, 'out');
  if (given === '') throw new UsageError('--out takes a folder, not an empty value; leave it out to use generated/');
  return given ?? 'generated';
}

/**
 * The spec to work on: `--spec`, else the one `*.openapi.yaml` in spec/, else (for commands that
 * only read a contract: mock, verify) the IncreaseNodes contract installed beside the CLI.
 */
export function specPath(context: CommandContext, { bundled = false }: { bundled?: boolean } = {}): string {
  const given = stringOption(context, 'spec');
  if (given !== undefined) return readablePath(given);
  const candidates = existsSync('spec') ? readdirSync('spec').filter((f) => /\.openapi\.ya?ml$/.test(f)) : [];
  if (candidates.length === 1) return readablePath(join('spec', candidates[0]!));
  const fallback = candidates.length === 0 && bundled ? bundledContractPath() : undefined;
  if (fallback !== undefined) return fallback;
  const found = candidates.length === 0 ? 'no spec/*.openapi.yaml' : `${candidates.length} files spec/*.openapi.yaml`;
  throw new UsageError(`found ${found} to work on; pass --spec <file>`);
}

/**
 * The path, once it names a file this process can read. A spec that is missing or unreadable is
 * the caller's to fix, so it is a usage error (exit 2, `kind: usage` in JSON), not a crash.
 */
export function readablePath(path: string): string {
  try {
    if (!statSync(path).isFile()) throw new Error('not a file');
    accessSync(path, constants.R_OK);
  } catch (error) {
    throw new UsageError(`cannot read ${path}: ${(error as Error).message}`);
  }
  return path;
}

/**
 * What a folder option names: a folder, nothing yet, or something that cannot be a folder (a
 * file, or a path that runs through one), which is the caller's to fix, never a crash.
 */
export function folderKind(path: string): 'folder' | 'absent' | 'not-a-folder' {
  try {
    const found = statSync(path, { throwIfNoEntry: false });
    return found === undefined ? 'absent' : found.isDirectory() ? 'folder' : 'not-a-folder';
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOTDIR') return 'not-a-folder';
    throw new UsageError(`cannot read ${path}: ${(error as Error).message}`);
  }
}

export { displayName } from '../../conformance/display-name.js';

import { existsSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';

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

export function stringOption(context: CommandContext, name: string): string | undefined {
  const value = context.options[name];
  return typeof value === 'string' ? value : undefined;
}

/** The spec to work on: `--spec`, else the one `*.openapi.yaml` in spec/. */
export function specPath(context: CommandContext): string {
  const given = stringOption(context, 'spec');
  if (given !== undefined) return given;
  const candidates = existsSync('spec') ? readdirSync('spec').filter((f) => /\.openapi\.ya?ml$/.test(f)) : [];
  if (candidates.length !== 1) {
    throw new UsageError(`expected exactly one spec/*.openapi.yaml, found ${candidates.length}; pass --spec <file>`);
  }
  return join('spec', candidates[0]!);
}

/** The name a spec goes by in headers and messages: relative, with forward slashes. */
export function displayName(path: string): string {
  return relative(process.cwd(), path).split('\\').join('/');
}

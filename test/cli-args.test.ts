/**
 * What emr-contract does with its arguments before any command runs: each command has help of its
 * own, and an argument or option a command does not read is refused, naming it, instead of being
 * ignored in silence (a `--spec` given to diff, a stray word after mock). In process: nothing here
 * is about the process boundary.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { COMMAND_USAGE } from '../cli/commands/usage.js';
import { emrContract } from './support/cli.js';

const COMMANDS = Object.keys(COMMAND_USAGE) as (keyof typeof COMMAND_USAGE)[];

describe('help', () => {
  it.each(COMMANDS)('%s --help prints the usage of that command, naming every option it reads', async (name) => {
    const result = await emrContract(name, '--help');
    expect({ status: result.status, first: result.stdout.split('\n')[0] }).toEqual({ status: 0, first: expect.stringMatching(new RegExp(`^usage: emr-contract ${name}\\b`)) });
    for (const option of COMMAND_USAGE[name].options) expect(result.stdout, `--${option}`).toContain(`--${option}`);
  });

  it('help <command> is the same as <command> --help', async () => {
    expect((await emrContract('help', 'check')).stdout).toBe((await emrContract('check', '--help')).stdout);
  });

  it('help alone, and no command at all, print the overview with exit 0, naming --releases', async () => {
    const [help, bare] = await Promise.all([emrContract('help'), emrContract()]);
    expect({ status: help.status, stdout: help.stdout }).toEqual({ status: 0, stdout: bare.stdout });
    expect(help.stdout).toContain('--releases');
  });
});

describe('arguments a command does not read', () => {
  it.each<[string[], string]>([
    [['bogus'], 'no command bogus; the commands are generate, check, diff, mock, verify'],
    [['mock', 'extra'], 'mock takes no arguments, but was given extra too'],
    [['diff', 'a.yaml', 'b.yaml', 'c.yaml'], 'diff takes 2 arguments, but was given c.yaml too'],
    [['diff', 'a.yaml', 'b.yaml', '--spec', 'x.yaml'], 'diff does not take --spec'],
    [['generate', '--port', '3'], 'generate does not take --port'],
    [['verify', '--base-url', 'http://127.0.0.1:9', '--strict'], 'verify does not take --strict'],
  ])('%j is a usage error naming what is extra', async (argv, message) => {
    const result = await emrContract(...argv);
    expect({ status: result.status, stderr: result.stderr }).toEqual({ status: 2, stderr: expect.stringContaining(message) });
    expect(result.stdout).toBe('');
  });
});

describe('a refused spec', () => {
  it('is named, and said to have left nothing written by generate alone, the one command that writes', async () => {
    const spec = join(mkdtempSync(join(tmpdir(), 'cli-args-')), 'bare.openapi.yaml');
    writeFileSync(spec, 'openapi: 3.1.0\n');
    const named = relative(process.cwd(), spec);
    const results = await Promise.all([
      emrContract('generate', '--spec', spec, '--out', join(spec, '..', 'out')),
      emrContract('check', '--spec', spec),
      emrContract('mock', '--spec', spec, '--port', '0'),
      emrContract('verify', '--spec', spec, '--base-url', 'http://127.0.0.1:9'),
    ]);
    expect(results.map((result) => result.stderr.split('\n')[0])).toEqual([
      `The spec ${named} has 1 problem(s); nothing was written:`,
      `The spec ${named} has 1 problem(s):`,
      `The spec ${named} has 1 problem(s):`,
      `The spec ${named} has 1 problem(s):`,
    ]);
  });
});

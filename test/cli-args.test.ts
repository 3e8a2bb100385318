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

  it.each([[['--help']], [['-h']], [['--format', 'text']]])('%j without a command prints the overview with exit 0', async (argv) => {
    const [given, bare] = await Promise.all([emrContract(...argv), emrContract()]);
    expect({ status: given.status, stdout: given.stdout, stderr: given.stderr }).toEqual({ status: 0, stdout: bare.stdout, stderr: '' });
  });

  it('the overview names, for each option it lists, exactly the commands that take it', async () => {
    const { stdout } = await emrContract('--help');
    const named = (option: string) => stdout.match(new RegExp(`^ {2}--${option} <\\w+> +for ([a-z, ]+):`, 'm'))?.[1]?.split(', ');
    for (const option of ['spec', 'out']) expect(named(option), `--${option}`).toEqual(COMMANDS.filter((name) => (COMMAND_USAGE[name].options as readonly string[]).includes(option)));
  });
});

describe('options without a command', () => {
  it.each<[string[], string]>([
    [['--spec', 'x.yaml', '--out', 'y'], '--spec, --out'],
    [['--strict'], '--strict'],
    [['--out', 'y', '--format', 'text'], '--out'],
  ])('%j is a usage error naming the options and the commands', async (argv, options) => {
    const result = await emrContract(...argv);
    expect(result).toEqual({
      status: 2,
      stdout: '',
      stderr: `emr-contract: no command given for ${options}; name one of generate, check, diff, mock, verify (see emr-contract --help)\n`,
    });
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
    [['help', 'bogus'], 'no command bogus; the commands are generate, check, diff, mock, verify'],
    [['help', 'mock', 'extra'], 'help takes one command name, but was given mock extra; e.g. emr-contract help mock'],
  ])('%j is a usage error naming what is extra', async (argv, message) => {
    const result = await emrContract(...argv);
    expect({ status: result.status, stderr: result.stderr }).toEqual({ status: 2, stderr: expect.stringContaining(message) });
    expect(result.stdout).toBe('');
  });
});

describe('options as the parser reads them', () => {
  it.each<[string[], string]>([
    [['mock', '--host', '0.0.0.0'], 'mock does not take --host; it takes --spec, --port, --strict, --format (see emr-contract mock --help)'],
    [['diff', '-old.yaml', 'new.yaml'], "diff does not take -old.yaml; it takes --format, and an argument that starts with '-' goes after -- (see emr-contract diff --help)"],
    [['--sepc', 'x.yaml'], 'unknown option --sepc; the options are --spec, --out, --releases, --port, --strict, --base-url, --count, --seed, --timeout-ms, --format, --help (see emr-contract --help)'],
    [['mock', '--port', '-1'], '--port takes a value, but was followed by -1; write --port=-1 if that is the value (see emr-contract mock --help)'],
    [['verify', '--base-url', 'http://127.0.0.1:9', '--seed', '-5'], '--seed takes a value, but was followed by -5; write --seed=-5 if that is the value (see emr-contract verify --help)'],
    [['check', '--spec', '--out', 'y'], '--spec takes a value, but was followed by --out; write --spec=--out if that is the value (see emr-contract check --help)'],
    [['mock', '--port'], '--port takes a value, as in --port <n> (see emr-contract mock --help)'],
    [['mock', '--strict=yes'], '--strict takes no value; write --strict alone (see emr-contract mock --help)'],
    [['check', '--spec', 'a.yaml', '--spec', 'b.yaml'], '--spec is given twice; give it once (see emr-contract check --help)'],
  ])('%j is refused with a message of our own that says what to write', async (argv, message) => {
    expect(await emrContract(...argv)).toEqual({ status: 2, stdout: '', stderr: `emr-contract: ${message}\n` });
  });

  it.each([
    [['mock', '--port='], '--port takes a port number from 0 (any free port) to 65535, not an empty value'],
    [['verify', '--base-url=http://127.0.0.1:1', '--count='], '--count takes a whole number of at least 1, not an empty value'],
    // An unset variable in `--out "$OUT"`: the working folder would take the generated files.
    [['check', '--out='], '--out takes a folder, not an empty value; leave it out to use generated/'],
    [['generate', '--out', ''], '--out takes a folder, not an empty value; leave it out to use generated/'],
  ])('%j names the empty value it was given', async (argv, message) => {
    expect(await emrContract(...argv)).toEqual({ status: 2, stdout: '', stderr: `emr-contract: ${message}\n` });
  });

  // fetch refuses such a URL for every request, and the password would be printed into CI logs.
  it('refuses a --base-url holding a password, without printing it', async () => {
    const result = await emrContract('verify', '--base-url', 'http://ci:hunter2@127.0.0.1:9');
    expect(result).toEqual({ status: 2, stdout: '', stderr: expect.stringContaining('--base-url must not hold a user name or password') });
    expect(result.stderr).not.toContain('hunter2');
  });

  it('reads a value written --port=-1 as the value, so the range check answers', async () => {
    expect(await emrContract('mock', '--port=-1')).toEqual({ status: 2, stdout: '', stderr: 'emr-contract: --port takes a port number from 0 (any free port) to 65535, not -1\n' });
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

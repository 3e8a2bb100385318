import { format, parseArgs } from 'node:util';
import { GeneratorError, formatDiagnostics } from '../generator/diagnostics.js';
import { UsageError, type Command, type CommandContext } from './commands/context.js';
import { COMMAND_USAGE, type CommandName } from './commands/usage.js';

// Each command is loaded only when it runs: --help must not pay for TypeScript, Prism or Ajv.
const COMMANDS: Readonly<Record<CommandName, () => Promise<Command>>> = {
  generate: async () => (await import('./commands/generate.js')).generateCommand,
  check: async () => (await import('./commands/check.js')).checkCommand,
  diff: async () => (await import('./commands/diff.js')).diffCommand,
  mock: async () => (await import('./commands/mock.js')).mockCommand,
  verify: async () => (await import('./commands/verify.js')).verifyCommand,
};

const USAGE = `usage: emr-contract <command> [options]
  generate               validate the spec and regenerate the output folder (--out, default generated/)
  check                  the CI gate: spec valid, house rules, generated/ in sync, no unannounced breaking change (--releases)
  diff <old> <new>       classify every difference between two versions of the spec
  mock [--strict]        serve the spec with Prism on 127.0.0.1 (--port, default 4010; 0 for any free port)
  verify --base-url URL  check that a provider answers as the contract says (--count, --seed, --timeout-ms)
options: --spec <file>  --out <dir>  --format text|json; emr-contract <command> --help for one command
  Without --spec: the one spec/*.openapi.yaml in the working directory; mock and verify fall back
  to the IncreaseNodes contract installed with emr-increase-nodes-contract.`;

export interface CliRun {
  /** The arguments after the program name, as in `process.argv.slice(2)`. */
  readonly argv: readonly string[];
  /** Where a line of standard output goes. */
  readonly out: (line: string) => void;
  /** Where a line of standard error goes. */
  readonly err: (line: string) => void;
}

/**
 * One run of `emr-contract`, resolving with its exit code; it never rejects. An invalid spec or a
 * wrong argument is exit 2 with the message the user sees, in JSON when they asked for JSON.
 * Paths are read against the working directory of this process, as the CLI reads them.
 */
export async function runCli({ argv, out, err }: CliRun): Promise<number> {
  try {
    return await dispatch({ argv, out, err });
  } catch (error) {
    if (wantsJson(argv)) {
      out(JSON.stringify({ ok: false, error: describeError(error) }));
      return 2;
    }
    // Only generate writes, so only generate can promise that a refused spec left no partial output.
    err(errorText({ error, writes: commandOf(argv) === 'generate' }));
    return 2;
  }
}

async function dispatch({ argv, out, err }: CliRun): Promise<number> {
  const { positionals, values } = parseOptions(argv);
  const [given, ...rest] = positionals;
  // --format comes first: in JSON mode the usage, too, must be JSON.
  const chosen = values['format'] ?? 'text';
  if (chosen !== 'text' && chosen !== 'json') throw new UsageError(`--format takes text or json, not ${String(chosen)}`);
  const help = (usage: string) => {
    out(chosen === 'json' ? JSON.stringify({ ok: true, usage }) : usage);
    return 0;
  };
  if (given === undefined) return help(USAGE);
  if (given === 'help') {
    const [topic, ...more] = rest;
    if (topic === undefined) return help(USAGE);
    if (Object.hasOwn(COMMAND_USAGE, topic) && more.length === 0) return help(COMMAND_USAGE[topic as CommandName].usage);
  }
  if (!Object.hasOwn(COMMANDS, given)) throw new UsageError(`no command ${given}; the commands are ${Object.keys(COMMANDS).join(', ')} (see emr-contract --help)`);
  const name = given as CommandName;
  const { usage, options, positionals: taken } = COMMAND_USAGE[name];
  if (values['help'] === true) return help(usage);
  // An argument the command does not read would be ignored in silence: `mock extra`, `diff a b --spec x`.
  const unread = Object.keys(values).filter((option) => option !== 'format' && !(options as readonly string[]).includes(option));
  if (unread.length > 0) throw new UsageError(`${name} does not take ${unread.map((option) => `--${option}`).join(', ')}; see emr-contract ${name} --help`);
  if (rest.length > taken) throw new UsageError(`${name} takes ${taken === 0 ? 'no arguments' : `${taken} arguments`}, but was given ${rest.slice(taken).join(' ')} too; see emr-contract ${name} --help`);
  const context: CommandContext = { positionals: rest, options: values, format: chosen, out, err };
  const command = await COMMANDS[name]();
  return command(context);
}

function parseOptions(argv: readonly string[]) {
  try {
    return parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        spec: { type: 'string' },
        out: { type: 'string' },
        format: { type: 'string' },
        port: { type: 'string' },
        strict: { type: 'boolean' },
        'base-url': { type: 'string' },
        count: { type: 'string' },
        seed: { type: 'string' },
        'timeout-ms': { type: 'string' },
        releases: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    throw new UsageError(`${(error as Error).message}; see emr-contract --help`);
  }
}

/** The command named on the command line, read as parseArgs reads it, or undefined when the line does not parse. */
function commandOf(argv: readonly string[]): string | undefined {
  try {
    return parseOptions(argv).positionals[0];
  } catch {
    return undefined;
  }
}

/** Whether the caller asked for JSON, read without the parser, so even a usage error answers in JSON. */
function wantsJson(argv: readonly string[]): boolean {
  // The last --format wins, as it does for parseArgs.
  let format: string | undefined;
  argv.forEach((arg, i) => {
    if (arg.startsWith('--format=')) format = arg.slice('--format='.length);
    else if (arg === '--format') format = argv[i + 1];
  });
  return format === 'json';
}

/** "The spec [document] has N problem(s)", as the text and the JSON modes both say it. */
function specProblems(error: GeneratorError): string {
  return `The spec${error.document === undefined ? '' : ` ${error.document}`} has ${error.diagnostics.length} problem(s)`;
}

/** What a failure reads as on standard error; anything unexpected as console.error would show it. */
function errorText({ error, writes }: { error: unknown; writes: boolean }): string {
  if (error instanceof GeneratorError) return `${specProblems(error)}${writes ? '; nothing was written' : ''}:\n${formatDiagnostics(error.diagnostics)}`;
  if (error instanceof UsageError) return `emr-contract: ${error.message}`;
  return format(error);
}

function describeError(error: unknown): { kind: string; message: string; document?: string; diagnostics?: readonly unknown[] } {
  if (error instanceof GeneratorError) {
    return { kind: 'invalid-spec', message: specProblems(error), ...(error.document === undefined ? {} : { document: error.document }), diagnostics: error.diagnostics };
  }
  if (error instanceof UsageError) return { kind: 'usage', message: error.message };
  return { kind: 'internal', message: error instanceof Error ? error.message : String(error) };
}
